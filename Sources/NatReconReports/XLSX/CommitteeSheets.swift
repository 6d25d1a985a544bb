import CXlsxWriter
import NatReconCore

/// Writes the sheets of one committee workbook, in workbook order, each row once.
///
/// Every `write…` method takes its list already sorted for display.
struct CommitteeSheets {
  let book: XLSXBook
  let styles: CommitteeWorkbookStyles
  let rowLimit: Int
  /// Every sheet's printed header and footer.
  let page: PageText

  /// Coverage below this is highlighted on 汇总 and drawn red in the chart.
  static let lowCoverage = 0.9

  // MARK: - 汇总

  static let summaryHeaders = [
    "小区", "楼号", "居民", "应检", "已检", "未检", "覆盖率", "有效证明", "户数", "已完成户", "阳性",
    "待单管复核", "免检",
  ]
  /// Two hidden columns right of the table hold the chart's bars (label, coverage): the
  /// chart shows buildings, compounds or the buildings furthest behind (`SummaryChart`),
  /// so its data is not the table's, and sorting the table leaves it alone.
  /// They sit past the chart (which is anchored at the column after the table), so the
  /// chart starts right beside the table.
  static let chartLabelColumn = 24
  static let chartValueColumn = 25
  /// Title, as-of line, alert line, totals header and totals row sit above the table.
  static let summaryPreambleRows = 5
  private static let coverageColumn = 6
  private static let positiveColumn = 10

  /// Writes 汇总: the committee's totals, positives, members of positive tubes awaiting a
  /// single-tube retest and exempt residents, one row per building, and a coverage chart
  /// beside the table that stays readable at any size (`SummaryChart`).
  func writeSummary(_ content: CommitteeWorkbookContent, buildings: [BuildingProgress])
    throws(ReportError)
  {
    let headers = Self.summaryHeaders
    let totalsLabel = "全居委合计"
    let buildingCount = "共 \(buildings.count) 栋"
    var widths = ColumnWidths(headers: headers)
    widths.fit(0, totalsLabel)
    widths.fit(1, buildingCount)
    for building in buildings {
      widths.fit(0, building.compound)
      widths.fit(1, building.building)
    }
    widths.atLeast(Self.coverageColumn, 9)
    let awaiting = Self.awaitingRetest(content.positiveTubes)
    let chart = SummaryChart(buildings: buildings)

    let styles = self.styles
    let parts = try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[0], headers: headers, widths: widths.widths,
      count: buildings.count, rowLimit: rowLimit, headerFormat: styles.header, page: page,
      preambleRows: Self.summaryPreambleRows,
      preamble: { sheet throws(ReportError) in
        try sheet.hideColumn(Self.chartLabelColumn)
        try sheet.hideColumn(Self.chartValueColumn)
        try sheet.setRow(0, height: 24)
        try sheet.text(
          0, 0, "\(CommitteeWorkbookWriter.committeeLabel(content)) 核酸检测进度", styles.title)
        try sheet.text(1, 0, Self.asOfLine(content), styles.subtitle)
        let alert = Self.alertLine(content.totals, awaitingRetest: awaiting.total)
        try sheet.text(2, 0, alert.text, alert.isUrgent ? styles.alert : styles.subtitle)
        try sheet.text(3, 0, "范围", styles.header)
        try sheet.blank(3, 1, styles.header)
        for column in 2..<headers.count {
          try sheet.text(3, column, headers[column], styles.header)
        }
        try sheet.text(4, 0, totalsLabel, styles.totalsLabel)
        try sheet.text(4, 1, buildingCount, styles.totalsLabel)
        try writeCounts(
          content.totals, awaitingRetest: awaiting.total, on: sheet, row: 4, isTotals: true)
      },
      writeItem: { sheet, row, index throws(ReportError) in
        let building = buildings[index]
        try sheet.text(row, 0, building.compound)
        try sheet.text(row, 1, building.building)
        try writeCounts(
          building.counts,
          awaitingRetest: awaiting.byBuilding[Self.buildingKey(building.compound, building.building)]
            ?? 0, on: sheet, row: row, isTotals: false)
        if index < chart.bars.count {
          let bar = chart.bars[index]
          try sheet.text(row, Self.chartLabelColumn, bar.label)
          if let coverage = bar.coverage { try sheet.number(row, Self.chartValueColumn, coverage) }
        }
      })
    if let first = parts.first, !chart.bars.isEmpty {
      try addCoverageChart(on: first, chart: chart)
    }
    if buildings.count > SummaryChart.maxBars, let first = parts.first {
      // A table of many pages is not shrunk to make room for the chart beside its first
      // rows: it prints at the scale that fits its own columns, and the chart follows the
      // first page on a page of its own (a break before its column, pages across first).
      first.sheet.printScale(
        Self.summaryPrintScale(
          tableWidths: Array(widths.widths.prefix(headers.count)),
          chartHeightPixels: SummaryChart.heightPixels(bars: chart.bars.count)))
      first.sheet.printAcrossThenDown()
      try first.sheet.pageBreak(beforeColumn: headers.count)
    }
  }

  /// The print scale (percent) of a long 汇总: the largest, at most 100, at which the
  /// table's columns fit an A4 landscape page's width and the chart (from the header row)
  /// its height, with libxlsxwriter's default margins (0.7 in left and right, 0.75 in top
  /// and bottom).
  ///
  /// `tableWidths` are the widths given to `setColumn`, which Excel draws 7 pixels a unit
  /// plus 5 in Calibri. Where Calibri is missing, LibreOffice falls back to DejaVu Sans
  /// and draws the same columns about a third wider (1.33× measured on a rendered 汇总):
  /// the estimate takes 1.35× with 3% to spare, so the table stays one page wide in
  /// either; in Excel it then fills about three quarters of the width.
  static func summaryPrintScale(tableWidths: [Double], chartHeightPixels: Double) -> Int {
    let pageWidthPixels = (11.69 - 1.4) * 96 * 0.97
    let pageHeightPixels = (8.27 - 1.5) * 96
    let tablePixels = tableWidths.reduce(0) { $0 + ($1 * 7 + 5) * 1.35 }
    // The chart starts below the title, as-of, alert, totals-header and totals rows.
    let aboveChartPixels = (24 + 4 * 15) * 96 / 72.0
    let byWidth = pageWidthPixels / max(tablePixels, 1)
    let byHeight = pageHeightPixels / (aboveChartPixels + chartHeightPixels + 40)
    return max(10, min(100, Int((min(byWidth, byHeight) * 100).rounded(.down))))
  }

  /// `阳性 1 人 · 混管阳性待单管复核 3 人 · 免检 12 人`; urgent when someone is positive or
  /// still awaits a retest.
  static func alertLine(_ totals: AreaCounts, awaitingRetest: Int) -> (text: String, isUrgent: Bool) {
    let exempt = totals.residents - totals.eligible
    let text =
      "阳性 \(totals.positive) 人 · 混管阳性待单管复核 \(awaitingRetest) 人 · 免检 \(exempt) 人"
    return (text, totals.positive > 0 || awaitingRetest > 0)
  }

  static func buildingKey(_ compound: String, _ building: String) -> String {
    compound + "\u{0}" + building
  }

  /// Distinct residents of positive tubes still awaiting their single-tube retest, in the
  /// committee and per building (a resident in two positive tubes counts once).
  static func awaitingRetest(_ tubes: [PositiveTubeRow]) -> (total: Int, byBuilding: [String: Int]) {
    var all = Set<String>()
    var byBuilding: [String: Set<String>] = [:]
    for tube in tubes where tube.isAwaitingRetest {
      guard let address = tube.address else { continue }
      all.insert(tube.idNumber)
      byBuilding[buildingKey(address.compound, address.building), default: []].insert(tube.idNumber)
    }
    return (all.count, byBuilding.mapValues(\.count))
  }

  /// `截至 … · 本轮 … 至 … · 证明有效期 48 小时 · 到期提醒 12 小时`.
  static func asOfLine(_ content: CommitteeWorkbookContent) -> String {
    "截至 \(Timestamp.format(content.asOf)) · 本轮 \(Timestamp.format(content.roundStart)) 至 "
      + "\(Timestamp.format(content.roundEnd)) · 证明有效期 \(content.validityHours) 小时 · "
      + "到期提醒 \(content.warnHours) 小时"
  }

  private func writeCounts(
    _ counts: AreaCounts, awaitingRetest: Int, on sheet: XLSXSheet, row: Int, isTotals: Bool
  ) throws(ReportError) {
    let countFormat = isTotals ? styles.totalsCount : nil
    try sheet.count(row, 2, counts.residents, countFormat)
    try sheet.count(row, 3, counts.eligible, countFormat)
    try sheet.count(row, 4, counts.tested, countFormat)
    try sheet.count(row, 5, counts.untested, countFormat)
    if let ratio = counts.coverage {
      let coverage = Self.printedRatio(ratio)
      let isLow = coverage < Self.lowCoverage
      let format =
        isTotals
        ? (isLow ? styles.totalsPercentLow : styles.totalsPercent)
        : (isLow ? styles.percentLow : styles.percent)
      try sheet.number(row, Self.coverageColumn, coverage, format)
    } else {
      try sheet.blank(row, Self.coverageColumn, countFormat)
    }
    try sheet.count(row, 7, counts.certValid, countFormat)
    try sheet.count(row, 8, counts.households, countFormat)
    try sheet.count(row, 9, counts.householdsComplete, countFormat)
    try sheet.count(
      row, Self.positiveColumn, counts.positive,
      counts.positive > 0 ? styles.positiveCount : countFormat)
    try sheet.count(
      row, Self.positiveColumn + 1, awaitingRetest,
      awaitingRetest > 0 ? styles.positiveCount : countFormat)
    try sheet.count(row, Self.positiveColumn + 2, counts.residents - counts.eligible, countFormat)
  }

  /// A horizontal bar per `chart` bar, in order from the top, red under 90% coverage,
  /// placed beside the table and sized to stay on the first printed page.
  private func addCoverageChart(on part: TableSheetPart, chart summary: SummaryChart)
    throws(ReportError)
  {
    let bars = summary.bars.prefix(part.items.count)
    let sheetName = part.sheet.name
    let chart = try book.addChart(type: LXW_CHART_BAR, onSheet: sheetName)
    let firstRow = lxw_row_t(part.firstItemRow)
    let lastRow = lxw_row_t(part.firstItemRow + bars.count - 1)
    guard let series = chart_add_series(chart, nil, nil) else {
      throw .sheetWriteFailed(
        path: book.path, sheet: sheetName, row: nil, call: "chart_add_series",
        detail: "out of memory")
    }
    let labelColumn = lxw_col_t(Self.chartLabelColumn)
    let valueColumn = lxw_col_t(Self.chartValueColumn)
    chart_series_set_categories(series, sheetName, firstRow, labelColumn, lastRow, labelColumn)
    chart_series_set_values(series, sheetName, firstRow, valueColumn, lastRow, valueColumn)
    chart_show_hidden_data(chart)  // the data columns are hidden
    chart_set_series_gap(chart, 60)
    chart_series_set_name(series, "覆盖率")
    chart_series_set_labels(series)
    chart_series_set_labels_num_format(series, "0%")

    let fills = book.allocateUntilClose(lxw_chart_fill.self, count: 2)
    fills[0].color = 0xE05555  // under 90%
    fills[1].color = 0x5B9BD5
    let points = book.allocateUntilClose(lxw_chart_point.self, count: bars.count)
    let pointList = book.allocateUntilClose(
      UnsafeMutablePointer<lxw_chart_point>?.self, count: bars.count + 1)
    for (offset, bar) in bars.enumerated() {
      let isLow = (bar.coverage ?? 1) < Self.lowCoverage
      points[offset].fill = fills + (isLow ? 0 : 1)
      pointList[offset] = points + offset
    }
    pointList[bars.count] = nil
    let status = chart_series_set_points(series, pointList)
    guard status == LXW_NO_ERROR else {
      throw .sheetWriteFailed(
        path: book.path, sheet: sheetName, row: nil, call: "chart_series_set_points",
        detail: XLSXBook.text(of: status))
    }

    chart_title_set_name(chart, summary.title)
    chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
    // In a bar chart libxlsxwriter's x axis is the horizontal (value) axis.
    chart_axis_set_num_format(chart.pointee.x_axis, "0%")
    chart_axis_set_min(chart.pointee.x_axis, 0)
    chart_axis_set_max(chart.pointee.x_axis, 1)
    chart_axis_set_major_unit(chart.pointee.x_axis, 0.2)
    // First bar at the top, as in the table; the value axis then crosses at the top
    // unless told to cross at the maximum category.
    chart_axis_set_reverse(chart.pointee.y_axis)
    chart_axis_set_crossing_max(chart.pointee.y_axis)

    try part.sheet.insertChart(
      chart, row: part.headerRow, column: Self.summaryHeaders.count, xOffsetPixels: 24,
      widthPixels: 520, heightPixels: SummaryChart.heightPixels(bars: bars.count))
  }

  // MARK: - Shared cells

  /// A ratio (coverage, certificate rate) as its cell holds it: summary.csv's `%.4f` value
  /// (SPEC §8), shown with the format `0.00%`, so the workbook prints the machine file's
  /// digits exactly as dashboard.html does (`0.8750` → 87.50%), never rounded twice.
  static func printedRatio(_ ratio: Double) -> Double {
    Double(DecimalText.fixed4(ratio)) ?? ratio
  }

  /// A time as an Excel date-time, or an empty cell (formatted when `format` fills).
  func writeTime(
    _ sheet: XLSXSheet, _ row: Int, _ column: Int, _ epochSeconds: Int64?, _ format: XLSXFormat,
    blankFormat: XLSXFormat? = nil
  ) throws(ReportError) {
    if let epochSeconds {
      try sheet.number(row, column, Timestamp.excelSerial(epochSeconds), format)
    } else {
      try sheet.blank(row, column, blankFormat)
    }
  }

  /// The four address columns every list shows (小区, 楼号, 单元, 室号), from `column`.
  func writeAddress(
    _ sheet: XLSXSheet, _ row: Int, _ column: Int, _ address: HouseholdAddress?,
    _ format: XLSXFormat? = nil
  ) throws(ReportError) {
    guard let address else {
      for offset in 0..<4 { try sheet.blank(row, column + offset, format) }
      return
    }
    try sheet.text(row, column, address.compound, format)
    try sheet.text(row, column + 1, address.building, format)
    try sheet.text(row, column + 2, address.unit, format)
    try sheet.text(row, column + 3, address.room, format)
  }

  static let addressHeaders = ["小区", "楼号", "单元", "室号"]

  static func fitAddress(_ widths: inout ColumnWidths, _ column: Int, _ address: HouseholdAddress?) {
    guard let address else { return }
    widths.fit(column, address.compound)
    widths.fit(column + 1, address.building)
    widths.fit(column + 2, address.unit)
    widths.fit(column + 3, address.room)
  }

  /// `yyyy-mm-dd hh:mm:ss` plus margins.
  static let timeWidth = 20.5
}
