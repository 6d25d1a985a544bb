import Foundation
import NatReconSQLite
import NatReconTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// SPEC §4 (latest, keep_runs, History) and §6 (exit 4) through the built binary: night
/// after night on one output folder.
@Suite struct HistoryCLITests {
  /// A pipeline on the acceptance inputs (newest used sample 2022-04-03 19:29:29).
  static func makeDir(extra: String = "", outputs: String = "") -> TemporaryDirectory {
    let dir = TemporaryDirectory("natrecon-history")
    dir.write(
      "pipeline.yml",
      """
      name: nightly
      as_of: "2022-04-03 22:00"
      \(extra)
      inputs:
        roster: {files: ["\(Fixtures.acceptance("small/input/roster.csv.gz"))"]}
        tests: {files: ["\(Fixtures.acceptance("small/input/tests"))/*.csv.gz"], result_map: {"1": negative, "2": positive, "99": pending}}
      outputs: {dir: out, formats: [csv]\(outputs)}
      """)
    return dir
  }

  @discardableResult
  static func run(_ dir: TemporaryDirectory, asOf: String, _ more: [String] = [], environment: [String: String] = [:])
    throws -> CLIResult
  {
    try CLIRunner.run(["run", "pipeline.yml", "--as-of", asOf] + more, in: dir.path, environment: environment)
  }

  static func latest(_ dir: TemporaryDirectory) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest")
  }

  static func folders(_ dir: TemporaryDirectory) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")) ?? []).filter {
      $0.first?.isNumber == true
    }.sorted()
  }

  /// What `natrecon history` must print for these run folders: each summary.csv's rows
  /// behind the run's ID and T, oldest first.
  static func expectedHistory(_ dir: TemporaryDirectory, runs: [(id: String, asOf: String)]) throws -> String {
    var lines = [
      "run_id,as_of,level,district,street,committee,compound,building,residents,eligible,tested,untested,coverage,cert_rate,cert_valid,households,households_complete,positive"
    ]
    for run in runs {
      let summary = String(decoding: try #require(dir.read("out/\(run.id)/summary.csv")), as: UTF8.self)
      for line in summary.split(separator: "\n").dropFirst() { lines.append("\(run.id),\(run.asOf),\(line)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static let nights = [
    (id: "20220403-200000", asOf: "2022-04-03 20:00:00"), (id: "20220403-210000", asOf: "2022-04-03 21:00:00"),
    (id: "20220403-220000", asOf: "2022-04-03 22:00:00"),
  ]

  @Test func threeRunsAndARerunAreRecordedOnceEachAndPrintAsTheirSummaries() throws {
    let dir = Self.makeDir()
    for night in Self.nights {
      let r = try Self.run(dir, asOf: night.asOf)
      #expect(r.exitCode == 0, "\(r)")
    }
    let rerun = try Self.run(dir, asOf: "2022-04-03 22:00")
    #expect(rerun.exitCode == 0, "\(rerun)")
    let history = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(history.exitCode == 0, "\(history)")
    #expect(history.stdout == (try Self.expectedHistory(dir, runs: Self.nights)))
    let db = try SQLiteDatabase(path: dir.path + "/out/history.sqlite", readOnly: true)
    #expect(
      try db.rows("SELECT run_id, status, exit_status FROM runs ORDER BY run_id")
        == Self.nights.map {
          [.text($0.id), .text("ok"), .int(0)]
        })
    #expect(try db.scalar("PRAGMA journal_mode") == .text("wal"))
    #expect(try db.scalar("SELECT count(*) FROM run_inputs WHERE run_id = '20220403-220000'") == .int(4))
    #expect(Self.latest(dir) == "20220403-220000")

    // Filters: one level, the last run, one committee.
    let committee = try CLIRunner.run(
      ["history", "out", "--level", "committee", "--last", "2", "--committee", "建国四村居委会"], in: dir.path)
    #expect(committee.exitCode == 0, "\(committee)")
    let rows = committee.stdout.split(separator: "\n").dropFirst()
    #expect(rows.count == 2)
    #expect(rows.allSatisfy { $0.contains(",committee,") && $0.contains("建国四村居委会") })
    #expect(rows.first?.hasPrefix("20220403-210000,") == true)
    let district = try CLIRunner.run(["history", "out", "--level", "total", "--last", "1"], in: dir.path)
    #expect(district.stdout.split(separator: "\n").count == 2)

    // --rebuild reproduces the same rows.
    let rebuilt = try CLIRunner.run(["history", "out", "--rebuild"], in: dir.path)
    #expect(rebuilt.exitCode == 0, "\(rebuilt)")
    #expect(rebuilt.stdout == history.stdout)
    #expect(rebuilt.stderr.contains("rebuilt from 3 run folders"))
  }

  @Test func anEarlierAsOfPublishesItsFolderAndLeavesLatest() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 22:00")
    let audit = try Self.run(dir, asOf: "2022-04-03 20:00")
    #expect(audit.exitCode == 0, "\(audit)")
    #expect(Self.latest(dir) == "20220403-220000")
    #expect(Self.folders(dir) == ["20220403-200000", "20220403-220000"])
    #expect(audit.stderr.contains("earlier than latest (20220403-220000)"), "\(audit)")
  }

  @Test func aStaleNightExitsFourWithoutMovingLatest() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 22:00")
    // Two days on, no new export: the newest used sample is 50 hours old.
    let stale = try Self.run(dir, asOf: "2022-04-05 22:00")
    #expect(stale.exitCode == 4, "\(stale)")
    #expect(
      stale.stderr.contains(
        "newest used sample 2022-04-03 19:29:29 in \(Fixtures.acceptance("small/input/tests"))/2022-04-03.csv.gz"),
      "\(stale)")
    #expect(Self.latest(dir) == "20220403-220000")
    let manifest = try #require(dir.read("out/20220405-220000/manifest.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
    #expect(json["status"] as? String == "stale_inputs")
    #expect(json["exit_status"] as? Int == 4)
    #expect(json["newest_sample_time"] as? String == "2022-04-03 19:29:29")

    // max_input_age_hours: 0 turns the check off.
    let off = Self.makeDir(extra: "max_input_age_hours: 0")
    #expect(try Self.run(off, asOf: "2022-04-05 22:00").exitCode == 0)
    #expect(Self.latest(off) == "20220405-220000")
  }

  @Test func aStaleRerunOfLatestsRunWritesNothing() throws {
    let dir = Self.makeDir(extra: "max_input_age_hours: 3")
    try Self.run(dir, asOf: "2022-04-03 22:00")
    let before = try #require(dir.read("out/20220403-220000/manifest.json"))
    // Stale with a 1-hour limit: same T as latest's run, so nothing may be replaced.
    let dir2 = dir.path + "/pipeline.yml"
    let text = try String(contentsOfFile: dir2, encoding: .utf8).replacingOccurrences(
      of: "max_input_age_hours: 3", with: "max_input_age_hours: 1")
    try text.write(toFile: dir2, atomically: false, encoding: .utf8)
    let history = try CLIRunner.run(["history", "out"], in: dir.path)
    let stale = try Self.run(dir, asOf: "2022-04-03 22:00")
    #expect(stale.exitCode == 4, "\(stale)")
    #expect(stale.stderr.contains("nothing was written"), "\(stale)")
    #expect(dir.read("out/20220403-220000/manifest.json") == before)
    #expect(Self.latest(dir) == "20220403-220000")
    // Not recorded either: the first run's rows stand.
    let after = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(after.exitCode == 0, "\(after)")
    #expect(after.stdout == history.stdout)
    #expect(after.stdout == (try Self.expectedHistory(dir, runs: [Self.nights[2]])))
  }

  @Test func keepRunsKeepsTwoFoldersWhileTheHistoryKeepsAll() throws {
    let dir = Self.makeDir(outputs: ", keep_runs: 2")
    for night in Self.nights { try Self.run(dir, asOf: night.asOf) }
    let last = try Self.run(dir, asOf: "2022-04-03 23:00")
    #expect(last.exitCode == 0, "\(last)")
    #expect(Self.folders(dir) == ["20220403-220000", "20220403-230000"])
    #expect(last.stderr.contains("removed out/20220403-210000 (keep_runs 2)"), "\(last)")
    let history = try CLIRunner.run(["history", "out", "--level", "total"], in: dir.path)
    #expect(history.stdout.split(separator: "\n").count == 5, "\(history)")
    // An audit run at an earlier T is itself beyond the two greatest: removed at once,
    // but latest's folder never is.
    let audit = try Self.run(dir, asOf: "2022-04-03 19:00")
    #expect(audit.exitCode == 0, "\(audit)")
    #expect(Self.folders(dir) == ["20220403-220000", "20220403-230000"])
    #expect(Self.latest(dir) == "20220403-230000")
  }

  @Test func recordingTheHistoryIsTheSummarysLastStageButNotTheManifests() throws {
    let dir = Self.makeDir()
    let run = try Self.run(dir, asOf: "2022-04-03 20:00")
    #expect(run.exitCode == 0, "\(run)")
    let stages = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("  stages:") })
    #expect(stages.contains("digests (wait) "), "\(stages)")
    #expect(stages.contains(", history "), "\(stages)")
    let last = try #require(stages.split(separator: ";").first?.split(separator: ",").last)
    #expect(last.hasPrefix(" history "), "\(stages)")
    // The aggregates are computed on the report stage's tables thread: listed before
    // "reports" (whose seconds include them), after the stages that come before.
    let names = try #require(stages.split(separator: ";").first).dropFirst("  stages:".count).split(separator: ",").map
    {
      $0.split(separator: " ").dropLast().joined(separator: " ")
    }
    #expect(Array(names.prefix(5)) == ["roster", "tests", "tubes", "aggregate", "reports"], "\(stages)")
    // The manifest is written before publishing, so it cannot hold the history's time.
    let manifest = String(decoding: try #require(dir.read("out/20220403-200000/manifest.json")), as: UTF8.self)
    #expect(manifest.contains("\"stages_seconds\""))
    #expect(!manifest.contains("\"history\""), "\(manifest)")
  }

  @Test func aCorruptHistoryLeavesTheRunPublishedAndRebuildRepairsIt() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 20:00")
    let path = dir.path + "/out/history.sqlite"
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    dir.write("out/history.sqlite", String(repeating: "not a database\n", count: 300))
    let run = try Self.run(dir, asOf: "2022-04-03 21:00")
    #expect(run.exitCode == 1, "\(run)")
    #expect(Self.latest(dir) == "20220403-210000")
    let lines = run.stderr.split(separator: "\n").filter { $0.contains("history") && !$0.hasPrefix("  stages:") }
    #expect(lines.count == 1, "\(run)")
    #expect(lines.first?.contains("history not recorded, the run folder stands") == true)
    #expect(lines.first?.contains("history.sqlite") == true)
    let broken = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(broken.exitCode == 1, "\(broken)")
    let rebuilt = try CLIRunner.run(["history", "out", "--rebuild"], in: dir.path)
    #expect(rebuilt.exitCode == 0, "\(rebuilt)")
    #expect(rebuilt.stdout == (try Self.expectedHistory(dir, runs: Array(Self.nights.prefix(2)))))
  }

  @Test func aLockedHistoryFailsTheRecordingAndTheNextRunCatchesUp() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 20:00")
    do {
      let holder = try SQLiteDatabase(path: dir.path + "/out/history.sqlite")
      try holder.execute("BEGIN EXCLUSIVE")
      let run = try Self.run(dir, asOf: "2022-04-03 21:00", environment: ["NATRECON_HISTORY_BUSY_MS": "20"])
      #expect(run.exitCode == 1, "\(run)")
      #expect(run.stderr.contains("history not recorded"), "\(run)")
      #expect(run.stderr.contains("locked"), "\(run)")
      #expect(Self.latest(dir) == "20220403-210000")
      try holder.execute("ROLLBACK")
    }
    let next = try Self.run(dir, asOf: "2022-04-03 22:00")
    #expect(next.exitCode == 0, "\(next)")
    #expect(next.stderr.contains("recorded earlier runs 20220403-210000"), "\(next)")
    let history = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(history.stdout == (try Self.expectedHistory(dir, runs: Self.nights)))
  }

  /// Root writes through file modes, so this runs only for an ordinary user.
  /// Read-only: for an ordinary user by permissions; root (CI) ignores those, so there the
  /// file is made immutable (`chattr +i`, which binds root too).
  @Test func aReadOnlyHistoryFailsTheRecordingOnly() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 20:00")
    let history = dir.path + "/out/history.sqlite"
    if getuid() == 0 {
      let lock = try CLIRunner.run(["+i", history], in: dir.path, binary: "/usr/bin/chattr")
      try #require(lock.exitCode == 0, "chattr +i: \(lock)")
    } else {
      chmod(history, 0o444)
      chmod(dir.path + "/out", 0o555)
    }
    defer {
      if getuid() == 0 {
        _ = try? CLIRunner.run(["-i", history], in: dir.path, binary: "/usr/bin/chattr")
      } else {
        chmod(dir.path + "/out", 0o755)
      }
    }
    let run = try Self.run(dir, asOf: "2022-04-03 21:00")
    #expect(run.exitCode == 1, "\(run)")
    #expect(run.stderr.contains("history not recorded"), "\(run)")
    #expect(
      run.stderr.split(separator: "\n").filter { $0.contains("history") && !$0.hasPrefix("  stages:") }.count == 1,
      "\(run)")
    #expect(FileManager.default.fileExists(atPath: dir.path + "/out/20220403-210000/summary.csv"))
  }

  @Test func aHistoryFromANewerNatreconIsRefusedAndLeftAlone() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 20:00")
    let path = dir.path + "/out/history.sqlite"
    do {
      let db = try SQLiteDatabase(path: path)
      try db.execute("PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE)")
    }
    let before = try #require(FileManager.default.contents(atPath: path))
    let run = try Self.run(dir, asOf: "2022-04-03 21:00")
    #expect(run.exitCode == 1, "\(run)")
    #expect(run.stderr.contains("written by a newer natrecon (history schema version 99"), "\(run)")
    let rebuild = try CLIRunner.run(["history", "out", "--rebuild"], in: dir.path)
    #expect(rebuild.exitCode == 1, "\(rebuild)")
    #expect(rebuild.stderr.contains("newer natrecon"), "\(rebuild)")
    #expect(FileManager.default.contents(atPath: path) == before)
  }

  @Test func unknownLevelAndBadLastAreUsageErrors() throws {
    let dir = Self.makeDir()
    let level = try CLIRunner.run(["history", "out", "--level", "city"], in: dir.path)
    #expect(level.exitCode == 2, "\(level)")
    #expect(level.stderr.contains("--level"), "\(level)")
    let last = try CLIRunner.run(["history", "out", "--last", "0"], in: dir.path)
    #expect(last.exitCode == 2, "\(last)")
    let missing = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(missing.exitCode == 1, "\(missing)")
    #expect(missing.stderr.contains("no history yet"), "\(missing)")
  }

  @Test(arguments: [
    ("max_input_age_hours: -1", "", "max_input_age_hours"), ("", ", keep_runs: -2", "outputs.keep_runs"),
    ("", ", keep_runs: 1.5", "outputs.keep_runs"), ("", ", keep_runs: two", "outputs.keep_runs"),
  ])
  func badRetentionAndAgeKeysAreExitTwo(extra: String, outputs: String, key: String) throws {
    let dir = Self.makeDir(extra: extra, outputs: outputs)
    let r = try Self.run(dir, asOf: "2022-04-03 22:00")
    #expect(r.exitCode == 2, "\(r)")
    #expect(r.stderr.contains("`\(key)`"), "\(r)")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
  }

  @Test func metricsFileIsWrittenAtomicallyWithStatusAndFigures() throws {
    let dir = Self.makeDir()
    let r = try Self.run(dir, asOf: "2022-04-03 22:00", ["--metrics-file", "natrecon.prom"])
    #expect(r.exitCode == 0, "\(r)")
    let text = String(decoding: try #require(dir.read("natrecon.prom")), as: UTF8.self)
    #expect(text.contains("natrecon_run_exit_status{pipeline=\"nightly\"} 0\n"))
    #expect(text.contains("natrecon_run_coverage_ratio{pipeline=\"nightly\"} 0.8523\n"))
    #expect(text.contains("natrecon_run_newest_sample_age_seconds{pipeline=\"nightly\"} 9031\n"))
    #expect(text.contains("# TYPE natrecon_run_duration_seconds gauge\n"))
    #expect(text.contains("natrecon_run_input_rows{pipeline=\"nightly\"} 5201\n"))
    let stale = try Self.run(dir, asOf: "2022-04-05 22:00", ["--metrics-file", "natrecon.prom"])
    #expect(stale.exitCode == 4)
    #expect(
      String(decoding: dir.read("natrecon.prom") ?? Data(), as: UTF8.self).contains(
        "natrecon_run_exit_status{pipeline=\"nightly\"} 4\n"))
    #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)).filter { $0.contains(".tmp") }.isEmpty)
  }

  @Test func leftoversOfKilledRunsAreRemovedAndListed() throws {
    let dir = Self.makeDir()
    try Self.run(dir, asOf: "2022-04-03 21:00")
    dir.write("out/.tmp-20220403-220000-99999/residents.csv", "partial")
    let r = try Self.run(dir, asOf: "2022-04-03 22:00")
    #expect(r.stderr.contains("removed out/.tmp-20220403-220000-99999 (left by a killed run)"), "\(r)")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/.tmp-20220403-220000-99999"))
  }
}
