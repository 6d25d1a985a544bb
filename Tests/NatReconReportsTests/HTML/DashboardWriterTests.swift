import Foundation
import NatReconCore
import NatReconReports
import NatReconTestSupport
import Testing

/// The overview page's writer on hand-built content: self-contained, names escaped,
/// numbers printed one way, the lagging list and the trend as the spec asks, and the
/// size at city scale.
@Suite struct DashboardWriterTests {
  static let asOf: Int64 = 1_649_023_200  // 2022-04-04 06:00:00 +08:00

  static func counts(eligible: Int, tested: Int, certValid: Int, households: Int = 10, complete: Int = 5)
    -> AreaCounts
  {
    var c = AreaCounts()
    c.residents = eligible + 2
    c.eligible = eligible
    c.tested = tested
    c.untested = eligible - tested
    c.certValid = certValid
    c.households = households
    c.householdsComplete = complete
    return c
  }

  /// A content with awkward names: markup, quotes, ampersands, URL characters.
  static func content(committeeNames: [String] = ["<b>粗体</b>居委", "A&B \"引号\" 居委", "#1 100% 居委?"])
    -> DashboardContent
  {
    var c = DashboardContent(
      pipelineName: "<script>alert(1)</script>", asOf: asOf, roundStart: asOf - 86_400, roundEnd: asOf,
      validityHours: 48, total: counts(eligible: 800, tested: 700, certValid: 640))
    c.districts = [
      DashboardArea(district: "徐汇区", counts: counts(eligible: 400, tested: 350, certValid: 320)),
      DashboardArea(district: "<i>区</i>", counts: counts(eligible: 400, tested: 350, certValid: 320)),
    ]
    c.streets = [
      DashboardArea(district: "徐汇区", street: "龙华街道", counts: counts(eligible: 400, tested: 350, certValid: 320))
    ]
    c.committees = committeeNames.enumerated().map { i, name in
      DashboardArea(
        district: "徐汇区", street: "龙华街道", committee: name,
        counts: counts(eligible: 100, tested: 50 + i, certValid: 40),
        workbook: "committees/" + CommitteeWorkbookWriter.fileName(district: "徐汇区", street: "龙华街道", committee: name))
    }
    c.inputs = [
      DashboardInput(
        role: "roster", path: "../data/<roster>.csv", encoding: "gb18030", rows: 1000, rowsUsed: 990,
        rowsRejected: 10, rowsAfterAsOf: 0),
      DashboardInput(
        role: "tests", path: "../data/tests/a.csv.gz", encoding: "utf-8", rows: 2000, rowsUsed: 1800,
        rowsRejected: 150, rowsAfterAsOf: 50),
    ]
    c.issues = [DashboardIssueCount(code: "bad_time", severity: .error, count: 150)]
    c.newestSampleTime = asOf - 3600
    c.staleAfterHours = 24
    return c
  }

  @Test func hasNoExternalReference() {
    let page = DashboardWriter.render(Self.content()).lowercased()
    for banned in ["http:", "https:", "//", "src=", "@import", "url(", "<link", "<img", "<iframe", "<object"] {
      #expect(!page.contains(banned), "the page contains \(banned)")
    }
    // The only link targets are the committee workbooks in the run folder.
    let hrefs = page.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(hrefs.count == 3)
    #expect(hrefs.allSatisfy { $0.hasPrefix("committees/") && $0.hasSuffix(".xlsx") })
    // One inline script (the table sorter), no other.
    #expect(page.components(separatedBy: "<script").count == 2)
  }

  @Test func namesAreTextNotMarkup() {
    let page = DashboardWriter.render(Self.content())
    #expect(page.contains("&lt;b&gt;粗体&lt;/b&gt;居委"))
    #expect(!page.contains("<b>粗体"))
    #expect(page.contains("&lt;i&gt;区&lt;/i&gt;"))
    #expect(!page.contains("<i>区"))
    #expect(page.contains("A&amp;B &quot;引号&quot; 居委"))
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(page.contains("../data/&lt;roster&gt;.csv"))
    // In a link, URL characters are percent-encoded and the rest escaped.
    #expect(page.contains("href=\"committees/徐汇区_龙华街道_%231%20100%25%20居委%3F.xlsx\""))
    #expect(page.contains("href=\"committees/徐汇区_龙华街道_%3Cb%3E粗体%3C_b%3E居委.xlsx\""))
  }

  @Test(arguments: [
    (0.875, "87.50%"), (1.0, "100.00%"), (0.0, "0.00%"), (2.0 / 3.0, "66.67%"), (0.00005, "0.01%"),
    (0.99996, "100.00%"),
  ])
  func percentIsSummaryRatioWithThePointMoved(ratio: Double, text: String) {
    #expect(DashboardText.percent(ratio) == text)
    // The same digits as summary.csv's %.4f.
    let fixed = DecimalText.fixed4(ratio)
    let digits = fixed.replacingOccurrences(of: ".", with: "")
    #expect(Int(digits) == DashboardText.basisPoints(ratio))
  }

  @Test func missingRatioIsADash() {
    #expect(DashboardText.percent(nil) == "—")
    #expect(DashboardText.pointChange(from: nil, to: 0.5) == nil)
  }

  @Test func changeIsInPercentagePointsFromThePrintedValues() throws {
    #expect(try #require(DashboardText.pointChange(from: 0.8750, to: 0.8875)).text == "+1.25")
    #expect(try #require(DashboardText.pointChange(from: 0.9, to: 0.8960)).text == "-0.40")
    #expect(try #require(DashboardText.pointChange(from: 0.5, to: 0.5)).text == "0.00")
  }

  @Test func countsAreGrouped() {
    #expect(DashboardText.count(0) == "0")
    #expect(DashboardText.count(999) == "999")
    #expect(DashboardText.count(1000) == "1,000")
    #expect(DashboardText.count(25_000_000) == "25,000,000")
  }

  @Test func withoutAnEarlierRunThePageSaysSo() {
    var c = Self.content()
    c.trend = [DashboardTrendPoint(runID: "20220404-060000", asOf: Self.asOf, total: c.total)]
    let page = DashboardWriter.render(c)
    #expect(page.contains("无上次运行可比"))
    #expect(page.contains("仅有本次运行"))
    #expect(page.contains("data-kpi=\"cov\">87.50%"))
    #expect(page.contains("data-kpi=\"crt\">80.00%"))
  }

  @Test func changeSinceThePreviousRunIsShown() {
    var c = Self.content()
    var before = Self.counts(eligible: 800, tested: 680, certValid: 660)
    before.untested = 120
    c.previous = DashboardTrendPoint(runID: "20220403-060000", asOf: Self.asOf - 86_400, total: before)
    c.trend = [c.previous!, DashboardTrendPoint(runID: "20220404-060000", asOf: Self.asOf, total: c.total)]
    let page = DashboardWriter.render(c)
    // 85.00% → 87.50%, 82.50% → 80.00%.
    #expect(page.contains("▲ +2.50 个百分点"))
    #expect(page.contains("▼ -2.50 个百分点"))
    #expect(!page.contains("无上次运行可比"))
    #expect(page.contains("共 2 次运行"))
  }

  @Test func trendDrawsTheLastFourteenRuns() {
    var c = Self.content()
    c.trend = (0..<20).map { i in
      DashboardTrendPoint(
        runID: "run\(i)", asOf: Self.asOf - Int64(19 - i) * 86_400, coverage: 0.5 + Double(i) / 100,
        certRate: 0.4, eligible: 100, tested: 50 + i, untested: 50 - i)
    }
    let page = DashboardWriter.render(c)
    #expect(page.components(separatedBy: "<circle class=\"cov\"").count - 1 == 14)
    #expect(!page.contains("<title>run5 "))
    #expect(page.contains("<title>run6 "))
    #expect(page.contains("<title>run19 69.00%</title>"))
  }

  @Test func laggingCommitteesAreLowestCoverageThenMostUntested() {
    var committees: [DashboardArea] = []
    for i in 0..<30 {
      // Coverage falls with i, except pairs with equal coverage and different sizes.
      let eligible = i % 2 == 0 ? 100 : 200
      let tested = eligible * (90 - i / 2) / 100
      committees.append(
        DashboardArea(
          district: "区", street: "街", committee: "居委\(i)",
          counts: Self.counts(eligible: eligible, tested: tested, certValid: 0)))
    }
    committees.append(DashboardArea(district: "区", street: "街", committee: "空", counts: AreaCounts()))
    let lagging = DashboardWriter.lagging(committees)
    #expect(lagging.count == 20)
    #expect(lagging.first?.committee == "居委29")  // 76%, 200 eligible: more untested first
    #expect(lagging[1].committee == "居委28")
    #expect(!lagging.contains { $0.committee == "空" })
    let coverages = lagging.map { DashboardText.basisPoints($0.counts.coverage) ?? 0 }
    #expect(coverages == coverages.sorted())
  }

  @Test func everyDistrictStreetAndCommitteeIsShownWithItsCoverage() {
    let c = Self.content()
    let page = DashboardWriter.render(c)
    for d in c.districts {
      let row =
        page.components(separatedBy: "data-district=\"\(DashboardText.escape(d.district))\"").dropFirst().first ?? ""
      #expect(row.prefix(400).contains("<b class=\"cov\">\(DashboardText.percent(d.counts.coverage))</b>"))
    }
    for m in c.committees {
      #expect(
        page.contains(DashboardText.escape(m.committee) + "</a><td class=\"n\">100<td class=\"n\">\(m.counts.tested)"))
    }
  }

  @Test func staleInputsAreFlagged() {
    var c = Self.content()
    #expect(!DashboardWriter.render(c).contains("输入可能过期"))
    c.newestSampleTime = Self.asOf - 30 * 3600
    #expect(DashboardWriter.render(c).contains("⚠ 输入可能过期：最新采样 2022-04-03 00:00:00，早于截至 30.0 小时"))
    c.newestSampleTime = nil
    #expect(DashboardWriter.render(c).contains("本次没有可用的检测记录"))
  }

  @Test func rejectedShareAboveTheLimitIsMarked() {
    let page = DashboardWriter.render(Self.content())
    // tests: 150 of 2,000 = 7.50% > 5.00%.
    #expect(page.contains("<tr class=\"over\"><td>检测结果"))
    #expect(page.contains("7.50%"))
    #expect(page.contains("<tr class=\"\"><td>居民台账"))
  }

  /// City scale: 16 districts, 220 streets, 6,000 committees (Shanghai has about that
  /// many 居村委 for 25M residents), 14 earlier runs.
  static func cityScale() -> DashboardContent {
    var c = content()
    var rng = SplitMix64(seed: 14)
    let names = [
      "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区", "浦东新区",
      "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
    ]
    c.total = counts(
      eligible: 24_000_000, tested: 21_600_000, certValid: 22_500_000, households: 9_800_000, complete: 8_100_000)
    c.total.residents = 25_000_000
    c.districts = names.enumerated().map { d, name in
      let eligible = 1_000_000 + d * 60_000
      return DashboardArea(
        district: name,
        counts: counts(eligible: eligible, tested: eligible * (80 + d) / 100, certValid: eligible * 88 / 100))
    }
    c.streets = (0..<220).map { s in
      DashboardArea(
        district: names[s % 16], street: "第\(s)街道",
        counts: counts(eligible: 110_000, tested: 100_000, certValid: 90_000))
    }
    c.committees = (0..<6000).map { m in
      let eligible = 3000 + Int(rng.next() % 2000)
      let tested = eligible - Int(rng.next() % 600)
      let district = names[m % 16]
      let street = "第\(m % 220)街道"
      let committee = "某某路第\(m)居民委员会"
      return DashboardArea(
        district: district, street: street, committee: committee,
        counts: counts(eligible: eligible, tested: tested, certValid: tested - 100, households: 1400, complete: 1200),
        workbook: "committees/"
          + CommitteeWorkbookWriter.fileName(district: district, street: street, committee: committee))
    }
    c.trend = (0..<15).map { i in
      let tested = 18_000_000 + i * 250_000 - (i == 9 ? 900_000 : 0)
      return DashboardTrendPoint(
        runID: "run\(i)", asOf: asOf - Int64(14 - i) * 86_400, coverage: Double(tested) / 24_000_000,
        certRate: Double(tested + 1_000_000) / 24_000_000, eligible: 24_000_000, tested: tested,
        untested: 24_000_000 - tested)
    }
    c.trend[14] = DashboardTrendPoint(runID: "run14", asOf: asOf, total: c.total)
    c.previous = c.trend[13]
    c.tubes.tubes = 412
    c.tubes.members = 5_230
    c.tubes.matchedMembers = 5_011
    c.tubes.awaitingRetest = 1_318
    c.tubes.positiveResidents = 97
    c.issues = [
      DashboardIssueCount(code: "sample_after_as_of", severity: .warning, count: 268_000),
      DashboardIssueCount(code: "name_mismatch", severity: .warning, count: 167_000),
      DashboardIssueCount(code: "bad_time", severity: .error, count: 105_000),
      DashboardIssueCount(code: "id_mangled", severity: .error, count: 64_000),
      DashboardIssueCount(code: "unknown_result", severity: .error, count: 54_000),
      DashboardIssueCount(code: "missing_field", severity: .error, count: 52_000),
      DashboardIssueCount(code: "duplicate_resident", severity: .error, count: 42_000),
    ]
    return c
  }

  /// The page must stay a few MB at city scale; this prints the figure.
  @Test func pageStaysSmallAtCityScale() {
    let bytes = DashboardWriter.render(Self.cityScale()).utf8.count
    print(
      "dashboard.html at 6,000 committees / 220 streets / 16 districts: \(bytes) bytes (\(bytes / 6000) per committee)")
    #expect(bytes < 4_000_000)
    #expect(bytes > 6000 * 150, "every committee has its row")
  }

  static let previewPath = ProcessInfo.processInfo.environment["NATRECON_HTML_PREVIEW"]

  /// Writes the city-scale page to `$NATRECON_HTML_PREVIEW` for a look in a browser
  /// (`chromium --headless --screenshot`); skipped unless the variable is set.
  @Test(.enabled(if: previewPath != nil, "set NATRECON_HTML_PREVIEW=<file>.html to write a preview"))
  func writePreviewPage() throws {
    let path = try #require(Self.previewPath)
    try DashboardWriter.write(Self.cityScale(), to: path)
    #expect(FileManager.default.fileExists(atPath: path))
  }

  /// An empty roster: nobody eligible, no areas, no tests. The page still renders and
  /// says so instead of printing 0% or NaN.
  @Test func emptyRunSaysSo() {
    var c = DashboardContent(
      pipelineName: "empty", asOf: Self.asOf, roundStart: Self.asOf - 86_400, roundEnd: Self.asOf, validityHours: 48,
      total: AreaCounts())
    c.trend = [DashboardTrendPoint(runID: "r", asOf: Self.asOf, total: AreaCounts())]
    let page = DashboardWriter.render(c)
    #expect(page.contains("data-kpi=\"cov\">—<"))
    #expect(page.contains("名册中没有居民"))
    #expect(page.contains("没有应检人员的居委"))
    #expect(page.contains("本次没有可用的检测记录"))
    let markup = page.components(separatedBy: "<script>")[0].lowercased()
    #expect(!markup.contains("nan") && !markup.contains("inf"))
  }

  @Test func writesTheFileAndNamesItOnFailure() throws {
    let tmp = TemporaryDirectory()
    try DashboardWriter.write(Self.content(), to: tmp.file("dashboard.html"))
    let data = try #require(tmp.read("dashboard.html"))
    #expect(String(decoding: data, as: UTF8.self) == DashboardWriter.render(Self.content()))
    #expect(throws: ReportError.self) {
      try DashboardWriter.write(Self.content(), to: "/nonexistent-natrecon/dashboard.html")
    }
    do {
      try DashboardWriter.write(Self.content(), to: "/nonexistent-natrecon/dashboard.html")
    } catch {
      #expect(error.description.hasPrefix("/nonexistent-natrecon/dashboard.html: cannot write ("))
    }
  }
}
