import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// SPEC §8 "Every problem of a record is its own data-issue row", and `columns` (§5)
/// resolved per file.
@Suite struct RecordIssueRuleTests {
  static let roster = """
    310104198001010017,王芳,13900000000,徐汇区,龙华街道,龙华一村居委会,枫林苑,1号,1单元,101,在住,
    310104198512120023,李伟,13900000001,徐汇区,龙华街道,龙华一村居委会,枫林苑,1号,1单元,102,在住,

    """

  /// A record sampled after `T` that also has an error gets both rows, and counts as
  /// rejected (not as after-as-of); one without an error only as after-as-of.
  @Test(arguments: [
    (
      "310104198001010017,王芳,2022-04-04 08:00,,见报告,",
      ["2 sample_time sample_after_as_of warning", "2 result unknown_result error"], 1, 0
    ),
    (
      "3.10104E+17,王芳,2022-04-04 08:00,,阴性,",
      ["2 id_number id_mangled error", "2 sample_time sample_after_as_of warning"], 1, 0
    ),
    (
      "310104198001010017,王芳,2022-04-04 08:00,soon,阴性,",
      ["2 sample_time sample_after_as_of warning", "2 report_time bad_time warning"], 0, 1
    ),
    ("310104198001010017,王芳,2022-04-04 08:00,,阴性,", ["2 sample_time sample_after_as_of warning"], 0, 1),
    (
      ",王芳,2022-04-04 08:00,,阴性,", ["2 id_number missing_field error", "2 sample_time sample_after_as_of warning"], 1, 0
    ),
  ])
  func afterAsOfWithAnErrorGetsBothRows(row: String, issues: [String], rejected: Int, after: Int) throws {
    let run = try SmallRun(roster: Self.roster, tests: row + "\n")
    #expect(run.issues(in: "tests/day.csv") == issues)
    let account = try #require(try run.input("tests/day.csv"))
    #expect(account["rows_rejected"] as? Int == rejected)
    #expect(account["rows_after_as_of"] as? Int == after)
    #expect(account["rows_used"] as? Int == 0)
    #expect(run.residents()["310104198001010017"]?["last_sample_time"] == "")
  }

  /// One pipeline, two roster files whose headers differ: `columns` lists the names to
  /// try first, and each file resolves its own columns (the built-in aliases still apply).
  @Test func columnsListServesRosterFilesWithDifferentHeaders() throws {
    let run = try SmallRun(
      roster: [
        "a.csv": """
        身份证号,姓名,居委会,楼号,门牌,户籍状态
        310104198001010017,王芳,龙华一村居委会,1号,101,外出

        """,
        "b.csv": """
        证件号码,Full Name,居委,楼栋,Room No.,居住状态
        310104198512120023,李伟,龙华一村居委会,2号,202,外出

        """,
        "c.csv": """
        证件号码,姓名,居委,楼栋,房间号
        310104199006060034,张敏,龙华一村居委会,3号,303

        """,
      ],
      tests: ["day.csv": SmallRun.testsHeader], exemptions: nil,
      rosterKeys: "columns: {room: [门牌, Room No.], name: Full Name, status: [户籍状态]}")
    let residents = run.residents()
    #expect(residents["310104198001010017"].map { [$0["name"]!, $0["room"]!, $0["status"]!] } == ["王芳", "101", "外出"])
    #expect(residents["310104198512120023"].map { [$0["name"]!, $0["room"]!, $0["status"]!] } == ["李伟", "202", "外出"])
    // No explicit name in c.csv: the built-in alias 房间号 (revision 4) applies.
    #expect(residents["310104199006060034"].map { [$0["name"]!, $0["room"]!] } == ["张敏", "303"])
    #expect(residents.values.filter { $0["eligible"] == "false" }.count == 2)
  }

  @Test func missingColumnListsExplicitNamesFirst() throws {
    do {
      _ = try SmallRun(
        roster: ["a.csv": "身份证号,姓名,居委会,楼号,门\n310104198001010017,王芳,龙华一村居委会,1号,101\n"],
        tests: ["day.csv": SmallRun.testsHeader], rosterKeys: "columns: {room: [门牌, Room No.]}")
      Issue.record("a roster without a room column was accepted")
    } catch {
      #expect(
        "\(error)"
          == "roster/a.csv: no column for room (tried 门牌, Room No., 室号, 房号, 房间号, 室, room; found 身份证号, 姓名, 居委会, 楼号, 门); add `columns: {room: <header>}` to the pipeline input"
      )
    }
  }
}
