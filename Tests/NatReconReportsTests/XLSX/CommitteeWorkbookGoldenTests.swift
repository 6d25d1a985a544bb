import Foundation
import NatReconCore
import NatReconTestSupport
import Testing

@testable import NatReconReports

/// Each sheet of the small workbook against its golden listing (cells, print setup, page
/// breaks; `XLSXTestReader.goldenListing`), in `Tests/Fixtures/golden/CommitteeWorkbook/`.
/// `NATRECON_RECORD_GOLDEN=1` rewrites them and fails the test.
@Suite struct CommitteeWorkbookGoldenTests {
  static let test = "CommitteeWorkbook"

  static func smallBook(in folder: TemporaryDirectory) throws -> XLSXTestReader {
    let path = folder.file("small.xlsx")
    try CommitteeWorkbookWriter.write(WorkbookContentBuilder.small(), to: path)
    return XLSXTestReader(path: path)
  }

  @Test(arguments: CommitteeWorkbookWriter.sheetNames)
  func sheetMatchesItsGolden(_ sheet: String) throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.smallBook(in: folder)
    assertMatchesGolden(Data(try book.goldenListing(sheet).utf8), test: Self.test, file: "\(sheet).txt")
  }
}

/// Print layout, page breaks, chart limits, positives, exemptions, data issues and trend.
@Suite struct CommitteeWorkbookPrintTests {
  static func written(_ content: CommitteeWorkbookContent, in folder: TemporaryDirectory) throws
    -> XLSXTestReader
  {
    let path = folder.file("book.xlsx")
    try CommitteeWorkbookWriter.write(content, to: path)
    return XLSXTestReader(path: path)
  }

  // MARK: - Print layout

  @Test func everySheetPrintsLandscapeA4OnePageWideWithHeaderAndPageNumbers() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    for (index, sheet) in CommitteeWorkbookWriter.sheetNames.enumerated() {
      let setup = try book.printSetup(sheet)
      #expect(setup.orientation == "landscape", "\(sheet)")
      #expect(setup.paperSize == "9", "\(sheet)")  // A4
      #expect(setup.fitsToPage && setup.fitToWidth == "1" && setup.fitToHeight == "0", "\(sheet)")
      let headerRow = index == 0 ? 6 : 1
      #expect(setup.repeatedRows == "'\(sheet)'!$1:$\(headerRow)", "\(sheet)")
      #expect(setup.header == "&L徐汇区 龙华街道 龙华居委&C&A&R截至 2022-04-03 22:00:00", "\(sheet)")
      #expect(setup.footer == "&C第 &P 页 / 共 &N 页", "\(sheet)")
    }
  }

  @Test func pageHeaderEscapesAmpersandsAndStaysWithinExcelsLimit() throws {
    #expect(PageText.committee("A&B居委", asOf: "2022-04-03 22:00:00").header.hasPrefix("&LA&&B居委&C"))
    let long = PageText.committee(String(repeating: "长", count: 400) + "&", asOf: "2022-04-03 22:00:00")
    #expect(long.header.count <= PageText.maxCharacters)
    #expect(long.header.hasSuffix("&R截至 2022-04-03 22:00:00"))
    var builder = WorkbookContentBuilder()
    builder.content.committee = String(repeating: "很长的居委会名称", count: 40) + "&"
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(builder.content, in: folder)  // libxlsxwriter accepts it
    #expect(try book.printSetup("汇总").header.contains("…&C&A&R截至"))
  }

  @Test func eachBuildingStartsANewPageNamedAtItsTop() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let gaps = try book.grid("未检名单")
    // Headings: 云锦小区 2号 (row 2), 云锦小区 10号 (row 4), 龙华新村 12号 (row 9).
    let headings = (1..<gaps.rowCount).filter { gaps.value($0, 4).isEmpty }
    #expect(headings == [1, 3, 8])
    #expect(headings.map { gaps.value($0, 1) } == ["2号", "10号", "12号"])
    #expect(gaps.value(3, 2) == "未检 4 人，其中需上门 2 人")
    #expect(gaps.value(1, 2) == "未检 1 人")
    // A break before every heading but the first (which follows the header on page 1).
    #expect(try book.printSetup("未检名单").rowBreaks == [3, 8])
    // The notes column is an empty, boxed cell on every resident's row.
    for row in CommitteeWorkbookWriterTests.residentRows(gaps) {
      let notes = try #require(gaps[row, 9])
      #expect(notes.value.isEmpty)
    }
  }

  // MARK: - Chart

  /// A committee of `count` buildings over `compounds` compounds; building `i` has coverage
  /// `(i % 97) / 100`.
  static func committee(buildings count: Int, compounds: Int) -> CommitteeWorkbookContent {
    var builder = WorkbookContentBuilder()
    for i in 0..<count {
      builder.addBuilding(
        "小区\(i % compounds + 1)", "\(i / compounds + 1)号", residents: 110, eligible: 100,
        tested: i % 97, certValid: i % 97, households: 40, complete: 10)
    }
    return builder.content
  }

  @Test func chartShowsBuildingsCompoundsOrTheFurthestBehind() {
    let few = SummaryChart(buildings: Self.committee(buildings: 30, compounds: 3).buildings)
    #expect(few.mode == .buildings)
    #expect(few.bars.count == 30)

    let compounds = SummaryChart(buildings: Self.committee(buildings: 400, compounds: 12).buildings)
    #expect(compounds.mode == .compounds)
    #expect(compounds.bars.map(\.label).prefix(3) == ["小区1", "小区2", "小区3"])  // natural order
    #expect(compounds.title == "各小区覆盖率（12 个小区 400 栋）")

    // 872 buildings in 2 compounds: two bars would say nothing; the 30 furthest behind.
    let content = Self.committee(buildings: 872, compounds: 2)
    let behind = SummaryChart(buildings: content.buildings)
    #expect(behind.mode == .furthestBehind)
    #expect(behind.bars.count == SummaryChart.maxBars)
    let coverages = behind.bars.compactMap(\.coverage)
    #expect(coverages == coverages.sorted())
    #expect(coverages.first == 0)
    // Coverage (i % 97)%: buildings i = 0, 97, …, 776, 9 of the 872, stand at 0%.
    #expect(behind.title == "覆盖率最低的 30 栋（共 872 栋，其中 9 栋覆盖率为 0%）")

    // Early in a round: 600 of 650 buildings at 0% (all 30 bars are 0%), the title says so;
    // none at 0%: no count.
    var early = Self.committee(buildings: 650, compounds: 2).buildings
    for i in early.indices where i < 600 { early[i].counts.tested = 0 }
    #expect(SummaryChart(buildings: early).title == "覆盖率最低的 30 栋（共 650 栋，其中 600 栋覆盖率为 0%）")
    var late = Self.committee(buildings: 650, compounds: 2).buildings
    for i in late.indices { late[i].counts.tested = max(late[i].counts.tested, 1) }
    #expect(SummaryChart(buildings: late).title == "覆盖率最低的 30 栋（共 650 栋）")
  }

  @Test func severalHundredBuildingsKeepTheChartWithinItsLimit() throws {
    for (count, compounds) in [(400, 12), (872, 2), (650, 65)] {
      var content = Self.committee(buildings: count, compounds: compounds)
      content.buildings.reverse()  // the writer sorts naturally
      let folder = TemporaryDirectory("natrecon-xlsx")
      let book = try Self.written(content, in: folder)
      let summary = try book.grid("汇总")
      #expect(summary.rowCount == 6 + count)
      let chart = try book.text("xl/charts/chart1.xml")
      #expect(chart.contains("<c:barChart>"))
      let bars = SummaryChart(
        buildings: NaturalOrder.stableSorted(content.buildings) { a, b in
          let c = NaturalOrder.compare(a.compound, b.compound)
          return c != 0 ? c : NaturalOrder.compare(a.building, b.building)
        }
      ).bars
      #expect(bars.count <= SummaryChart.maxBars)
      // The series reads exactly those bars from the hidden columns Y and Z.
      #expect(chart.contains("$Y$7:$Y$\(6 + bars.count)"), "\(count) buildings")
      #expect(chart.contains("$Z$7:$Z$\(6 + bars.count)"), "\(count) buildings")
      #expect(summary.columnValues(24, from: 6).filter { !$0.isEmpty } == bars.map(\.label))
      // Sized to stay on the first printed page: 30 bars at most 600 pixels tall.
      #expect(SummaryChart.heightPixels(bars: bars.count) <= 600)
    }
  }

  /// A 汇总 longer than the chart's 30 bars prints its table at a scale that fits the
  /// table's own columns (not shrunk to make room for the chart beside its first rows),
  /// with the chart on a page of its own right after the first (a break before its
  /// column, pages across first); up to 30 buildings it stays one page wide, chart beside.
  @Test func aLongSummaryPrintsTheTableAtItsOwnScaleAndTheChartOnPageTwo() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    for (count, isLong) in [(30, false), (31, true), (872, true)] {
      let book = try Self.written(Self.committee(buildings: count, compounds: 2), in: folder)
      let setup = try book.printSetup("汇总")
      #expect(setup.fitsToPage == !isLong, "\(count) buildings")
      #expect(setup.columnBreaks == (isLong ? [CommitteeSheets.summaryHeaders.count] : []), "\(count)")
      #expect(setup.pageOrder == (isLong ? "overThenDown" : ""), "\(count) buildings")
      if isLong {
        let scale = try #require(Int(setup.scale), "\(count) buildings")
        #expect(scale >= 60 && scale <= 100, "\(count) buildings: \(scale)%")
      }
      #expect(setup.repeatedRows == "'汇总'!$1:$6")
      // The other sheets keep fitting one page wide.
      #expect(try book.printSetup("户进度").fitsToPage)
    }
  }

  @Test func summaryPrintScaleFitsTheTableWidthAndTheChartHeight() {
    // Narrow table: the 600-pixel chart (from below the five title rows) sets the scale.
    let chart = CommitteeSheets.summaryPrintScale(tableWidths: Array(repeating: 8, count: 13), chartHeightPixels: 600)
    #expect(chart == 86)
    // A table wider than the page is scaled to its width.
    let wide = CommitteeSheets.summaryPrintScale(tableWidths: Array(repeating: 16, count: 13), chartHeightPixels: 600)
    let widthPixels: Double = 10.29 * 96 * 0.97
    let tablePixels: Double = 13 * 117 * 1.35  // (16 units × 7 + 5) × 1.35 a column
    #expect(wide == Int((widthPixels / tablePixels * 100).rounded(.down)))
    // Never above 100%, never below Excel's 10%.
    #expect(CommitteeSheets.summaryPrintScale(tableWidths: [6], chartHeightPixels: 100) == 100)
    #expect(
      CommitteeSheets.summaryPrintScale(tableWidths: Array(repeating: 48, count: 200), chartHeightPixels: 600) == 10)
  }

  // MARK: - Positives and exemptions

  @Test func positivesAndExemptHouseholdsStandOut() throws {
    var builder = WorkbookContentBuilder()
    let t = WorkbookContentBuilder.asOf
    builder.addBuilding(
      "云锦小区", "1号", residents: 9, eligible: 6, tested: 6, certValid: 5, households: 3, complete: 3,
      positive: 1)
    let positive = builder.address("云锦小区", "1号", "1单元", "101")
    let exempt = builder.address("云锦小区", "1号", "1单元", "102")
    builder.addHousehold(positive, members: 3, eligible: 3, tested: 3, certValid: 2, positive: 1)
    builder.addHousehold(exempt, members: 2, eligible: 0, tested: 0, certValid: 0, exemptReasons: "住院;卧床在家")
    builder.addHousehold(
      builder.address("云锦小区", "1号", "1单元", "201"), members: 4, eligible: 3, tested: 3, certValid: 3,
      exemptReasons: "外出")
    builder.addPositiveTube(
      "T1", sampleTime: t - 10 * 3600, serial: 1, name: "王伟", result: .positive, address: positive)
    builder.addPositiveTube(
      "T1", sampleTime: t - 10 * 3600, serial: 2, name: "王芳", result: .pending, address: positive)
    builder.addPositiveTube(
      "T1", sampleTime: t - 10 * 3600, serial: 3, name: "李强", result: .negative,
      address: builder.address("云锦小区", "1号", "1单元", "202"), retestTime: t - 3600, retestResult: .negative)
    builder.addPositiveTube(
      "T1", sampleTime: t - 10 * 3600, serial: 4, name: "李娟", result: .negative,
      address: builder.address("云锦小区", "1号", "1单元", "202"), retestTime: t - 1800, retestResult: .pending)
    // The same person in a second positive tube counts once.
    builder.addPositiveTube(
      "T2", sampleTime: t - 9 * 3600, serial: 2, name: "王芳", result: .pending, address: positive)
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(builder.content, in: folder)

    let households = try book.grid("户进度")
    #expect(households.columnValues(10, from: 1) == ["有阳性", "免检", "全部已检"])
    #expect(households.columnValues(11, from: 1) == ["", "住院、卧床在家", "外出"])
    // 有阳性 is never the green of a complete household.
    #expect(households[1, 10]?.style != households[3, 10]?.style)

    let summary = try book.grid("汇总")
    #expect(summary.value(2, 0) == "阳性 1 人 · 混管阳性待单管复核 2 人 · 免检 3 人")
    #expect(summary.rowValues(4)[10...12] == ["1", "2", "3"])  // totals: 阳性, 待单管复核, 免检
    #expect(summary.rowValues(6)[10...12] == ["1", "2", "3"])  // the building

    let tubes = try book.grid("混管复核")
    #expect(tubes.columnValues(0, from: 1) == ["待复核", "待复核", "待复核", "已复核", "复核待出"])
    #expect(tubes.value(4, 3) == "李强")
    #expect(tubes.value(4, 8) == "阴性")
  }

  // MARK: - 数据问题

  @Test func dataIssuesSpeakPlainChineseWithIDsMasked() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let content = WorkbookContentBuilder.small()
    let book = try Self.written(content, in: folder)
    let issues = try book.grid("数据问题")
    #expect(issues.columnValues(1, from: 1) == ["12", "30", "41", "57", "63"])
    #expect(issues.columnValues(2, from: 1) == ["证件号码", "证件号码", "室号", "证件号码", "整行"])
    #expect(issues.value(2, 3) == "证件号码被 Excel 变成了科学计数法（如 3.10104E+17），无法使用")
    #expect(issues.value(3, 3) == "必填的「室号」是空的")
    #expect(issues.value(4, 3) == "证件号码与第 9 行重复，这一行没有计入")
    #expect(issues.columnValues(6, from: 1) == ["已计入，请核对", "未计入", "未计入", "未计入", "未计入"])
    #expect(issues.value(1, 4) == IDMask.mask(WorkbookContentBuilder.id(13)))
    #expect(issues.value(2, 4) == "3.*******17")
    #expect(issues.value(5, 4) == "王秀英 " + IDMask.mask(WorkbookContentBuilder.id(15)))
    for row in 1..<issues.rowCount { #expect(!issues.value(row, 5).isEmpty) }
    let xml = try book.sheetXML().joined()
    #expect(xml.range(of: "[0-9]{17}[0-9X]", options: .regularExpression) == nil)
  }

  @Test(arguments: [
    ("310104199001011234", "id_number", "310104********1234"),
    ("３１０１０４", "id_number", "３１**０４"),
    ("A1234567", "id_number", "A1****67"),
    ("电话13912345678 证 310104199001011234", "", "电话13912345678 证 310104********1234"),
  ])
  func issueValuesAreMasked(_ example: (String, String, String)) {
    let issue = DataIssue(
      file: "roster.csv", line: 2, field: example.1, value: example.0, code: .csvSyntax, message: "")
    #expect(CommitteeSheets.maskedValue(issue) == example.2)
  }

  // MARK: - 趋势

  @Test func trendShowsTheLast14RunsOrThisRunAlone() throws {
    var builder = WorkbookContentBuilder()
    builder.addBuilding(
      "云锦小区", "1号", residents: 10, eligible: 8, tested: 6, certValid: 7, households: 3, complete: 1)
    let folder = TemporaryDirectory("natrecon-xlsx")
    let alone = try Self.written(builder.content, in: folder).grid("趋势")
    #expect(alone.rowCount == 2)
    #expect(abs((alone[1, 0]?.number ?? 0) - Timestamp.excelSerial(WorkbookContentBuilder.asOf)) < 1e-9)
    #expect(alone.rowValues(1).prefix(6).map { $0 } == [alone.value(1, 0), "8", "6", "0.75", "7", "0.875"])
    #expect(alone.value(1, 6) == "4月3日 22:00")

    builder.content.trend = (0..<20).map {
      CommitteeTrendPoint(
        asOf: WorkbookContentBuilder.asOf - Int64(19 - $0) * 86_400, eligible: 100, tested: 50 + $0,
        certValid: 40 + $0)
    }
    let other = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(builder.content, in: other)
    let trend = try book.grid("趋势")
    #expect(trend.rowCount == 15)
    #expect(trend.columnValues(2, from: 1) == (56..<70).map(String.init))
    let chart = try book.text("xl/charts/chart2.xml")
    #expect(chart.contains("<c:lineChart>"))
    #expect(chart.contains("$D$2:$D$15") && chart.contains("$F$2:$F$15"))
  }
}
