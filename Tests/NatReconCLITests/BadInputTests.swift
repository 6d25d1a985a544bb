import Foundation
import NatReconTestSupport
import Testing

/// SPEC §6: every bad input gets a clear answer. One small file per data-issue code and
/// per run-stopping error (Tests/Fixtures/bad/), each checked through the built binary:
/// exit status, the stderr line (file, and line where there is one), files written or
/// left alone.
@Suite struct BadInputTests {
  /// Writes a pipeline into a fresh folder that reads the given roster and tests files
  /// (and exemption list, when given).
  static func pipeline(
    roster: String = Fixtures.path("bad/roster.csv"), tests: String = Fixtures.path("bad/tests.csv"),
    testsEncoding: String = "auto", extra: String = "", maxRejectRate: String = "1", exemptions: String? = nil
  ) -> TemporaryDirectory {
    let dir = TemporaryDirectory("natrecon-bad")
    let list = exemptions.map { "\n  exemptions: {files: [\"\($0)\"]}" } ?? ""
    dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      max_reject_rate: \(maxRejectRate)
      \(extra)
      inputs:
        roster: {files: ["\(roster)"]}
        tests: {files: ["\(tests)"], encoding: \(testsEncoding)}\(list)
      outputs: {dir: out, formats: [csv]}
      """)
    return dir
  }

  static func issues(_ dir: TemporaryDirectory) -> [[String]] {
    let text = String(decoding: dir.read("out/latest/data_issues.csv") ?? Data(), as: UTF8.self)
    return text.split(separator: "\n").dropFirst().map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  // MARK: - Data issues: the run goes on

  @Test(arguments: [
    ("csv_syntax", "error"), ("csv_syntax_unterminated", "error"), ("missing_field", "error"),
    ("id_checksum", "warning"), ("id_mangled", "error"), ("invalid_id", "error"), ("bad_time", "error"),
    ("unknown_result", "error"), ("sample_after_as_of", "warning"), ("report_before_sample", "warning"),
    ("name_mismatch", "warning"), ("bad_encoding", "error"),
  ])
  func testFileIssueIsReportedWithFileAndLine(name: String, severity: String) throws {
    let file = Fixtures.path("bad/codes/\(name).csv")
    let dir = Self.pipeline(tests: file, testsEncoding: name == "bad_encoding" ? "utf-8" : "auto")
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 0, "\(result)")
    let code = name.hasPrefix("csv_syntax") ? "csv_syntax" : name
    let rows = Self.issues(dir)
    let row = rows.first { $0.count >= 6 && $0[4] == code }
    #expect(row?[0] == file, "\(rows)")
    #expect(row?[1] == "3", "\(rows)")
    #expect(row?[5] == severity)
    // Nothing else is wrong with these files.
    #expect(rows.filter { $0[4] != code }.isEmpty, "\(rows)")
  }

  @Test func duplicateResidentIsReportedOnTheLaterRow() throws {
    let dir = Self.pipeline(roster: Fixtures.path("bad/codes/duplicate_resident.csv"))
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 0, "\(result)")
    let rows = Self.issues(dir)
    #expect(rows.count == 1)
    #expect(rows.first?[1] == "3")
    #expect(rows.first?[4] == "duplicate_resident")
    #expect(rows.first?.last == "same ID as line 2")
  }

  /// Not an error of the file; but a night without a single used test is stale (SPEC §6).
  @Test func headerOnlyFileIsZeroRowsNotAnError() throws {
    let dir = Self.pipeline(tests: Fixtures.path("bad/stop/header_only.csv"))
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 4, "\(result)")
    #expect(result.stderr.contains("header_only.csv: 0 rows"))
    #expect(result.stderr.contains("stale inputs: no used test record at all"))
  }

  // MARK: - Run-stopping errors: exit 1, one line naming the file, nothing replaced

  @Test(arguments: [
    ("empty.csv", "empty"), ("no_sample_time.csv", "sample_time"), ("truncated.csv.gz", "gzip"),
    ("corrupt.csv.gz", "gzip"), ("binary.csv", "no column for id_number"), ("missing.csv", "no such file"),
  ])
  func stoppingInputFailsWithoutReplacingReports(file: String, words: String) throws {
    let dir = Self.pipeline()
    let good = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(good.exitCode == 0, "\(good)")
    let before = dir.read("out/latest/residents.csv")
    let badTests = Fixtures.path("bad/stop/\(file)")
    dir.write(
      "bad.yml",
      """
      as_of: "2022-04-03 23:00"
      inputs:
        roster: {files: ["\(Fixtures.path("bad/roster.csv"))"]}
        tests: {files: ["\(badTests)"]}
      outputs: {dir: out, formats: [csv]}
      """)
    let result = try CLIRunner.run(["run", "bad.yml"], in: dir.path)
    #expect(result.exitCode == 1, "\(result)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result)")
    #expect(result.stderr.contains(badTests), "\(result)")
    #expect(result.stderr.lowercased().contains(words.lowercased()), "\(result)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/out/latest") == "20220403-220000")
    #expect(dir.read("out/latest/residents.csv") == before)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/20220403-230000"))
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
    #expect(names.filter { $0.hasPrefix(".tmp-") }.isEmpty, "\(names)")
  }

  @Test func nulBytesAreBadEncodingWhereverTheyStandAndReachNoOutput() throws {
    // A NUL in the first buffer and one past 256 KiB, in the roster and in the tests
    // (SPEC §8 Reading): each record becomes bad_encoding, the run goes on.
    let dir = TemporaryDirectory("natrecon-nul")
    var roster = "证件号码,姓名,居委会,楼号,室号\n310104198001010017,王\u{0}芳,一村,1号,101\n"
    var tests = "身份证号,采样时间,检测结果,采样点\n310104198512120023,2022-04-03 08:00:00,阴性,A\u{0}\n"
    var line = 3
    while roster.utf8.count < 300_000 {
      roster += "3101041985121200\(String(format: "%02d", line % 100)),李伟,一村,\(line)号,102\n"
      tests += "310104198512120023,2022-04-03 08:00:00,阴性,B\n"
      line += 1
    }
    roster += "310104199006060034,张\u{0},一村,3号,103\n"
    tests += "310104199006060034,2022-04-03 08:00:00,阴\u{0}性,C\n"
    _ = dir.write("roster.csv", roster)
    _ = dir.write("tests.csv", tests)
    dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      max_reject_rate: 1
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: [tests.csv]}
      outputs: {dir: out, formats: [csv, xlsx]}
      """)
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 0, "\(result)")
    let badLines = Self.issues(dir).filter { $0[4] == "bad_encoding" }.map { "\($0[0]):\($0[1])" }
    #expect(badLines == ["roster.csv:2", "roster.csv:\(line)", "tests.csv:2", "tests.csv:\(line)"])
    let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/out/latest")
    for file in files {
      guard let data = dir.read("out/latest/" + file), !file.hasSuffix(".xlsx") else { continue }
      #expect(!data.contains(0), "\(file) holds a NUL byte")
    }
    #expect(!result.stderr.contains("\u{0}"))
  }

  @Test func missingColumnNamesFieldAliasesAndHeaders() throws {
    let dir = Self.pipeline(tests: Fixtures.path("bad/stop/no_sample_time.csv"))
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 1)
    #expect(result.stderr.contains("sample_time"))
    #expect(result.stderr.contains("采样时间"))  // an alias tried
    #expect(result.stderr.contains("身份证号"))  // a header found
  }

  @Test func globMatchingNothingStopsTheRun() throws {
    let dir = Self.pipeline(tests: "/nonexistent-folder/*.csv")
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stderr.contains("/nonexistent-folder/*.csv"))
  }

  @Test func outputFolderThatIsAFileFailsWithOneLine() throws {
    let dir = Self.pipeline()
    dir.write("out", "not a folder")
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stderr.contains("out"))
  }

  // MARK: - Bad pipelines and usage: exit 2

  @Test(arguments: [
    ("unknown_key", "colour"), ("wrong_type", "validity_hours"), ("bad_time", "as_of"),
    ("bad_result_map", "result_map"), ("not_yaml", "YAML"),
  ])
  func badPipelineIsExitTwoNamingTheKey(name: String, key: String) throws {
    let result = try CLIRunner.run(["run", Fixtures.path("bad/pipelines/\(name).yml")])
    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stderr.contains(key), "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
  }

  @Test(arguments: [
    (["--round-start", "2022-04-03 23:00"], "end 2022-04-03 22:00:00 (the as-of time)"),
    (["--round-start", "2022-04-03 12:00", "--round-end", "2022-04-03 06:00"], "end 2022-04-03 06:00:00"),
  ])
  func roundThatStartsAfterItEndsIsExitTwoNamingRound(options: [String], words: String) throws {
    let dir = Self.pipeline()
    let result = try CLIRunner.run(["run", "pipeline.yml"] + options, in: dir.path)
    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stderr.contains("`round`"), "\(result)")
    #expect(result.stderr.contains(words), "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
  }

  @Test func missingPipelineAndBadUsageAreExitTwo() throws {
    let missing = try CLIRunner.run(["run", "nowhere.yml"])
    #expect(missing.exitCode == 2, "\(missing)")
    #expect(missing.stderr.contains("nowhere.yml"))
    let noArgument = try CLIRunner.run(["run"])
    #expect(noArgument.exitCode == 2, "\(noArgument)")
    let badFlag = try CLIRunner.run(["run", "x.yml", "--colour", "red"])
    #expect(badFlag.exitCode == 2, "\(badFlag)")
    let badOverride = try CLIRunner.run(["run", Fixtures.path("bad/pipelines/unknown_key.yml"), "--as-of", "soon"])
    #expect(badOverride.exitCode == 2)
  }

  // MARK: - Exit 3

  @Test func rejectRateAboveTheLimitIsExitThreeWithReportsWritten() throws {
    let dir = Self.pipeline(tests: Fixtures.path("bad/codes/id_mangled.csv"), extra: "")
    dir.write(
      "strict.yml",
      """
      as_of: "2022-04-03 22:00"
      max_reject_rate: 0.4
      inputs:
        roster: {files: ["\(Fixtures.path("bad/roster.csv"))"]}
        tests: {files: ["\(Fixtures.path("bad/codes/id_mangled.csv"))"]}
      outputs: {dir: out, formats: [csv]}
      """)
    let result = try CLIRunner.run(["run", "strict.yml"], in: dir.path)
    #expect(result.exitCode == 3, "\(result)")  // 1 of 2 rows rejected: 0.5 > 0.4
    #expect(result.stderr.contains("max_reject_rate"))
    #expect(dir.read("out/latest/data_issues.csv") != nil)
    let atLimit = try CLIRunner.run(["run", "strict.yml", "--as-of", "2022-04-03 21:00"], in: dir.path)
    #expect(atLimit.exitCode == 3)
    dir.write(
      "lenient.yml",
      String(decoding: dir.read("strict.yml") ?? Data(), as: UTF8.self).replacingOccurrences(of: "0.4", with: "0.5"))
    let equal = try CLIRunner.run(["run", "lenient.yml"], in: dir.path)
    #expect(equal.exitCode == 0, "0.5 is not strictly greater than 0.5: \(equal)")
  }
}
