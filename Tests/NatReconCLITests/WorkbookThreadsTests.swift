import Foundation
import NatReconTestSupport
import Testing

/// Committee workbooks are written on two threads, each taking whole committees in order;
/// `NATRECON_WORKBOOK_THREADS=1` is the single-thread reference path. Both must give the
/// same files byte for byte (the zip container included: its times are fixed), and the
/// same manifest, on dirty generated data with many committees, data issues and positive
/// tubes.
@Suite struct WorkbookThreadsTests {
  @Test func twoThreadsWriteTheSameWorkbooksAsOne() throws {
    let dir = try CLIRunner.makeTemporaryDirectory(prefix: "natrecon-wbthreads")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let generated = try CLIRunner.run(
      ["generate", "--residents", "6000", "--days", "2", "--seed", "12", "--out", "data"], in: dir)
    #expect(generated.exitCode == 0, "\(generated.stderr)")

    var workbooks: [String: [String: Data]] = [:]
    var manifests: [String: Data] = [:]
    for threads in ["1", "2"] {
      let run = try CLIRunner.run(
        ["run", "data/pipeline.yml", "--format", "csv,xlsx", "--out", "out-\(threads)"], in: dir,
        environment: ["NATRECON_WORKBOOK_THREADS": threads])
      #expect(run.exitCode == 0 || run.exitCode == 3, "\(run)")
      let folder = dir + "/out-\(threads)/latest/committees"
      let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      workbooks[threads] = Dictionary(
        uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })
      // The manifest lists the workbooks in committee order, with their digests.
      let manifest = try String(contentsOfFile: dir + "/out-\(threads)/latest/manifest.json", encoding: .utf8)
      manifests[threads] = Data(
        manifest.split(separator: "\n").filter { $0.contains("\"path\": \"committees/") }.joined(separator: "\n").utf8)
    }
    let one = try #require(workbooks["1"])
    #expect(one.count >= 6, "the data must hold several committees for this test to mean anything: \(one.keys)")
    #expect(one.keys.sorted() == workbooks["2"]?.keys.sorted())
    for (name, bytes) in one {
      #expect(bytes == workbooks["2"]?[name], "\(name) differs between one and two threads")
    }
    #expect(manifests["1"] == manifests["2"])
    #expect(manifests["1"]?.isEmpty == false)
  }
}
