import CXlsxWriter

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A libxlsxwriter cell format; owned by the workbook that made it.
typealias XLSXFormat = UnsafeMutablePointer<lxw_format>

/// Owns one libxlsxwriter workbook from `workbook_new_opt` to `workbook_close`.
///
/// The workbook is in constant-memory mode: each sheet streams its rows to a temp file
/// in `tmpDirectory`, so memory stays flat however long the lists are, but rows must be
/// written in increasing order and a row is final once a later one is started.
/// Strings are written inline (`t="inlineStr"`), not through the shared-string table.
///
/// Every `lxw_error` becomes a `ReportError` here, carrying the file, sheet and row; no C
/// status leaves this type. If the owner is dropped without `close()` (an error was
/// thrown), `deinit` frees the handle without writing a file.
final class XLSXBook {
  let path: String
  private var handle: UnsafeMutablePointer<lxw_workbook>?
  /// C memory that libxlsxwriter may still read at close (chart points); freed in deinit.
  private var keepAlive: [UnsafeMutableRawPointer] = []
  private var tmpDirectory: UnsafeMutablePointer<CChar>?

  // MARK: - Create

  /// Starts a constant-memory workbook at `path`.
  ///
  /// - Parameters:
  ///   - path: the .xlsx file to write at `close()`.
  ///   - tmpDirectory: where libxlsxwriter keeps its temp files (unlinked on creation).
  ///   - createdEpochSeconds: the document's `created` time; fixed so identical inputs give
  ///     identical files apart from the zip container.
  ///   - title: the document title property.
  /// - Throws: `ReportError.workbookNotCreated` when libxlsxwriter cannot start.
  init(path: String, tmpDirectory: String, createdEpochSeconds: Int64, title: String)
    throws(ReportError)
  {
    self.path = path
    self.tmpDirectory = strdup(tmpDirectory)
    var options = lxw_workbook_options()
    options.constant_memory = UInt8(LXW_TRUE.rawValue)
    options.tmpdir = self.tmpDirectory
    options.use_zip64 = UInt8(LXW_FALSE.rawValue)
    guard let workbook = workbook_new_opt(path, &options) else {
      throw .workbookNotCreated(path: path, detail: "workbook_new_opt returned no workbook")
    }
    handle = workbook
    let created = time_t(createdEpochSeconds)
    let status = title.withCString { titlePointer in
      var properties = lxw_doc_properties()
      properties.title = UnsafeMutablePointer(mutating: titlePointer)
      properties.created = created
      return workbook_set_properties(workbook, &properties)
    }
    guard status == LXW_NO_ERROR else {
      throw .workbookNotCreated(path: path, detail: Self.text(of: status))
    }
  }

  deinit {
    if let handle { lxw_workbook_free(handle) }
    for pointer in keepAlive { free(pointer) }
    free(tmpDirectory)
  }

  // MARK: - Build

  /// Adds a worksheet named `name` (at most 31 characters, no `[]:*?/\`).
  func addSheet(_ name: String) throws(ReportError) -> XLSXSheet {
    let workbook = liveHandle()
    guard let sheet = workbook_add_worksheet(workbook, name) else {
      // libxlsxwriter rejects names only for length, characters or reuse; say which.
      let status = workbook_validate_sheet_name(workbook, name)
      throw .sheetWriteFailed(
        path: path, sheet: name, row: nil, call: "workbook_add_worksheet",
        detail: status == LXW_NO_ERROR
          ? "cannot create the sheet's temp file" : Self.text(of: status))
    }
    return XLSXSheet(handle: sheet, name: name, path: path)
  }

  /// Adds a cell format and lets `configure` set its properties.
  func addFormat(_ configure: (XLSXFormat) -> Void) throws(ReportError) -> XLSXFormat {
    let workbook = liveHandle()
    guard let format = workbook_add_format(workbook) else {
      throw .workbookNotCreated(path: path, detail: "workbook_add_format: out of memory")
    }
    configure(format)
    return format
  }

  /// Adds a chart of a libxlsxwriter chart type (`LXW_CHART_BAR`, …).
  func addChart(type: lxw_chart_type, onSheet sheet: String) throws(ReportError)
    -> UnsafeMutablePointer<lxw_chart>
  {
    let workbook = liveHandle()
    guard let chart = workbook_add_chart(workbook, UInt8(type.rawValue)) else {
      throw .sheetWriteFailed(
        path: path, sheet: sheet, row: nil, call: "workbook_add_chart", detail: "out of memory")
    }
    return chart
  }

  /// Allocates zeroed C memory that lives until the workbook is closed or dropped.
  func allocateUntilClose<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
    guard let raw = calloc(max(count, 1), MemoryLayout<T>.stride) else {
      preconditionFailure("calloc failed for \(count) × \(T.self)")
    }
    keepAlive.append(raw)
    return raw.bindMemory(to: T.self, capacity: max(count, 1))
  }

  /// Starts a new printed page before each of `rows` (0-based, ascending, > 0).
  ///
  /// Excel keeps at most 1,023 manual breaks a sheet (`maxPageBreaks`); later ones are
  /// dropped, so those pages simply run on.
  func setPageBreaks(_ sheet: XLSXSheet, beforeRows rows: [Int]) throws(ReportError) {
    let kept = rows.prefix(Self.maxPageBreaks)
    guard !kept.isEmpty else { return }
    let breaks = allocateUntilClose(lxw_row_t.self, count: kept.count + 1)
    for (offset, row) in kept.enumerated() { breaks[offset] = lxw_row_t(row) }
    breaks[kept.count] = 0
    let status = worksheet_set_h_pagebreaks(sheet.handle, breaks)
    guard status == LXW_NO_ERROR else {
      throw .sheetWriteFailed(
        path: path, sheet: sheet.name, row: nil, call: "worksheet_set_h_pagebreaks",
        detail: Self.text(of: status))
    }
  }

  /// Excel's limit on manual page breaks in one sheet (libxlsxwriter's `LXW_BREAKS_MAX`).
  static let maxPageBreaks = 1_023

  // MARK: - Close

  /// Assembles and writes the .xlsx file; the workbook cannot be used afterwards.
  ///
  /// - Throws: `ReportError.workbookNotSaved`; a partial file is removed first.
  func close() throws(ReportError) {
    let workbook = liveHandle()
    handle = nil  // workbook_close frees the workbook whatever it returns.
    let status = workbook_close(workbook)
    guard status == LXW_NO_ERROR else {
      unlink(path)
      throw .workbookNotSaved(path: path, detail: Self.text(of: status))
    }
  }

  private func liveHandle() -> UnsafeMutablePointer<lxw_workbook> {
    guard let handle else { preconditionFailure("XLSXBook used after close()") }
    return handle
  }

  /// `lxw_strerror`'s text for a status code.
  static func text(of status: lxw_error) -> String {
    guard let message = lxw_strerror(status) else {
      return "libxlsxwriter error \(status.rawValue)"
    }
    return String(cString: message)
  }
}

/// One worksheet of an `XLSXBook`; a non-owning view, valid until the book is closed.
///
/// Rows and columns are 0-based here; errors report rows 1-based as Excel shows them.
/// In constant-memory mode rows must be written in increasing order.
struct XLSXSheet {
  let handle: UnsafeMutablePointer<lxw_worksheet>
  let name: String
  let path: String

  /// Excel's limit on the characters in one cell (libxlsxwriter's `LXW_STR_MAX`).
  static let maxCellCharacters = 32_767

  // MARK: - Cells

  /// Writes a text cell.
  ///
  /// Control characters (which XML 1.0 cannot carry) become spaces and over-long text is cut at Excel's cell limit, so a stray byte in a roster never
  /// stops a run.
  func text(_ row: Int, _ column: Int, _ value: String, _ format: XLSXFormat? = nil)
    throws(ReportError)
  {
    try check(
      worksheet_write_string(
        handle, lxw_row_t(row), lxw_col_t(column), Self.cellText(value), format),
      "worksheet_write_string", row: row)
  }

  /// Writes a number cell.
  func number(_ row: Int, _ column: Int, _ value: Double, _ format: XLSXFormat? = nil)
    throws(ReportError)
  {
    try check(
      worksheet_write_number(handle, lxw_row_t(row), lxw_col_t(column), value, format),
      "worksheet_write_number", row: row)
  }

  /// Writes an integer count as a number cell.
  func count(_ row: Int, _ column: Int, _ value: Int, _ format: XLSXFormat? = nil)
    throws(ReportError)
  {
    try number(row, column, Double(value), format)
  }

  /// Writes a formatted empty cell (libxlsxwriter skips it when `format` is nil).
  func blank(_ row: Int, _ column: Int, _ format: XLSXFormat?) throws(ReportError) {
    guard let format else { return }
    try check(
      worksheet_write_blank(handle, lxw_row_t(row), lxw_col_t(column), format),
      "worksheet_write_blank", row: row)
  }

  // MARK: - Sheet settings

  func setColumn(_ column: Int, width: Double) throws(ReportError) {
    try check(
      worksheet_set_column(handle, lxw_col_t(column), lxw_col_t(column), width, nil),
      "worksheet_set_column", row: nil)
  }

  /// Hides a column; its cells stay in place (charts may still read them).
  func hideColumn(_ column: Int) throws(ReportError) {
    var options = lxw_row_col_options()
    options.hidden = UInt8(LXW_TRUE.rawValue)
    try check(
      worksheet_set_column_opt(handle, lxw_col_t(column), lxw_col_t(column), 0, nil, &options),
      "worksheet_set_column_opt", row: nil)
  }

  func setRow(_ row: Int, height: Double) throws(ReportError) {
    try check(
      worksheet_set_row(handle, lxw_row_t(row), height, nil), "worksheet_set_row", row: row)
  }

  /// Freezes the rows above `row` (0-based): they stay visible while scrolling.
  func freezeRows(above row: Int) {
    worksheet_freeze_panes(handle, lxw_row_t(row), 0)
  }

  func autofilter(firstRow: Int, lastRow: Int, lastColumn: Int) throws(ReportError) {
    try check(
      worksheet_autofilter(
        handle, lxw_row_t(firstRow), 0, lxw_row_t(lastRow), lxw_col_t(lastColumn)),
      "worksheet_autofilter", row: nil)
  }

  /// Page setup as a clerk prints a sheet: A4 landscape, one page wide (as many tall as it
  /// takes), the rows through `lastRepeatedRow` repeated on every page, `header` and
  /// `footer` in the margins (Excel's `&L`, `&C`, `&P`, … codes; see `PageText`).
  func preparePrinting(repeatRowsThrough lastRepeatedRow: Int, page: PageText) throws(ReportError) {
    worksheet_set_landscape(handle)
    worksheet_set_paper(handle, 9)  // 9 = A4
    worksheet_fit_to_pages(handle, 1, 0)
    try check(
      worksheet_repeat_rows(handle, 0, lxw_row_t(lastRepeatedRow)), "worksheet_repeat_rows",
      row: nil)
    try check(worksheet_set_header(handle, page.header), "worksheet_set_header", row: nil)
    try check(worksheet_set_footer(handle, page.footer), "worksheet_set_footer", row: nil)
  }

  /// Prints at `percent` of full size (10–400) instead of fitting to the page width.
  func printScale(_ percent: Int) {
    worksheet_set_print_scale(handle, UInt16(min(max(percent, 10), 400)))
  }

  /// Prints the pages across, then down: page 2 is right of page 1, not below it.
  func printAcrossThenDown() {
    worksheet_print_across(handle)
  }

  /// Starts a new printed page before the 0-based `column`.
  func pageBreak(beforeColumn column: Int) throws(ReportError) {
    var breaks: [lxw_col_t] = [lxw_col_t(column), 0]
    let status = breaks.withUnsafeMutableBufferPointer {
      worksheet_set_v_pagebreaks(handle, $0.baseAddress)
    }
    try check(status, "worksheet_set_v_pagebreaks", row: nil)
  }

  /// Sets a row's height and a format for its empty cells (before the row's cells are
  /// written, as constant-memory mode needs).
  func setRow(_ row: Int, height: Double, format: XLSXFormat?) throws(ReportError) {
    try check(
      worksheet_set_row(handle, lxw_row_t(row), height, format), "worksheet_set_row", row: row)
  }

  /// Hides Excel's "number stored as text" marks over a range: ID numbers and phones are
  /// text on purpose (a number would lose leading zeros and the 16th+ digits).
  func ignoreNumbersStoredAsText(lastRow: Int, lastColumn: Int) throws(ReportError) {
    let range = "A1:\(Self.columnName(lastColumn))\(lastRow + 1)"
    try check(
      worksheet_ignore_errors(handle, UInt8(LXW_IGNORE_NUMBER_STORED_AS_TEXT.rawValue), range),
      "worksheet_ignore_errors", row: nil)
  }

  func insertChart(
    _ chart: UnsafeMutablePointer<lxw_chart>, row: Int, column: Int, xOffsetPixels: Int = 0,
    widthPixels: Double, heightPixels: Double
  ) throws(ReportError) {
    // libxlsxwriter's default chart is 480 × 288 pixels; the options scale it.
    var options = lxw_chart_options()
    options.x_offset = Int32(xOffsetPixels)
    options.x_scale = widthPixels / 480
    options.y_scale = heightPixels / 288
    options.object_position = UInt8(LXW_OBJECT_MOVE_DONT_SIZE.rawValue)
    try check(
      worksheet_insert_chart_opt(handle, lxw_row_t(row), lxw_col_t(column), chart, &options),
      "worksheet_insert_chart", row: nil)
  }

  // MARK: - Helpers

  /// The Excel column letters of a 0-based column (0 → A, 26 → AA).
  static func columnName(_ column: Int) -> String {
    var n = column + 1
    var letters: [Character] = []
    while n > 0 {
      let remainder = (n - 1) % 26
      letters.append(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder))))
      n = (n - 1) / 26
    }
    return String(letters.reversed())
  }

  /// `value` made safe for a cell: C0 controls and DEL become spaces, length capped.
  static func cellText(_ value: String) -> String {
    var needsCleaning = false
    for byte in value.utf8 where byte < 0x20 || byte == 0x7F {
      needsCleaning = true
      break
    }
    var text = value
    if needsCleaning {
      text = String(
        String.UnicodeScalarView(
          value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
    if text.utf8.count > maxCellCharacters && text.unicodeScalars.count > maxCellCharacters {
      text =
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxCellCharacters - 1)))
        + "…"
    }
    return text
  }

  @inline(__always)
  private func check(_ status: lxw_error, _ call: StaticString, row: Int?) throws(ReportError) {
    if status != LXW_NO_ERROR { try fail(status, call, row: row) }
  }

  @inline(never)
  private func fail(_ status: lxw_error, _ call: StaticString, row: Int?) throws(ReportError) {
    throw .sheetWriteFailed(
      path: path, sheet: name, row: row.map { $0 + 1 }, call: "\(call)",
      detail: XLSXBook.text(of: status))
  }
}
