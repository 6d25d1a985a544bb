import Foundation
import NatReconCore
import NatReconPipeline
import NatReconTestSupport
import Testing

/// SPEC §2.3, §2.4 (Exemption) and §8 (Exemptions): which list rows exempt a resident at
/// `T` = 2022-04-03 22:00:00, what `exempt_reason` says, and that an exempt resident
/// leaves every denominator.
@Suite struct ExemptionRuleTests {
  static let wang = "310104198001010017"
  static let li = "310104198512120023"
  static let zhang = "310104199006060034"
  static let roster = """
    \(wang),王芳,13900000000,徐汇区,龙华街道,龙华一村居委会,枫林苑,1号,1单元,101,在住,
    \(li),李伟,13900000001,徐汇区,龙华街道,龙华一村居委会,枫林苑,1号,1单元,101,外出,
    \(zhang),张敏,13900000002,徐汇区,龙华街道,龙华一村居委会,枫林苑,2号,1单元,102,在住,

    """

  /// Every window shape, both bounds inclusive, a date alone in each form (00:00:00 for
  /// `from`, 23:59:59 for `until`), and the other time forms of §2.4.
  @Test(arguments: [
    ("", "", true),  // open-ended
    ("2022-04-03 22:00:00", "", true),  // from = T
    ("2022-04-03 22:00:01", "", false),  // not yet active
    ("", "2022-04-03 22:00", true),  // until = T
    ("", "2022-04-03 21:59:59", false),  // expired a second ago
    ("2022-04-01 08:00", "2022-04-05 18:00", true),  // current
    ("2022-03-01", "2022-03-31", false),  // expired, dates alone
    ("2022-04-03", "2022-04-03", true),  // one day: 00:00:00 to 23:59:59
    ("2022-4-4", "", false),  // a date alone starts at 00:00:00 of that day
    ("", "2022/4/3", true),  // a date alone ends at 23:59:59 of that day
    ("", "2022/4/2", false),
    ("2022年4月3日", "2022年4月3日", true),
    ("2022年4月4日", "2022年4月10日", false),  // future
    ("2022-04-05", "2022-04-01", false),  // until before from: never active
    ("2022-04-03T14:00:00Z", "", true),  // ISO with Z: 22:00:00 in Shanghai
    ("1648994400", "", true),  // epoch seconds = T
    ("", "1648994399999", false),  // epoch milliseconds, floored: T − 1 s
    ("", "44654.9166666667", true),  // Excel serial of T (rounded to the second)
    ("2022年4月3日22:00", "20220403220000", true),
  ])
  func windowShape(from: String, until: String, isExempt: Bool) throws {
    let run = try SmallRun(roster: Self.roster, exemptions: "\(Self.wang),卧床,\(from),\(until)\n")
    let wang = try #require(run.residents()[Self.wang])
    #expect(wang["eligible"] == (isExempt ? "false" : "true"))
    #expect(wang["exempt_reason"] == (isExempt ? "卧床" : ""))
    #expect(run.issues(in: "exemptions.csv").isEmpty)
  }

  @Test func severalRowsStatusFirstReasonsOnceInFileOrder() throws {
    let run = try SmallRun(
      roster: Self.roster,
      exemptions: """
        \(Self.li),卧床,2022-04-01,
        \(Self.li),外出,,
        \(Self.li),探亲,2022-01-01,2022-01-31
        \(Self.li), 卧床 ,,
        \(Self.li),婴幼儿,,2022-04-04
        \(Self.wang),婴幼儿,2022-01-01,2022-01-31
        \(Self.wang),外出执勤,2022-04-03,
        \(Self.wang),探亲,2022-04-05,

        """)
    let residents = run.residents()
    // Status (外出) first; the list's 外出 and the second 卧床 are not repeated; 探亲 expired.
    #expect(residents[Self.li]?["exempt_reason"] == "外出;卧床;婴幼儿")
    // One active row of three.
    #expect(residents[Self.wang]?["exempt_reason"] == "外出执勤")
    #expect(residents[Self.wang]?["eligible"] == "false")
    // Neither status nor list: eligible, empty reason.
    #expect(residents[Self.zhang]?["exempt_reason"] == "")
    #expect(residents[Self.zhang]?["eligible"] == "true")
  }

  @Test func exemptResidentsLeaveEveryDenominator() throws {
    // 王芳 (list) and 李伟 (status) share room 101; 张敏 in 102 is listed too.
    let run = try SmallRun(
      roster: Self.roster,
      tests: "\(Self.wang),王芳,2022-04-01 20:00,2022-04-01 23:00,阴性,\n",
      exemptions: "\(Self.wang),卧床,,\n\(Self.zhang),婴幼儿,,\n")
    let households = run.rows("households.csv")
    #expect(
      households.map { "\($0["room"]!) \($0["eligible"]!) \($0["tested"]!) \($0["status"]!)" } == [
        "101 0 0 exempt", "102 0 0 exempt",
      ])
    let total = try #require(run.rows("summary.csv").first)
    #expect(total["residents"] == "3")
    #expect(total["eligible"] == "0")
    #expect(total["households"] == "0")
    #expect(total["coverage"] == "")
    #expect(run.rows("gaps.csv").isEmpty)
    // 王芳's certificate expires within W, but an exempt resident is not on the list.
    #expect(run.rows("expiring.csv").isEmpty)
    #expect(run.residents()[Self.wang]?["expiring_soon"] == "true")
  }

  @Test func unmatchedIDsAreWarningsAndApplyToTheFirstRosterRow() throws {
    let run = try SmallRun(
      roster: Self.roster + """
        \(Self.wang),王芳二,13900000009,徐汇区,龙华街道,龙华一村居委会,枫林苑,9号,1单元,901,在住,
        110101199003071233,,13900000003,徐汇区,龙华街道,龙华一村居委会,枫林苑,3号,1单元,103,在住,
        E12345678,John,13900000004,徐汇区,龙华街道,龙华一村居委会,枫林苑,3号,1单元,104,在住,

        """,
      exemptions: """
        \(Self.wang),卧床,,
        110101199003071233,卧床,,
        E12345678,外出执勤,,
        E99999999,外出执勤,,
        '310104198001010017,外出执勤,2022-05-01,

        """)
    let residents = run.residents()
    #expect(residents[Self.wang]?["exempt_reason"] == "卧床")
    #expect(residents["E12345678"]?["exempt_reason"] == "外出执勤")
    let households = run.rows("households.csv")
    // The duplicate roster row (9号 901) is no resident: no household of its own.
    #expect(!households.contains { $0["room"] == "901" })
    // A rejected roster row (empty name) is no resident; an unknown document neither.
    #expect(
      run.issues(in: "exemptions.csv") == [
        "3 id_number exemption_unmatched warning", "5 id_number exemption_unmatched warning",
      ])
    let account = try #require(try run.input("exemptions.csv"))
    #expect(account["rows"] as? Int == 5)
    #expect(account["rows_used"] as? Int == 5)
    #expect(account["rows_rejected"] as? Int == 0)
  }

  /// Each error rejects its row (and only its row); `id_checksum` is a warning.
  @Test(arguments: [
    ("3.10104E+17,卧床,,", "2 id_number id_mangled error"),
    ("ABC,卧床,,", "2 id_number invalid_id error"),
    (",卧床,,", "2 id_number missing_field error"),
    ("\(wang),,,", "2 reason missing_field error"),
    ("\(wang),卧床,2022-04-31,", "2 from bad_time error"),
    ("\(wang),卧床,,下周", "2 until bad_time error"),
    ("\(wang),卧床,20220401,", "2 from bad_time error"),  // 8 digits: no date form
    ("\(wang),卧床,2022-04-01,2022-04-01 25:00", "2 until bad_time error"),
    ("\(wang),卧床,,,extra", "2  csv_syntax error"),
  ])
  func errorRejectsTheRow(row: String, issue: String) throws {
    let run = try SmallRun(roster: Self.roster, exemptions: row + "\n" + "\(Self.zhang),婴幼儿,,\n")
    #expect(run.issues(in: "exemptions.csv") == [issue])
    #expect(run.residents()[Self.wang]?["eligible"] == "true")
    #expect(run.residents()[Self.zhang]?["exempt_reason"] == "婴幼儿")
    let account = try #require(try run.input("exemptions.csv"))
    #expect(account["rows_rejected"] as? Int == 1)
    #expect(account["rows_used"] as? Int == 1)
  }

  @Test func checksumWarningStillExempts() throws {
    // 310104198001010018: wrong check digit. The roster holds the same wrong key.
    let roster = Self.roster + "310104198001010018,王二,13900000005,徐汇区,龙华街道,龙华一村居委会,枫林苑,5号,1单元,105,在住,\n"
    let run = try SmallRun(roster: roster, exemptions: "310104198001010018,卧床,,\n")
    #expect(run.residents()["310104198001010018"]?["exempt_reason"] == "卧床")
    #expect(run.issues(in: "exemptions.csv") == ["2 id_number id_checksum warning"])
  }

  @Test func legacyIDMatchesItsEighteenDigitForm() throws {
    // 310104800101001 is the 15-digit form of 310104198001010017.
    let run = try SmallRun(roster: Self.roster, exemptions: "310104800101001,卧床,,\n")
    #expect(run.residents()[Self.wang]?["exempt_reason"] == "卧床")
  }

  @Test func windowBoundsParseDatesAlone() {
    let start = Timestamp.parse("2022-04-03 00:00:00")
    let end = Timestamp.parse("2022-04-03 23:59:59")
    for text in ["2022-04-03", "2022-4-3", "2022/4/3", "2022/04/03", "2022年4月3日", " 2022年04月03日\u{3000}"] {
      #expect(Timestamp.parse(text, bound: .start) == start, "\(text)")
      #expect(Timestamp.parse(text, bound: .end) == end, "\(text)")
    }
    // Full times are as §2.4 reads them, whatever the bound.
    #expect(Timestamp.parse("2022-04-03 08:00", bound: .end) == Timestamp.parse("2022-04-03 08:00"))
    for bad in ["2022-02-30", "2022-4/3", "2022年4月3", "22-04-03", "2022-04-03x", "20220403", ""] {
      #expect(Timestamp.parse(bad, bound: .start) == nil, "\(bad)")
    }
  }
}
