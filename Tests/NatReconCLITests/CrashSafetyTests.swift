import Foundation
import NatReconSQLite
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
    // Not in the history either.
    let history = try CLIRunner.run(["history", "out", "--level", "total"], in: dir.path)
    #expect(history.exitCode == 0, "\(history)")
    #expect(history.stdout.split(separator: "\n").dropFirst().map { $0.prefix(15) } == ["20220403-220000"])

    // The next run succeeds and removes what the killed one left behind.
    let next = try CLIRunner.run(["run", "pipeline.yml", "--as-of", "2022-04-03 23:00"], in: dir.path)
    #expect(next.exitCode == 0, "\(next)")
    let both = try CLIRunner.run(["history", "out", "--level", "total"], in: dir.path)
    #expect(
      both.stdout.split(separator: "\n").dropFirst().map { $0.prefix(15) } == ["20220403-220000", "20220403-230000"])
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest") == "20220403-230000")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
    #expect(
      names.filter { $0.hasPrefix(".tmp-") || $0.hasPrefix(".old-") || $0.hasPrefix(".latest-") }.isEmpty, "\(names)")
    #expect(dir.read("out/20220403-220000/residents.csv") == before)
  }

  /// The run's summary rows go into the history during the report stage, in a
  /// transaction committed only after publishing (`HistoryDraft`): paused just before
  /// publishing, the run holds the history's write lock, readers see the earlier run
  /// alone, and once it goes on the run is recorded.
  @Test func theHistoryTransactionOpensDuringTheReportsAndCommitsAfterPublishing() throws {
    let dir = try Self.makeRun()
    let run = try Self.startPaused(at: "publish", pipeline: "pipeline.yml", in: dir.path, asOf: "2022-04-03 23:00")
    do {
      let writer = try SQLiteDatabase(path: dir.path + "/out/history.sqlite", busyMilliseconds: 0)
      #expect(throws: SQLiteError.self) { try writer.execute("BEGIN IMMEDIATE") }
    }
    let during = try CLIRunner.run(["history", "out", "--level", "total"], in: dir.path)
    #expect(during.exitCode == 0, "\(during)")
    #expect(during.stdout.split(separator: "\n").dropFirst().map { $0.prefix(15) } == ["20220403-220000"])
    kill(run.processIdentifier, SIGUSR1)
    run.waitUntilExit()
    #expect(run.terminationStatus == 0)
    let after = try CLIRunner.run(["history", "out", "--level", "total"], in: dir.path)
    #expect(
      after.stdout.split(separator: "\n").dropFirst().map { $0.prefix(15) } == ["20220403-220000", "20220403-230000"])
    // What the run recorded is what a rebuild from the run folders records.
    let recorded = try CLIRunner.run(["history", "out"], in: dir.path)
    let rebuilt = try CLIRunner.run(["history", "out", "--rebuild"], in: dir.path)
    #expect(rebuilt.exitCode == 0, "\(rebuilt)")
    let again = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(again.stdout == recorded.stdout)
    #expect(recorded.stdout.split(separator: "\n").count > 10)
  }

  @Test func rosterChangedAfterTheRosterStageFailsTheRunAndPublishesNothing() throws {
    // A larger generated roster (the second pass reads it again for residents.csv);
    // the run pauses after the roster stage (NATRECON_PAUSE_AT=ingest), the export is
    // appended to, SIGUSR1 lets the run go on (SPEC §6).
    let dir = TemporaryDirectory("natrecon-changed")
    var roster = "证件号码,姓名,居委会,楼号,室号\n"
    for i in 0..<20_000 { roster += "P\(100_000 + i),居民\(i),一村,\(i % 50)号,\(i % 400)\n" }
    dir.write("roster.csv", roster)
    dir.write("tests.csv", "证件号码,采样时间,检测结果\nP100000,2022-04-03 08:00,阴性\n")
    dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: [tests.csv]}
      outputs: {dir: out, formats: [csv]}
      """)
    let first = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(first.exitCode == 0, "\(first)")
    let before = dir.read("out/latest/residents.csv")

    let run = try Self.startPaused(at: "ingest", pipeline: "pipeline.yml", in: dir.path, asOf: "2022-04-03 23:00")
    let handle = try #require(FileHandle(forWritingAtPath: dir.path + "/roster.csv"))
    handle.seekToEndOfFile()
    handle.write(Data("P999999,新人,一村,1号,101\n".utf8))
    handle.closeFile()
    kill(run.processIdentifier, SIGUSR1)
    run.waitUntilExit()
    let stderr = String(
      decoding: (run.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data(), as: UTF8.self)
    #expect(run.terminationStatus == 1, "\(stderr)")
    #expect(stderr.contains("roster.csv: the file changed while the run read it"), "\(stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest") == "20220403-220000")
    #expect(dir.read("out/latest/residents.csv") == before)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/20220403-230000"))
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
    #expect(names.filter { $0.hasPrefix(".tmp-") }.isEmpty, "\(names)")
  }

  @Test func secondRunOnTheSameOutputRefusesWhileTheFirstHoldsTheLock() throws {
    let dir = try Self.makeRun()
    let first = try Self.startPaused(at: "reports", pipeline: "pipeline.yml", in: dir.path, asOf: "2022-04-03 23:00")
    defer {
      kill(first.processIdentifier, SIGKILL)
      first.waitUntilExit()
    }
    let second = try CLIRunner.run(
      ["run", "pipeline.yml", "--as-of", "2022-04-03 23:30", "--wait", "0.2"], in: dir.path)
    // SPEC §6: 75 (EX_TEMPFAIL) so cron can retry; an flock is never stale, so the
    // message must not suggest deleting the lock file.
    #expect(second.exitCode == 75, "\(second)")
    #expect(second.stderr.contains("another natrecon run holds the output lock (waited 0.2 s)"), "\(second)")
    #expect(!second.stderr.contains("remove"), "\(second)")
    #expect(second.stderr.split(separator: "\n").count == 1, "\(second)")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/20220403-233000"))
  }

  @Test(arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")])
  func interruptedRunRemovesItsTemporaryFolderAndExits128PlusSignal(signal: Int32, name: String) throws {
    let dir = try Self.makeRun()
    let before = dir.read("out/latest/residents.csv")
    let run = try Self.startPaused(at: "reports", pipeline: "pipeline.yml", in: dir.path, asOf: "2022-04-03 23:00")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
    #expect(names.contains { $0.hasPrefix(".tmp-") }, "\(names)")  // the run's own
    kill(run.processIdentifier, signal)
    run.waitUntilExit()
    let stderr = String(
      decoding: (run.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data(), as: UTF8.self)
    #expect(run.terminationReason == .exit)
    #expect(run.terminationStatus == 128 + signal, "\(stderr)")
    let lines = stderr.split(separator: "\n")
    #expect(lines == ["natrecon: interrupted (\(name)); temporary folder removed, nothing was replaced"], "\(stderr)")
    let after = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
    #expect(after.filter { $0.hasPrefix(".tmp-") }.isEmpty, "\(after)")
    #expect(!after.contains("20220403-230000"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest") == "20220403-220000")
    #expect(dir.read("out/latest/residents.csv") == before)
  }
}
