import CXlsxWriter
import NatReconCore

extension CommitteeSheets {
  // MARK: - 数据问题

  static let issueHeaders = ["文件", "行号", "字段", "问题", "内容", "怎么改", "本次处理"]
  private static let issueTextWidth = 40.0
  /// The one row of 数据问题 when the committee's rows are clean.
  static let noIssues = "本次没有发现本居委台账的问题"

  /// Writes 数据问题: the committee's own roster rows (and exemption-list rows of its
  /// residents) that were rejected or warned about, in data_issues.csv order, each with
  /// what is wrong and what to do in plain Chinese, so the clerk can correct the roster at
  /// the source. Values that are or contain an ID number are masked.
  func writeIssues(_ issues: [DataIssue]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.issueHeaders)
    let advice = issues.map(IssueAdvice.init)
    let values = issues.map(Self.maskedValue)
    for (issue, value) in zip(issues, values) {
      widths.fit(0, issue.file)
      widths.fit(2, IssueAdvice.fieldName(issue.field))
      widths.fit(4, value)
    }
    widths.atLeast(1, 8)
    widths.atLeast(3, Self.issueTextWidth)
    widths.atLeast(5, Self.issueTextWidth)
    widths.atLeast(6, 12)

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[5], headers: Self.issueHeaders,
      widths: widths.widths, count: max(issues.count, 1), rowLimit: rowLimit,
      headerFormat: styles.header, page: page
    ) { sheet, row, index throws(ReportError) in
      guard index < issues.count else {
        try sheet.text(row, 3, Self.noIssues, styles.subtitle)
        return
      }
      let issue = issues[index]
      // Wrapped rows get no automatic height in a streamed sheet: size them here.
      let lines =
        [advice[index].problem, advice[index].fix, issue.file, values[index]].map {
          Self.wrappedLines($0, width: widths.widths[3])
        }.max() ?? 1
      try sheet.setRow(row, height: 15 * Double(lines) + 3, format: nil)
      try sheet.text(row, 0, issue.file, styles.wrapped)
      try sheet.count(row, 1, issue.line, styles.wrappedNumber)
      try sheet.text(row, 2, IssueAdvice.fieldName(issue.field), styles.wrapped)
      try sheet.text(row, 3, advice[index].problem, styles.wrapped)
      try sheet.text(row, 4, values[index], styles.wrappedDigits)
      try sheet.text(row, 5, advice[index].fix, styles.wrapped)
      try sheet.text(
        row, 6, issue.severity == .error ? "未计入" : "已计入，请核对",
        issue.severity == .error ? styles.issueRejected : styles.issueWarned)
    }
  }

  /// The lines `text` takes wrapped in a column `width` units wide (a little room to spare,
  /// as fonts differ).
  static func wrappedLines(_ text: String, width: Double) -> Int {
    max(1, Int((ColumnWidths.displayWidth(text) * 1.1 / max(width - 1, 1)).rounded(.up)))
  }

  /// An issue's value as the committee may see it: an ID field masked (SPEC §4: 18
  /// characters keep 6 and 4, others 2 and 2), and in any other field every run of 15 or
  /// more ID characters (a shifted column, an ID in a name) masked the same way.
  static func maskedValue(_ issue: DataIssue) -> String {
    if issue.field == "id_number" { return maskCharacters(issue.value) }
    var out = ""
    var run = ""
    func flush() {
      out += run.count >= 15 ? maskCharacters(run) : run
      run = ""
    }
    for character in issue.value {
      if character.isASCII && (character.isNumber || character == "X" || character == "x") {
        run.append(character)
      } else {
        flush()
        out.append(character)
      }
    }
    flush()
    return out
  }

  /// `IDMask.mask` over characters, for raw values that may hold full-width or other
  /// non-ASCII characters (`IDMask` counts bytes of a normalised ID).
  static func maskCharacters(_ value: String) -> String {
    let characters = Array(value)
    let (head, tail) = characters.count == 18 ? (6, 4) : (2, 2)
    guard characters.count > head + tail else {
      return String(characters.prefix(min(1, characters.count)))
        + String(repeating: "*", count: max(0, characters.count - 1))
    }
    return String(characters[0..<head])
      + String(repeating: "*", count: characters.count - head - tail)
      + String(characters[(characters.count - tail)...])
  }

  // MARK: - 趋势

  static let trendHeaders = ["截至时间", "应检", "已检", "覆盖率", "有效证明", "证明率", "图表标签"]
  /// Runs the trend shows (SPEC §4 via issue 12: the last 14 runs).
  static let trendRuns = 14
  private static let trendLabelColumn = 6

  /// The points 趋势 shows: the last `trendRuns` of `content.trend`, oldest first; with no
  /// history yet, this run alone.
  static func trendPoints(_ content: CommitteeWorkbookContent) -> [CommitteeTrendPoint] {
    content.trend.isEmpty
      ? [CommitteeTrendPoint(asOf: content.asOf, counts: content.totals)]
      : Array(content.trend.suffix(trendRuns))
  }

  /// Writes 趋势: the committee's coverage and certificate rate per run for the last 14
  /// runs in the history, with a line chart beside the table.
  func writeTrend(_ content: CommitteeWorkbookContent) throws(ReportError) {
    let points = Self.trendPoints(content)
    var widths = ColumnWidths(headers: Self.trendHeaders)
    widths.atLeast(0, Self.timeWidth)
    widths.atLeast(3, 9)
    widths.atLeast(5, 9)
    let styles = self.styles
    let parts = try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[6], headers: Self.trendHeaders,
      widths: widths.widths, count: points.count, rowLimit: rowLimit, headerFormat: styles.header,
      page: page, hiddenColumns: [Self.trendLabelColumn]
    ) { sheet, row, index throws(ReportError) in
      let point = points[index]
      try writeTime(sheet, row, 0, point.asOf, styles.time)
      try sheet.count(row, 1, point.eligible)
      try sheet.count(row, 2, point.tested)
      if let coverage = point.coverage {
        try sheet.number(row, 3, Self.printedRatio(coverage), styles.percent)
      }
      try sheet.count(row, 4, point.certValid)
      if let rate = point.certRate { try sheet.number(row, 5, Self.printedRatio(rate), styles.percent) }
      try sheet.text(row, Self.trendLabelColumn, Self.trendLabel(point.asOf))
    }
    if let first = parts.first, !first.items.isEmpty {
      try addTrendChart(on: first, count: first.items.count)
    }
  }

  /// A run's label on the chart's axis: `4月3日 22:00`.
  static func trendLabel(_ asOf: Int64) -> String {
    let text = Timestamp.format(asOf)  // yyyy-mm-dd hh:mm:ss
    let month = Int(text.dropFirst(5).prefix(2)) ?? 0
    let day = Int(text.dropFirst(8).prefix(2)) ?? 0
    return "\(month)月\(day)日 " + String(text.dropFirst(11).prefix(5))
  }

  private func addTrendChart(on part: TableSheetPart, count: Int) throws(ReportError) {
    let sheetName = part.sheet.name
    let chart = try book.addChart(type: LXW_CHART_LINE, onSheet: sheetName)
    let firstRow = lxw_row_t(part.firstItemRow)
    let lastRow = lxw_row_t(part.firstItemRow + count - 1)
    let labelColumn = lxw_col_t(Self.trendLabelColumn)
    for (column, name, color) in [(3, "覆盖率", 0x5B9BD5), (5, "证明率", 0x70AD47)] {
      guard let series = chart_add_series(chart, nil, nil) else {
        throw .sheetWriteFailed(
          path: book.path, sheet: sheetName, row: nil, call: "chart_add_series",
          detail: "out of memory")
      }
      chart_series_set_categories(series, sheetName, firstRow, labelColumn, lastRow, labelColumn)
      chart_series_set_values(
        series, sheetName, firstRow, lxw_col_t(column), lastRow, lxw_col_t(column))
      chart_series_set_name(series, name)
      chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
      chart_series_set_marker_size(series, 6)
      let line = book.allocateUntilClose(lxw_chart_line.self, count: 1)
      line.pointee.color = lxw_color_t(color)
      line.pointee.width = 2.25
      chart_series_set_line(series, line)
      let fill = book.allocateUntilClose(lxw_chart_fill.self, count: 1)
      fill.pointee.color = lxw_color_t(color)
      chart_series_set_marker_fill(series, fill)
      chart_series_set_marker_line(series, line)
    }
    chart_show_hidden_data(chart)  // the label column is hidden
    chart_title_set_name(chart, "覆盖率与证明率（最近 \(count) 次）")
    chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
    chart_axis_set_num_format(chart.pointee.y_axis, "0%")
    chart_axis_set_min(chart.pointee.y_axis, 0)
    chart_axis_set_max(chart.pointee.y_axis, 1)
    chart_axis_set_major_unit(chart.pointee.y_axis, 0.2)
    try part.sheet.insertChart(
      chart, row: part.headerRow, column: Self.trendLabelColumn + 1, xOffsetPixels: 24,
      widthPixels: 640, heightPixels: 340)
  }
}

/// What a data issue means to a committee clerk, and what to do about it, in plain Chinese.
struct IssueAdvice {
  let problem: String
  let fix: String

  init(_ issue: DataIssue) {
    let field = Self.fieldName(issue.field)
    switch issue.code {
    case .csvSyntax:
      problem = "这一行的格式不对（列数多于表头，或引号没有配对），整行没有读入"
      fix = "检查这一行是否多了逗号或引号，按表头的列重新填写"
    case .missingField:
      problem = "必填的「\(field)」是空的"
      fix = "补填「\(field)」后重新导出"
    case .badEncoding:
      problem = "这一行有无法识别的字符（文件编码不对或文件已损坏）"
      fix = "用 Excel 把文件另存为「CSV UTF-8」，再检查这一行的文字"
    case .idChecksum:
      problem = "证件号码的校验位或出生日期不对（仍按这个号码使用）"
      fix = "对照居民证件核对号码，改正后重新导出"
    case .idMangled:
      problem = "证件号码被 Excel 变成了科学计数法（如 3.10104E+17），无法使用"
      fix = "把证件号码列设为「文本」格式后重新输入完整号码（或在号码前加英文单引号 '）"
    case .invalidID:
      problem = "证件号码的格式不对，无法使用"
      fix = "对照居民证件填写正确的证件号码"
    case .duplicateResident:
      let line = issue.message.split(separator: " ").last.map(String.init) ?? ""
      problem = line.isEmpty ? "证件号码与前面一行重复，这一行没有计入" : "证件号码与第 \(line) 行重复，这一行没有计入"
      fix = "是同一人就删去重复的一行；不是同一人就核对并改正证件号码"
    case .badTime:
      problem = "「\(field)」的日期时间无法识别"
      fix = "按 2022-04-01 或 2022-04-01 08:00 的样式填写"
    default:
      problem = issue.message
      fix = "核对这一行后重新导出"
    }
  }

  /// A canonical field's name as the clerk's roster or exemption list spells it.
  static func fieldName(_ field: String) -> String {
    switch field {
    case "": "整行"
    case "id_number": "证件号码"
    case "id_type": "证件类型"
    case "name": "姓名"
    case "phone": "联系电话"
    case "district": "区"
    case "street": "街镇"
    case "committee": "居委会"
    case "compound": "小区"
    case "building": "楼号"
    case "unit": "单元"
    case "room": "室号"
    case "status": "居住状态"
    case "tags": "人员类别"
    case "reason": "免检原因"
    case "from": "开始日期"
    case "until": "结束日期"
    default: field
    }
  }
}
