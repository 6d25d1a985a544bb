import Foundation
import NatReconTestSupport
import Testing

/// The tube scan reads the probe's scratch files, or — when one could not be written —
/// parses the exports again (forced here with `NATRECON_TUBE_SCAN=reparse`). Both paths
/// must give the same files, on dirty generated data with positive tubes, unmatched
/// members and several exports (one gzipped).
@Suite struct TubeScanPathTests {
  @Test func scratchFilesAndReparsingGiveTheSameReports() throws {
    let dir = try CLIRunner.makeTemporaryDirectory(prefix: "natrecon-tubescan")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let generated = try CLIRunner.run(
      ["generate", "--residents", "5000", "--days", "3", "--seed", "7", "--out", "data", "--gzip"], in: dir)
    #expect(generated.exitCode == 0, "\(generated.stderr)")

    var outputs: [String: [String: Data]] = [:]
    for mode in ["scratch", "reparse"] {
      let environment = mode == "reparse" ? ["NATRECON_TUBE_SCAN": "reparse"] : [:]
      let run = try CLIRunner.run(
        ["run", "data/pipeline.yml", "--format", "csv", "--out", "out-\(mode)"], in: dir, environment: environment)
      #expect(run.exitCode == 0 || run.exitCode == 3, "\(run.stderr)")
      let folder = dir + "/out-\(mode)/latest"
      let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }
      outputs[mode] = Dictionary(
        uniqueKeysWithValues: try names.map {
          ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        })
      // Scratch files are never published; without `xlsx`, no empty committees/ either.
      let all = try FileManager.default.contentsOfDirectory(atPath: folder)
      #expect(!all.contains { $0.hasPrefix(".tube-spill") }, "\(all)")
      #expect(!all.contains("committees"), "\(all)")
    }
    let scratch = try #require(outputs["scratch"])
    #expect(scratch.count == 8)
    #expect(scratch == outputs["reparse"])

    let tubes = String(decoding: scratch["positive_tubes.csv"] ?? Data(), as: UTF8.self)
    let rows = tubes.split(separator: "\n").dropFirst()
    #expect(rows.count >= 10, "the data must hold positive tubes for this test to mean anything")
    #expect(rows.contains { $0.contains(",false,") }, "and unmatched members")
  }
}
