import Foundation
import NatReconCore
import NatReconReports
import NatReconTestSupport
import Testing

@Suite struct CommitteeWorkbookWriterTests {
  static let sheetNames = ["汇总", "户进度", "未检名单", "即将到期", "混管复核", "数据问题", "趋势"]
  static let timeFormat = "yyyy-mm-dd hh:mm:ss"

  /// Writes `content` into a fresh folder and opens it for reading.
  static func written(
    _ content: CommitteeWorkbookContent, rowLimit: Int = CommitteeWorkbookWriter.excelRowLimit,
    in folder: TemporaryDirectory
  ) throws -> XLSXTestReader {
    let path = folder.file(
      CommitteeWorkbookWriter.fileName(
        district: content.district, street: content.street, committee: content.committee))
    try CommitteeWorkbookWriter.write(content, to: path, rowLimit: rowLimit)
    return XLSXTestReader(path: path)
  }

  /// The rows of 未检名单 that list a resident (not a building's heading row).
  static func residentRows(_ gaps: CellGrid) -> [Int] {
    (1..<max(1, gaps.rowCount)).filter { !gaps.value($0, 4).isEmpty }
  }

  // MARK: - Structure

  @Test func sheetsComeInSpecOrder() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    #expect(try book.sheetNames() == Self.sheetNames)
    #expect(CommitteeWorkbookWriter.sheetNames == Self.sheetNames)
  }

  @Test func everySheetHasChineseHeaders() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)

    let summary = try book.grid("汇总")
    #expect(summary.value(0, 0) == "徐汇区 龙华街道 龙华居委 核酸检测进度")
    #expect(
      summary.value(1, 0)
        == "截至 2022-04-03 22:00:00 · 本轮 2022-04-03 00:00:00 至 2022-04-03 23:59:59 · 证明有效期 48 小时 · 到期提醒 12 小时"
    )
    #expect(summary.value(2, 0) == "阳性 1 人 · 混管阳性待单管复核 1 人 · 免检 15 人")
    let summaryHeader = [
      "小区", "楼号", "居民", "应检", "已检", "未检", "覆盖率", "有效证明", "户数", "已完成户", "阳性",
      "待单管复核", "免检",
    ]
    #expect(summary.rowValues(3) == ["范围", ""] + summaryHeader.dropFirst(2))
    #expect(summary.rowValues(5) == summaryHeader)
    // The hidden columns Y and Z hold the chart's bars.
    #expect(summary.value(6, 24) == "云锦小区 2号")
    #expect(
      try book.grid("户进度").rowValues(0)
        == ["小区", "楼号", "单元", "室号", "居民", "应检", "已检", "未检", "有效证明", "阳性", "状态", "免检原因"])
    #expect(
      try book.grid("未检名单").rowValues(0)
        == ["小区", "楼号", "单元", "室号", "姓名", "证件号码", "联系电话", "标签", "最近采样时间", "上门情况/备注"])
    #expect(
      try book.grid("即将到期").rowValues(0)
        == ["证明到期时间", "小区", "楼号", "单元", "室号", "姓名", "证件号码", "联系电话", "最近阴性时间"])
    #expect(
      try book.grid("混管复核").rowValues(0)
        == [
          "复核情况", "管码", "采样时间", "姓名", "证件号码", "联系电话", "混管结果", "单管复核时间", "单管复核结果",
          "小区", "楼号", "单元", "室号",
        ])
    #expect(
      try book.grid("数据问题").rowValues(0) == ["文件", "行号", "字段", "问题", "内容", "怎么改", "本次处理"])
    #expect(
      try book.grid("趋势").rowValues(0) == ["截至时间", "应检", "已检", "覆盖率", "有效证明", "证明率", "图表标签"])
  }

  @Test func rowCountsMatchTheLists() throws {
    let content = WorkbookContentBuilder.small()
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(content, in: folder)
    #expect(try book.grid("汇总").rowCount == 6 + content.buildings.count)
    #expect(try book.grid("户进度").rowCount == 1 + content.households.count)
    // One heading row per building with gaps (云锦小区 2号, 10号; 龙华新村 12号).
    #expect(try book.grid("未检名单").rowCount == 1 + content.gaps.count + 3)
    #expect(try book.grid("数据问题").rowCount == 1 + content.issues.count)
    #expect(try book.grid("趋势").rowCount == 1 + content.trend.count)
    #expect(try book.grid("即将到期").rowCount == 1 + content.expiring.count)
    #expect(try book.grid("混管复核").rowCount == 1 + content.positiveTubes.count)
  }

  @Test func headersAreFrozenAndFiltered() throws {
    let content = WorkbookContentBuilder.small()
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(content, in: folder)
    let xml = try book.sheetXML()
    // 汇总: header on row 5 under the title block; lists: header on row 1.
    #expect(xml[0].contains(#"topLeftCell="A7""#))
    #expect(xml[0].contains(#"<autoFilter ref="A6:M11"/>"#))
    #expect(xml[1].contains(#"topLeftCell="A2""#))
    #expect(xml[1].contains(#"<autoFilter ref="A1:L6"/>"#))
    #expect(xml[2].contains(#"<autoFilter ref="A1:J10"/>"#))
    #expect(xml[3].contains(#"<autoFilter ref="A1:I4"/>"#))
    #expect(xml[4].contains(#"<autoFilter ref="A1:M4"/>"#))
    #expect(xml[5].contains(#"<autoFilter ref="A1:G6"/>"#))
    #expect(xml[6].contains(#"<autoFilter ref="A1:G4"/>"#))
    for sheet in xml {
      #expect(sheet.contains(#"state="frozen""#))
      #expect(sheet.contains("<cols>"))
    }
  }

  @Test func columnsFitChineseText() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let gaps = try book.sheetXML()[2]
    // 证件号码 holds 18 characters; 最近采样时间 a 19-character time.
    func width(_ column: Int) -> Double? {
      let pattern = #"<col min="\#(column)" max="\#(column)" width="([0-9.]+)""#
      guard let range = gaps.range(of: pattern, options: .regularExpression) else { return nil }
      let match = String(gaps[range])
      return Double(match.split(separator: "\"")[5])
    }
    #expect((width(6) ?? 0) >= 19)
    #expect((width(9) ?? 0) >= 19)
    // 标签 "行动不便、残疾" is 7 CJK characters: at least 14 units.
    #expect((width(8) ?? 0) >= 14)
  }

  // MARK: - Cells

  @Test func idNumbersAreMaskedEverywhere() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    // Full IDs in every list: positive tubes always carry them; gaps and expiring here too.
    let content = WorkbookContentBuilder.small(fullIDs: true)
    let book = try Self.written(content, in: folder)
    for (name, xml) in zip(try book.sheetNames(), try book.sheetXML()) {
      #expect(xml.range(of: "[0-9]{18}", options: .regularExpression) == nil, "\(name)")
      #expect(xml.range(of: "[0-9]{17}X", options: .regularExpression) == nil, "\(name)")
    }
    let masked = #"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$"#
    for (sheet, column) in [("未检名单", 5), ("即将到期", 6), ("混管复核", 4)] {
      let ids = try book.grid(sheet).columnValues(column, from: 1).filter { !$0.isEmpty }
      #expect(!ids.isEmpty)
      for id in ids {
        #expect(id.range(of: masked, options: .regularExpression) != nil, "\(sheet): \(id)")
      }
    }
    let tubeIDs = try book.grid("混管复核").columnValues(4, from: 1)
    #expect(Set(tubeIDs) == Set(content.positiveTubes.map { IDMask.mask($0.idNumber) }))
  }

  @Test func idNumbersAndPhonesAreTextCells() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    for (sheet, columns) in [("未检名单", [5, 6]), ("即将到期", [6, 7]), ("混管复核", [1, 4, 5])] {
      let grid = try book.grid(sheet)
      for row in 1..<grid.rowCount where sheet != "未检名单" || Self.residentRows(grid).contains(row) {
        for column in columns {
          let cell = try #require(grid[row, column], "\(sheet) \(row):\(column)")
          #expect(cell.isString, "\(sheet) \(row):\(column)")
        }
      }
    }
    // In constant-memory mode libxlsxwriter writes strings inline.
    #expect(try book.grid("未检名单")[2, 6]?.kind == .inlineString)
  }

  @Test func timesAreDateTimeNumbers() throws {
    let content = WorkbookContentBuilder.small()
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(content, in: folder)

    let expiring = try book.grid("即将到期")
    let first = try #require(expiring[1, 0])
    #expect(first.isNumber)
    #expect(first.numberFormat == Self.timeFormat)
    let soonest = try #require(content.expiring.map(\.certExpiresAt).min())
    #expect(abs((first.number ?? 0) - Timestamp.excelSerial(soonest)) < 1e-9)
    // 2022-04-04 00:00:00 Shanghai is serial 44655.
    #expect(abs((first.number ?? 0) - 44655.0) < 1e-9)
    #expect(expiring[1, 8]?.numberFormat == Self.timeFormat)
    #expect(try book.grid("混管复核")[1, 2]?.numberFormat == Self.timeFormat)
    #expect(try book.grid("混管复核")[3, 7]?.numberFormat == Self.timeFormat)

    // Residents never sampled have an empty time cell.
    let gaps = try book.grid("未检名单")
    let times = Self.residentRows(gaps).map { gaps[$0, 8] }
    // (A door-to-door row's empty time is a blank cell carrying the row's fill.)
    #expect(times.contains { $0 == nil || $0?.value == "" })
    for cell in times.compactMap({ $0 }) where !cell.value.isEmpty {
      #expect(cell.isNumber)
      #expect(cell.numberFormat == Self.timeFormat)
    }
  }

  @Test func coverageIsAPercentAndLowCoverageStandsOut() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let summary = try book.grid("汇总")
    let totals = try #require(summary[4, 6])
    #expect(totals.isNumber)
    #expect(totals.numberFormat == "0.00%")
    #expect(totals.number == 0.8304)  // summary.csv's %.4f of 93 / 112
    // Building rows in natural order: 2号 96.7%, 3号 (nobody eligible), 10号 78.9%.
    #expect(summary.columnValues(1, from: 6) == ["2号", "3号", "10号", "1号", "12号"])
    let good = try #require(summary[6, 6])
    let low = try #require(summary[8, 6])
    #expect(good.numberFormat == "0.00%")
    #expect(low.numberFormat == "0.00%")
    #expect(good.style != low.style)
    #expect(summary[7, 6] == nil)  // empty when eligible = 0
  }

  /// 汇总 and 趋势 print a ratio as dashboard.html does: summary.csv's four decimals with
  /// the point moved (`0.00%` over the `%.4f` value), never rounded a second time, and
  /// "under 90%" judged on what is printed.
  @Test func percentagesPrintAsTheDashboardDoes() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    var content = WorkbookContentBuilder.small()
    // 22,499 / 25,000 = 0.89996: printed 90.00%, so not shown as under 90%.
    content.totals.eligible = 25_000
    content.totals.tested = 22_499
    let book = try Self.written(content, in: folder)
    let totals = try #require(try book.grid("汇总")[4, 6])
    #expect(totals.number == 0.9)
    #expect(DashboardText.percent(22_499.0 / 25_000) == "90.00%")
    let trend = try book.grid("趋势")
    var shown = 0
    for row in 1..<trend.rowCount {
      for (column, numerator) in [(3, 2), (5, 4)] {
        guard let cell = trend[row, column], let eligible = Double(trend.value(row, 1)),
          let count = Double(trend.value(row, numerator))
        else { continue }
        #expect(cell.numberFormat == "0.00%")
        let printed = String(format: "%.2f%%", (cell.number ?? -1) * 100)
        #expect(printed == DashboardText.percent(count / eligible), "趋势 row \(row + 1)")
        shown += 1
      }
    }
    #expect(shown == 6)
    #expect(try book.grid("趋势")[1, 3]?.number == 0.6364)  // 70 / 110
  }

  @Test func doorToDoorResidentsStandOut() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let gaps = try book.grid("未检名单")
    let residents = Self.residentRows(gaps)
    let tagged = residents.filter { !gaps.value($0, 7).isEmpty }
    let doorRows = tagged.filter {
      gaps.value($0, 7).contains("行动不便") || gaps.value($0, 7).contains("独居老人")
    }
    let plainRows = residents.filter { !doorRows.contains($0) }
    #expect(doorRows.count == 2)
    #expect(gaps.value(doorRows[1], 7) == "行动不便、残疾")
    let plainNameStyle = try #require(gaps[plainRows[0], 4]?.style)
    for row in doorRows {
      #expect(gaps[row, 4]?.style != plainNameStyle)
      #expect(gaps[row, 7]?.style != gaps[row, 4]?.style)  // the tag cell is bolder still
    }
  }

  @Test func householdStatusIsInChinese() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let households = try book.grid("户进度")
    #expect(
      households.columnValues(10, from: 1) == ["免检", "部分已检", "全部已检", "未检", "有阳性"])
  }

  // MARK: - Order

  @Test func listsSortNaturallyAndKeepRosterOrderForTies() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)

    let households = try book.grid("户进度")
    #expect(
      (1..<households.rowCount).map { households.value($0, 1) + households.value($0, 2) }
        == ["2号1单元", "10号1单元", "10号2单元", "10号12单元", "12号"])

    let gaps = try book.grid("未检名单")
    // 2号 before 10号, 1单元 before 12单元; the two residents of 10号 1单元 101 keep
    // roster order (王秀英 was listed before 陈建国).
    #expect(
      Self.residentRows(gaps).map { gaps.value($0, 4) } == ["孙丽", "王秀英", "陈建国", "刘洋", "赵敏", "周杰"])

    // Soonest expiry first; equal expiry by address naturally (2号 before 龙华新村).
    #expect(try book.grid("即将到期").columnValues(5, from: 1) == ["郑强", "冯伟", "吴芳"])

    // Awaiting retest first, then tube codes naturally: T202204030009 before T2022040300119.
    #expect(
      try book.grid("混管复核").columnValues(1, from: 1)
        == ["T202204030009", "T2022040300119", "T2022040300119"])
    #expect(try book.grid("混管复核").columnValues(3, from: 1) == ["邓超", "何静", "许磊"])
  }

  @Test func positiveTubesShowResultsInChinese() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let tubes = try book.grid("混管复核")
    #expect(tubes.columnValues(6, from: 1) == ["待出", "阳性", "阴性"])
    #expect(tubes.rowValues(1).count == 7)  // unmatched, not retested: no retest or address cells
    #expect(tubes.value(2, 9) == "龙华新村")
    #expect(tubes.columnValues(0, from: 1) == ["待复核", "待复核", "已复核"])
    #expect(tubes.value(3, 8) == "阴性")
  }

  // MARK: - Splitting

  @Test func longListsContinueOnNumberedSheets() throws {
    var builder = WorkbookContentBuilder()
    builder.addBuilding(
      "云锦小区", "1号", residents: 20, eligible: 20, tested: 0, certValid: 0, households: 10,
      complete: 0)
    for serial in 0..<15 {
      builder.addGap(
        builder.address("云锦小区", "1号", "1单元", "\(101 + serial)"), name: "居民\(serial)", serial: serial
      )
    }
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(builder.content, rowLimit: 8, in: folder)
    #expect(
      try book.sheetNames()
        == [
          "汇总", "户进度", "未检名单", "未检名单 (2)", "未检名单 (3)", "即将到期", "混管复核", "数据问题", "趋势",
        ])
    // A heading row and 15 residents, 7 rows a sheet under the header.
    let parts = try ["未检名单", "未检名单 (2)", "未检名单 (3)"].map { try book.grid($0) }
    #expect(parts.map(\.rowCount) == [8, 8, 3])
    for part in parts { #expect(part.value(0, 4) == "姓名") }
    let rooms = parts.flatMap { part in Self.residentRows(part).map { part.value($0, 3) } }
    #expect(rooms == (0..<15).map { "\(101 + $0)" })
    let xml = try book.sheetXML()
    #expect(xml[3].contains(#"<autoFilter ref="A1:J8"/>"#))
    #expect(xml[4].contains(#"<autoFilter ref="A1:J3"/>"#))
  }

  @Test func summaryContinuesAfterItsTitleBlock() throws {
    var builder = WorkbookContentBuilder()
    for number in 1...6 {
      builder.addBuilding(
        "小区", "\(number)号", residents: 1, eligible: 1, tested: 1, certValid: 1, households: 1,
        complete: 1)
    }
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(builder.content, rowLimit: 9, in: folder)
    // 9 rows: title block (5) + header + 3 buildings, then header + 3 buildings.
    let first = try book.grid("汇总")
    let second = try book.grid("汇总 (2)")
    #expect(first.rowCount == 9)
    #expect(first.columnValues(1, from: 6) == ["1号", "2号", "3号"])
    #expect(second.value(0, 0) == "小区")
    #expect(second.columnValues(1, from: 1) == ["4号", "5号", "6号"])
  }

  @Test func emptyListsStillGetHeaderOnlySheets() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder().content, in: folder)
    #expect(try book.sheetNames() == Self.sheetNames)
    #expect(try book.grid("未检名单").rowCount == 1)
    #expect(try book.grid("汇总").rowCount == 6)
    // No bar chart without buildings; the trend still shows this run.
    #expect(try book.entryNames().filter { $0.hasPrefix("xl/charts/") } == ["xl/charts/chart1.xml"])
    #expect(try book.text("xl/charts/chart1.xml").contains("<c:lineChart>"))
    #expect(try book.grid("数据问题").value(1, 3) == "本次没有发现本居委台账的问题")
    #expect(try book.grid("趋势").rowCount == 2)
  }

  // MARK: - Chart

  @Test func summaryHasACoverageBarChart() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(WorkbookContentBuilder.small(), in: folder)
    let chart = try book.text("xl/charts/chart1.xml")
    #expect(chart.contains("<c:barChart>"))
    #expect(chart.contains(#"<c:barDir val="bar"/>"#))
    #expect(chart.contains("汇总!$Y$7:$Y$11") || chart.contains("'汇总'!$Y$7:$Y$11"))
    // The bars' data sit in hidden columns: the chart must plot hidden cells (libxlsxwriter
    // then leaves out `plotVisOnly`, which Excel reads as false).
    #expect(!chart.contains(#"<c:plotVisOnly val="1"/>"#))
    #expect(try book.sheetXML()[0].contains(#"<col min="25" max="25" width="0" hidden="1""#))
    #expect(chart.contains("汇总!$Z$7:$Z$11") || chart.contains("'汇总'!$Z$7:$Z$11"))
    // The value axis is a percentage from 0 to 100%.
    let valueAxis = try #require(
      chart.range(of: "<c:valAx>.*</c:valAx>", options: .regularExpression))
    #expect(chart[valueAxis].contains(#"formatCode="0%""#))
    #expect(chart[valueAxis].contains(#"<c:max val="1"/>"#))
    let drawing = try book.text("xl/drawings/drawing1.xml")
    #expect(drawing.contains("<xdr:col>13</xdr:col>"))  // beside the table (N)
  }

  // MARK: - Determinism and errors

  @Test func sameContentGivesIdenticalSheets() throws {
    let content = WorkbookContentBuilder.small()
    let folder = TemporaryDirectory("natrecon-xlsx")
    try CommitteeWorkbookWriter.write(content, to: folder.file("a.xlsx"))
    try CommitteeWorkbookWriter.write(content, to: folder.file("b.xlsx"))
    let a = XLSXTestReader(path: folder.file("a.xlsx"))
    let b = XLSXTestReader(path: folder.file("b.xlsx"))
    #expect(try a.entryNames() == b.entryNames())
    for entry in try a.entryNames() where entry.hasSuffix(".xml") {
      #expect(try a.entry(entry) == b.entry(entry), "\(entry)")
    }
    #expect(try a.text("docProps/core.xml").contains("2022-04-03T14:00:00Z"))
  }

  @Test func unwritableFolderIsAReportError() throws {
    let path = "/nonexistent-natrecon-folder/committees/a.xlsx"
    do {
      try CommitteeWorkbookWriter.write(WorkbookContentBuilder.small(), to: path)
      Issue.record("expected an error")
    } catch {
      guard case .workbookNotSaved(let errorPath, let detail) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(errorPath == path)
      #expect(!detail.isEmpty)
      #expect(error.description.hasPrefix(path + ": cannot save the workbook ("))
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func controlCharactersInRosterTextKeepTheFileValid() throws {
    var builder = WorkbookContentBuilder()
    builder.addGap(
      builder.address("云锦\u{1}小区", "1号", "1单元", "101"), name: "王\u{7}秀英\u{1F}", serial: 1,
      tags: ["独居\u{0B}老人"])
    let folder = TemporaryDirectory("natrecon-xlsx")
    let book = try Self.written(builder.content, in: folder)
    let gaps = try book.grid("未检名单")  // parses only if the XML is well-formed
    #expect(gaps.rowValues(2).prefix(5) == ["云锦 小区", "1号", "1单元", "101", "王 秀英 "])
    #expect(gaps.value(2, 7) == "独居 老人")
  }

  @Test func errorsNameFileSheetAndRow() {
    let error = ReportError.sheetWriteFailed(
      path: "out/committees/a.xlsx", sheet: "未检名单", row: 12, call: "worksheet_write_string",
      detail: "String exceeds Excel's limit of 32,767 characters.")
    #expect(
      error.description
        == "out/committees/a.xlsx: sheet 未检名单, row 12: worksheet_write_string failed (String exceeds Excel's limit of 32,767 characters.)"
    )
    let sheetWide = ReportError.sheetWriteFailed(
      path: "a.xlsx", sheet: "汇总", row: nil, call: "worksheet_autofilter", detail: "x")
    #expect(sheetWide.description == "a.xlsx: sheet 汇总: worksheet_autofilter failed (x)")
  }

  // MARK: - File names

  @Test(arguments: [
    (("徐汇区", "龙华街道", "龙华居委"), "徐汇区_龙华街道_龙华居委.xlsx"),
    (("", "龙华街道", ""), "未填_龙华街道_未填.xlsx"),
    (("", "", ""), "未填_未填_未填.xlsx"),
    (("-徐汇区", "龙华街道", "龙华居委"), "_徐汇区_龙华街道_龙华居委.xlsx"),
    (("浦东新区", "A/B街道", "C\\D:E"), "浦东新区_A_B街道_C_D_E.xlsx"),
    (("区\t", "街\u{0}道", "居\u{7F}委\u{85}"), "区__街_道_居_委_.xlsx"),
    (("徐汇区", "龙华 街道", "-"), "徐汇区_龙华 街道_-.xlsx"),
  ])
  func fileNameFollowsSpec(_ example: ((String, String, String), String)) {
    let (parts, expected) = example
    #expect(
      CommitteeWorkbookWriter.fileName(district: parts.0, street: parts.1, committee: parts.2)
        == expected)
  }
}
