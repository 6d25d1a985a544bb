import Foundation
import NatReconTestSupport
import Testing

/// The exemption list (SPEC §2.3, §8 Exemptions) through the built binary: every row
/// problem is a data issue with its file and line, the list is accounted for in the
/// manifest, and a list that cannot be read stops the run like any input.
@Suite struct ExemptionInputTests {
  static func pipeline(exemptions: String, maxRejectRate: String = "1") -> TemporaryDirectory {
    BadInputTests.pipeline(maxRejectRate: maxRejectRate, exemptions: exemptions)
  }

  @Test func rowProblemsAreDataIssuesWithFileAndLine() throws {
    let file = Fixtures.path("bad/exemptions/exemptions.csv")
    let dir = Self.pipeline(exemptions: file)
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 0, "\(result)")
    let rows = BadInputTests.issues(dir).filter { $0[0] == file }
    let found = rows.map { "\($0[1]) \($0[2]) \($0[4]) \($0[5])" }
    #expect(
      found == [
        "3 id_number id_mangled error", "4 id_number invalid_id error", "5 id_number missing_field error",
        "6 reason missing_field error", "7 from bad_time error", "8 until bad_time error",
        "9 id_number exemption_unmatched warning", "10 id_number id_checksum warning",
        "10 id_number exemption_unmatched warning",
      ], "\(rows)")

    // Lines 2 and 11 are active at T: 王芳 (date-only from) and 张敏 ('-prefixed ID, 年月日 window).
    let residents = String(decoding: dir.read("out/latest/residents.csv") ?? Data(), as: UTF8.self)
      .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let reasons = Dictionary(
      uniqueKeysWithValues: residents.dropFirst().map { (String($0[0]), (String($0[10]), String($0[18]))) })
    #expect(reasons["310104198001010017"]! == ("false", "卧床"))
    #expect(reasons["310104199006060034"]! == ("false", "孕晚期"))
    #expect(reasons["310104198512120023"]! == ("true", ""))  // every row of its was rejected
    #expect(residents.first?.last == "exempt_reason")

    let manifest = try #require(dir.read("out/latest/manifest.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
    let inputs = try #require(json["inputs"] as? [[String: Any]])
    let list = try #require(inputs.first { $0["role"] as? String == "exemptions" })
    #expect(list["path"] as? String == file)
    #expect(list["rows"] as? Int == 10)
    #expect(list["rows_used"] as? Int == 4)
    #expect(list["rows_rejected"] as? Int == 6)
    #expect(list["rows_after_as_of"] as? Int == 0)
    #expect((list["sha256"] as? String)?.count == 64)
    #expect(result.stderr.contains("exemptions.csv"), "the summary names the list: \(result)")
  }

  @Test func listRejectingMoreThanTheLimitIsExitThree() throws {
    let dir = Self.pipeline(exemptions: Fixtures.path("bad/exemptions/exemptions.csv"), maxRejectRate: "0.5")
    let result = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(result.exitCode == 3, "6 of 10 rows rejected: \(result)")
    #expect(result.stderr.contains("max_reject_rate"))
    let lenient = Self.pipeline(exemptions: Fixtures.path("bad/exemptions/exemptions.csv"), maxRejectRate: "0.6")
    #expect(try CLIRunner.run(["run", "pipeline.yml"], in: lenient.path).exitCode == 0)
  }

  @Test(arguments: [
    ("stop/empty.csv", "empty"), ("stop/truncated.csv.gz", "gzip"), ("stop/corrupt.csv.gz", "gzip"),
    ("stop/missing.csv", "no such file"), ("exemptions/no_reason.csv", "no column for reason"),
    ("exemptions/no_id_number.csv", "no column for id_number"),
  ])
  func unreadableListStopsTheRunAndReplacesNothing(file: String, words: String) throws {
    let dir = BadInputTests.pipeline()
    let good = try CLIRunner.run(["run", "pipeline.yml"], in: dir.path)
    #expect(good.exitCode == 0, "\(good)")
    let before = dir.read("out/latest/residents.csv")
    let list = Fixtures.path("bad/\(file)")
    let bad = Self.pipeline(exemptions: list)
    try FileManager.default.moveItem(atPath: bad.path + "/pipeline.yml", toPath: dir.path + "/bad.yml")
    let result = try CLIRunner.run(["run", "bad.yml", "--as-of", "2022-04-03 23:00"], in: dir.path)
    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
    #expect(result.stderr.contains(list), "\(result)")
    #expect(result.stderr.lowercased().contains(words), "\(result)")
    #expect(dir.read("out/latest/residents.csv") == before)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/20220403-230000"))
  }

  @Test(arguments: [
    ("exemptions_not_mapping", "`inputs.exemptions`"), ("columns_not_string", "`inputs.roster.columns.room`"),
  ])
  func badPipelineKeyIsExitTwo(name: String, key: String) throws {
    let result = try CLIRunner.run(["run", Fixtures.path("bad/pipelines/\(name).yml")])
    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stderr.contains(key), "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
  }

  @Test func inspectRecognisesAnExemptionList() throws {
    let result = try CLIRunner.run(["inspect", Fixtures.packageRoot + "/SampleData/exemptions.csv"])
    #expect(result.exitCode == 0, "\(result)")
    #expect(result.stdout.contains("kind         exemptions (guessed from the headers)"), "\(result)")
    #expect(result.stdout.contains("encoding     gb18030"), "\(result)")
    for line in ["证件号码  → id_number (required)", "免检原因  → reason (required)", "开始日期  → from", "截止日期  → until"] {
      #expect(result.stdout.contains(line), "\(line): \(result)")
    }
    let missing = try CLIRunner.run(["inspect", Fixtures.path("bad/exemptions/no_reason.csv"), "--kind", "exemptions"])
    #expect(missing.stdout.contains("missing      reason (required; tried 免检原因, 豁免原因, 原因, reason)"), "\(missing)")
    let badKind = try CLIRunner.run(["inspect", Fixtures.path("bad/exemptions/no_reason.csv"), "--kind", "list"])
    #expect(badKind.exitCode == 2)
    #expect(badKind.stderr.contains("roster, tests or exemptions"), "\(badKind)")
  }
}
