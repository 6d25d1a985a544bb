import Foundation
import NatReconTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// SPEC §4's atomic-output rule under SIGKILL, and the output lock: no run can lose or
/// corrupt the last good reports.
@Suite(.serialized) struct CrashSafetyTests {
  /// Starts `natrecon run` paused at `point` and returns once it says so.
  static func startPaused(at point: String, pipeline: String, in dir: String, asOf: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try CLIRunner.binaryPath())
    process.arguments = ["run", pipeline, "--as-of", asOf]
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    var environment = ProcessInfo.processInfo.environment
    environment["NATRECON_PAUSE_AT"] = point
    process.environment = environment
    let stderr = Pipe()
    process.standardError = stderr
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait for "paused <point>" (the run holds the lock and its temporary folder now).
    var seen = Data()
    let deadline = Date().addingTimeInterval(30)
    while !String(decoding: seen, as: UTF8.self).contains("paused \(point)") && Date() < deadline {
      seen += stderr.fileHandleForReading.availableData
    }
    #expect(String(decoding: seen, as: UTF8.self).contains("paused \(point)"))
    return process
  }

  static func makeRun() throws -> TemporaryDirectory {
    let dir = TemporaryDirectory("natrecon-crash")
    dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      inputs:
        roster: {files: ["\(Fixtures.acceptance("small/input/roster.csv.gz"))"]}
        tests: {files: ["\(Fixtures.acceptance("small/input/tests"))/*.csv.gz"], result_map: {"1": negative, "2": positive, "99": pending}}
      outputs: {dir: out, formats: [csv, xlsx]}
      """)
    let first = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(first.exitCode == 0, "\(first)")
    return dir
  }

  @Test(arguments: ["ingest", "reports", "publish"])
  func killedRunLeavesTheLastGoodReports(point: String) throws {
    let dir = try Self.makeRun()
    let before = dir.read("out/latest/residents.csv")
    let run = try Self.startPaused(at: point, pipeline: "pipeline.yml", in: dir.path, asOf: "2022-04-03 23:00")
    kill(run.processIdentifier, SIGKILL)
    run.waitUntilExit()
    #expect(run.terminationReason == .uncaughtSignal)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest") == "20220403-220000")
    #expect(dir.read("out/latest/residents.csv") == before)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/20220403-230000"))

    // The next run succeeds and removes what the killed one left behind.
    let next = try CLIRunner.run(["run", "pipeline.yml", "--as-of", "2022-04-03 23:00"], in: dir.path)
    #expect(next.exitCode == 0, "\(next)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest") == "20220403-230000")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
    #expect(names.filter { $0.hasPrefix(".tmp-") || $0.hasPrefix(".old-") || $0.hasPrefix(".latest-") }.isEmpty, "\(names)")
    #expect(dir.read("out/20220403-220000/residents.csv") == before)
  }

  @Test func secondRunOnTheSameOutputRefusesWhileTheFirstHoldsTheLock() throws {
    let dir = try Self.makeRun()
    let first = try Self.startPaused(at: "reports", pipeline: "pipeline.yml", in: dir.path, asOf: "2022-04-03 23:00")
    defer {
      kill(first.processIdentifier, SIGKILL)
      first.waitUntilExit()
    }
    let second = try CLIRunner.run(["run", "pipeline.yml", "--as-of", "2022-04-03 23:30"], in: dir.path)
    #expect(second.exitCode == 1, "\(second)")
    #expect(second.stderr.contains("lock"), "\(second)")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/20220403-233000"))
  }
}
