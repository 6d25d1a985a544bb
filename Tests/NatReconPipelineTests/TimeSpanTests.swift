import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// Per-resident times are held in 4 bytes (an offset that covers 1952–2088); times
/// outside that span, which the parser accepts (years 0001–9999), must come out exactly
/// as they went in, and the certificate rules must see them as they are.
@Suite struct TimeSpanTests {
  static let roster = """
    证件号码,姓名,居委会,楼号,室号
    11010519491231002X,王芳,龙华一村居委会,1号,101
    310101199003071230,李四,龙华一村居委会,1号,102
    440301198001010015,张三,龙华一村居委会,2号,201

    """

  /// Runs at `asOf` with the given test rows (header: ID, sample time, report time, result).
  static func run(asOf: String, tests: String) throws -> [String: [Substring]] {
    let dir = TemporaryDirectory("natrecon-timespan")
    dir.write("roster.csv", roster)
    dir.write("tests.csv", "身份证号,采样时间,报告时间,检测结果\n" + tests)
    let path = dir.write(
      "pipeline.yml",
      """
      as_of: "\(asOf)"
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: [tests.csv]}
      outputs: {dir: out, formats: [csv]}
      """)
    let spec = try PipelineSpec.load(path: path)
    _ = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    let text = String(decoding: dir.read("out/latest/residents.csv") ?? Data(), as: UTF8.self)
    var rows: [String: [Substring]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      rows[String(fields[0])] = fields
    }
    return rows
  }

  // residents.csv columns 12–17: last_sample_time, last_result, last_negative_time,
  // cert_valid, cert_expires_at, expiring_soon.

  @Test func timesBeforeTheSpanComeOutExactly() throws {
    let rows = try Self.run(
      asOf: "2022-04-03 22:00",
      tests: """
        11010519491231002X,1900-03-01 08:00:01,1900-03-01 20:00:00,阴性
        310101199003071230,1951-12-31 23:59:59,,阳性
        310101199003071230,1930-06-01 10:00:00,1930-06-01 18:00:00,阴性
        440301198001010015,2022-04-03 09:00:00,2022-04-03 12:00:00,阴性

        """)
    #expect(
      rows["11010519491231002X"]?[12...16] == ["1900-03-01 08:00:01", "negative", "1900-03-01 20:00:00", "false", ""])
    #expect(
      rows["310101199003071230"]?[12...16] == ["1951-12-31 23:59:59", "positive", "1930-06-01 18:00:00", "false", ""])
    #expect(
      rows["440301198001010015"]?[12...16] == [
        "2022-04-03 09:00:00", "negative", "2022-04-03 12:00:00", "true", "2022-04-05 12:00:00",
      ])
  }

  @Test func timesAfterTheSpanComeOutExactlyAndCertify() throws {
    let rows = try Self.run(
      asOf: "2100-01-01 12:00",
      tests: """
        11010519491231002X,2099-12-31 08:00:00,2099-12-31 20:00:00,阴性
        310101199003071230,2022-04-03 09:00:00,2022-04-03 12:00:00,阴性
        310101199003071230,2099-12-31 09:00:00,2099-12-31 21:00:00,阴性
        310101199003071230,2100-01-01 07:00:00,,阳性

        """)
    #expect(
      rows["11010519491231002X"]?[12...17] == [
        "2099-12-31 08:00:00", "negative", "2099-12-31 20:00:00", "true", "2100-01-02 20:00:00", "false",
      ])
    // A positive after the latest negative: no certificate; an in-span negative was
    // overwritten by an out-of-span one, then the positive came.
    #expect(
      rows["310101199003071230"]?[12...16] == ["2100-01-01 07:00:00", "positive", "2099-12-31 21:00:00", "false", ""])
    #expect(rows["440301198001010015"]?[12...16] == ["", "", "", "false", ""])
  }
}
