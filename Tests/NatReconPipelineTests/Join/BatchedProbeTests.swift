import Foundation
import NatReconGenerator
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// The test probe loads the key-table slots of a run of records before looking them up
/// (`ProbeWorker.touchRun`). The batched probe must give exactly what the
/// one-record-at-a-time probe (a run of 1) gives: every machine file byte for byte, on
/// dirty generated data (unmatched IDs, other documents, name mismatches, positive
/// tubes, every data issue) and on the acceptance set.
@Suite struct BatchedProbeTests {
  /// The machine CSV files of a run with the given probe run length.
  static func outputs(pipeline: String, touchRun: Int, in tmp: TemporaryDirectory) throws -> [String: Data] {
    var spec = try PipelineSpec.load(path: pipeline)
    var o = PipelineOverrides()
    o.out = tmp.path + "/out-\(touchRun)"
    o.formats = ["csv"]
    try spec.apply(o)
    var runner = Runner(spec: spec, progress: ProgressLine(enabled: false))
    runner.probeTouchRun = touchRun
    let outcome = try runner.run()
    let names = try FileManager.default.contentsOfDirectory(atPath: outcome.folder).filter { $0.hasSuffix(".csv") }
    return Dictionary(
      uniqueKeysWithValues: names.map {
        ($0, FileManager.default.contents(atPath: outcome.folder + "/" + $0) ?? Data())
      })
  }

  static func expectSameOutputs(pipeline: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> [String: Data]
  {
    let tmp = TemporaryDirectory()
    let single = try outputs(pipeline: pipeline, touchRun: 1, in: tmp)
    #expect(single.count == 8, sourceLocation: sourceLocation)
    for touchRun in [7, ProbeWorker.defaultTouchRun] {
      let batched = try outputs(pipeline: pipeline, touchRun: touchRun, in: tmp)
      #expect(batched.keys.sorted() == single.keys.sorted(), sourceLocation: sourceLocation)
      for (name, data) in single {
        #expect(batched[name] == data, "\(name) differs with runs of \(touchRun)", sourceLocation: sourceLocation)
      }
    }
    return single
  }

  @Test func dirtyGeneratedData() throws {
    let tmp = TemporaryDirectory()
    let report = try Generator.generate(
      GeneratorOptions(residents: 3000, days: 3, seed: 10, outputDirectory: tmp.path + "/data"))
    let files = try Self.expectSameOutputs(pipeline: report.pipelinePath)
    // The data must reach every branch of the second pass for the test to mean anything.
    let issues = String(decoding: files["data_issues.csv"] ?? Data(), as: UTF8.self)
    #expect(issues.contains("name_mismatch"))
    #expect(issues.contains("id_checksum"))
    let unmatched = String(decoding: files["unmatched_tests.csv"] ?? Data(), as: UTF8.self)
    #expect(unmatched.split(separator: "\n").count > 10)
    let tubes = String(decoding: files["positive_tubes.csv"] ?? Data(), as: UTF8.self)
    #expect(tubes.split(separator: "\n").count > 2)
  }

  @Test func acceptanceSet() throws {
    _ = try Self.expectSameOutputs(pipeline: Fixtures.acceptance("small/pipeline.yml"))
  }
}
