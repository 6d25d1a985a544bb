import Foundation
import NatReconGenerator
import NatReconPipeline
import NatReconTestSupport
import Testing

/// SPEC §8 accounting: for every input file, `rows = rows_used + rows_rejected +
/// rows_after_as_of`, and the rejected rows are exactly the records with an
/// error-severity issue — on dirty generated data and on every fixture.
@Suite struct AccountingTests {
  static func check(pipeline: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let tmp = TemporaryDirectory()
    var spec = try PipelineSpec.load(path: pipeline)
    var o = PipelineOverrides()
    o.out = tmp.path + "/out"
    o.formats = ["csv"]
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    let manifest = try #require(FileManager.default.contents(atPath: outcome.folder + "/manifest.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
    let inputs = try #require(json["inputs"] as? [[String: Any]])
    let issues = String(
      decoding: FileManager.default.contents(atPath: outcome.folder + "/data_issues.csv") ?? Data(), as: UTF8.self)
    // (file, line) of every record with an error, counted once per record.
    var rejectedLines: [String: Set<String>] = [:]
    for line in issues.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      // The severity column (messages with commas are quoted, so look for the exact field).
      guard fields.contains("error") else { continue }
      rejectedLines[String(fields[0]), default: []].insert(String(fields[1]))
    }
    for input in inputs {
      let path = input["path"] as? String ?? "?"
      let rows = input["rows"] as? Int ?? -1
      let used = input["rows_used"] as? Int ?? 0
      let rejected = input["rows_rejected"] as? Int ?? 0
      let after = input["rows_after_as_of"] as? Int ?? 0
      #expect(
        rows == used + rejected + after, "\(path): \(rows) ≠ \(used) + \(rejected) + \(after)",
        sourceLocation: sourceLocation)
      #expect(rejected == rejectedLines[path, default: []].count, "\(path)", sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: [7, 8] as [UInt64])
  func dirtyGeneratedData(seed: UInt64) throws {
    let tmp = TemporaryDirectory()
    let report = try Generator.generate(
      GeneratorOptions(residents: 600, days: 3, seed: seed, outputDirectory: tmp.path + "/data"))
    try Self.check(pipeline: report.pipelinePath)
  }

  @Test func sampleAndAcceptanceFixtures() throws {
    try Self.check(pipeline: Fixtures.packageRoot + "/pipelines/sample.yml")
    try Self.check(pipeline: Fixtures.acceptance("small/pipeline.yml"))
  }

  @Test func everyBadInputFixture() throws {
    let codes = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("bad/codes")).sorted()
    #expect(codes.count >= 12)
    for name in codes {
      let tmp = TemporaryDirectory()
      let isRoster = name.hasPrefix("duplicate_resident")
      let pipeline = tmp.write(
        "pipeline.yml",
        """
        as_of: "2022-04-03 22:00"
        max_reject_rate: 1
        inputs:
          roster: {files: ["\(isRoster ? Fixtures.path("bad/codes/\(name)") : Fixtures.path("bad/roster.csv"))"]}
          tests: {files: ["\(isRoster ? Fixtures.path("bad/tests.csv") : Fixtures.path("bad/codes/\(name)"))"], encoding: \(name.hasPrefix("bad_encoding") ? "utf-8" : "auto")}
        """)
      try Self.check(pipeline: pipeline)
    }
  }
}
