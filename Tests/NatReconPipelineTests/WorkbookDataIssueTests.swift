import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// 数据问题: each roster row with an issue shows in the workbook of the committee the row
/// names (rejected rows too), never in another committee's; values masked.
@Suite struct WorkbookDataIssueTests {
  static let roster = """
    证件号码,姓名,区,街道,居委会,楼号,室号,居住状态
    11010519491231002X,王芳,徐汇区,龙华街道,龙华一村居委会,1号,101,在住
    3.10104E+17,李强,徐汇区,龙华街道,龙华一村居委会,1号,102,在住
    310104198001010017,张伟,徐汇区,龙华街道,龙华二村居委会,2号,201,住院
    310104198001010017,张伟,徐汇区,龙华街道,龙华二村居委会,2号,202,在住
    310104198001010025,,徐汇区,龙华街道,龙华二村居委会,2号,203,在住
    110105194912310021,刘洋,徐汇区,龙华街道,龙华一村居委会,1号,103,在住
    310104198001010033,赵敏,徐汇区,龙华街道,龙华三村居委会,3号,,在住

    """
  /// 王芳's row has a bad end date and 刘洋's the same bad check digit as the roster (both
  /// 一村); the third names nobody on the roster, so it belongs to no committee.
  static let exemptions = """
    证件号码,免检原因,结束日期
    11010519491231002X,卧床,明天
    110105194912310021,外出执勤,2022-04-10
    310104198001010041,外出,

    """
  static let tests = "身份证号,姓名,采样时间,检测结果\n11010519491231002X,王芳,2022-04-03 08:00:00,阴性\n"

  @Test func eachCommitteeSeesItsOwnRosterRowsWithIssues() throws {
    let dir = TemporaryDirectory("natrecon-issues")
    dir.write("roster.csv", Self.roster)
    dir.write("tests.csv", Self.tests)
    dir.write("exemptions.csv", Self.exemptions)
    let path = dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: [tests.csv]}
        exemptions: {files: [exemptions.csv]}
      outputs: {dir: out, formats: [csv, xlsx]}
      max_reject_rate: 1
      """)
    let outcome = try Runner(spec: try PipelineSpec.load(path: path), progress: ProgressLine(enabled: false)).run()
    func issues(_ committee: String) throws -> [[String]] {
      let grid = try XLSXTestReader(path: outcome.folder + "/committees/徐汇区_龙华街道_\(committee).xlsx").grid("数据问题")
      return (1..<grid.rowCount).map { grid.rowValues($0) }.filter { !$0[0].isEmpty }
    }
    // 一村: the exemption rows of its residents, then its roster rows: the mangled ID
    // (rejected) and the bad check digit (used, warned).
    let first = try issues("龙华一村居委会")
    #expect(
      first.map { $0[0] + ":" + $0[1] } == [
        "exemptions.csv:2", "exemptions.csv:3", "roster.csv:3", "roster.csv:7",
      ])
    #expect(first[0][2] == "结束日期")
    #expect(first[0][3] == "「结束日期」的日期时间无法识别")
    #expect(first[0][4] == "明天")
    #expect(first[1][4] == "110105********0021")
    #expect(first[2][4] == "3.*******17")
    #expect(first[2][6] == "未计入")
    #expect(first[3][4] == "110105********0021")
    #expect(first[3][6] == "已计入，请核对")
    // 二村: the duplicate (line 5) and the row without a name (line 6).
    let second = try issues("龙华二村居委会")
    #expect(second.map { $0[1] } == ["5", "6"])
    #expect(second[0][3] == "证件号码与第 4 行重复，这一行没有计入")
    #expect(second[1][3] == "必填的「姓名」是空的")
    // 三村 has no resident (its only row lacks a room): no workbook to show it in.
    #expect(!FileManager.default.fileExists(atPath: outcome.folder + "/committees/徐汇区_龙华街道_龙华三村居委会.xlsx"))
    // 二村's exempt resident shows why on 户进度.
    let households = try XLSXTestReader(path: outcome.folder + "/committees/徐汇区_龙华街道_龙华二村居委会.xlsx")
      .grid("户进度")
    #expect(households.rowValues(1)[10...11] == ["免检", "住院"])
  }
}
