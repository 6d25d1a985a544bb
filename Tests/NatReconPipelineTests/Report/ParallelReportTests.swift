import Foundation
import NatReconGenerator
import NatReconIO
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// The report stage sums the aggregates' household tallies on a thread of their own,
/// writes households.csv and summary.csv on a thread of their own while the residents
/// pass runs, and formats residents.csv on two threads, batch about
/// (`ReportStage.tablesOnThread`). Every machine file must be byte for byte what the
/// single-thread reference writes, and the manifest must list the same outputs in the
/// same order; also when the roster's batches are 1 or 7 records (many pairs, a file
/// ending on a lone batch, pairs that hold only duplicates or rejected rows).
@Suite struct ParallelReportTests {
  static func outputs(pipeline: String, onThread: Bool, batchRecords: Int = 1024, in tmp: TemporaryDirectory)
    throws -> [String: Data]
  {
    let keep: (String) -> Bool = { $0.hasSuffix(".csv") || $0 == "manifest.json" }
    return try RunFiles.read(pipeline: pipeline, out: tmp.path + "/out-\(onThread)-\(batchRecords)", include: keep) {
      $0.reportTablesOnThread = onThread
      $0.readAhead.batchRecords = batchRecords
    }
  }

  /// The manifest's `outputs` entries (paths, rows, digests), which must not depend on
  /// the thread the files were written on.
  static func manifestOutputs(_ data: Data?) throws -> [[String: AnyHashable]] {
    let json = try #require(try JSONSerialization.jsonObject(with: data ?? Data()) as? [String: Any])
    return try #require(json["outputs"] as? [[String: AnyHashable]])
  }

  static func expectSameOutputs(
    pipeline: String, batchRecords: Int = 1024, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> [String: Data] {
    let tmp = TemporaryDirectory()
    let reference = try outputs(pipeline: pipeline, onThread: false, in: tmp)
    let parallel = try outputs(pipeline: pipeline, onThread: true, batchRecords: batchRecords, in: tmp)
    #expect(reference.count == 9, sourceLocation: sourceLocation)
    #expect(parallel.keys.sorted() == reference.keys.sorted(), sourceLocation: sourceLocation)
    for (name, data) in reference where name != "manifest.json" {
      #expect(
        parallel[name] == data, "\(name) differs when written on a thread of its own", sourceLocation: sourceLocation)
    }
    let paths = try manifestOutputs(reference["manifest.json"])
    #expect(try manifestOutputs(parallel["manifest.json"]) == paths, sourceLocation: sourceLocation)
    // Each machine file is hashed as it is written: the manifest's digest must be the
    // file's own.
    for entry in paths {
      let name = try #require(entry["path"] as? String)
      let file = try #require(parallel[name], "\(name) missing", sourceLocation: sourceLocation)
      let hex = file.withUnsafeBytes { bytes in
        let digest = SHA256()
        digest.update(bytes)
        return digest.finalizeHex()
      }
      #expect(entry["sha256"] as? String == hex, "\(name): manifest digest", sourceLocation: sourceLocation)
    }
    #expect(
      paths.compactMap { $0["path"] as? String } == MachineFile.allCases.map(\.name), sourceLocation: sourceLocation)
    return reference
  }

  @Test(arguments: [1024, 7, 1])
  func dirtyGeneratedData(batchRecords: Int) throws {
    let tmp = TemporaryDirectory()
    let report = try Generator.generate(
      GeneratorOptions(residents: 3000, days: 3, seed: 10, outputDirectory: tmp.path + "/data"))
    let files = try Self.expectSameOutputs(pipeline: report.pipelinePath, batchRecords: batchRecords)
    // Both tables written on the thread must have rows for the comparison to mean anything.
    // So must residents.csv and the lists its pass collects on two threads.
    for (name, rows) in [
      ("households.csv", 100), ("summary.csv", 100), ("residents.csv", 2500), ("gaps.csv", 100), ("expiring.csv", 10),
    ] {
      #expect(String(decoding: files[name] ?? Data(), as: UTF8.self).split(separator: "\n").count > rows, "\(name)")
    }
  }

  @Test(arguments: [1024, 3])
  func acceptanceSet(batchRecords: Int) throws {
    _ = try Self.expectSameOutputs(pipeline: Fixtures.acceptance("small/pipeline.yml"), batchRecords: batchRecords)
  }
}
