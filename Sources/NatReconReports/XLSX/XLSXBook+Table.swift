/// One sheet of a list written by `XLSXBook.writeTable`.
struct TableSheetPart {
  let sheet: XLSXSheet
  /// The 0-based sheet row of the header.
  let headerRow: Int
  /// The indices into the list that this sheet holds.
  let items: Range<Int>

  /// The 0-based sheet row of the first list item.
  var firstItemRow: Int { headerRow + 1 }
}

extension XLSXBook {
  /// The name of the `part`-th (0-based) sheet of a list: `未检名单`, `未检名单 (2)`, and so on.
  static func partName(_ name: String, part: Int) -> String {
    part == 0 ? name : "\(name) (\(part + 1))"
  }

  /// Writes a list of `count` items as a table: header row, frozen panes, filter, widths
  /// and print setup, continuing on `<name> (2)`, `<name> (3)`, … when a sheet would pass
  /// `rowLimit` rows (Excel's is 1,048,576).
  ///
  /// Rows are written in order, as constant-memory mode needs.
  ///
  /// - Parameters:
  ///   - name: the first sheet's name; later ones add ` (2)`, ` (3)`, ….
  ///   - headers: the header row, one cell per column.
  ///   - widths: column widths in Excel units, one per header.
  ///   - count: the number of items.
  ///   - rowLimit: rows per sheet, header (and preamble) included.
  ///   - headerFormat: the header cells' format.
  ///   - page: the printed page's header and footer.
  ///   - hiddenColumns: columns kept in the table (and its filter, so sorting moves them
  ///     with their rows) but hidden from view.
  ///   - preambleRows: rows above the header on the first sheet, written by `preamble`.
  ///   - preamble: writes rows `0..<preambleRows` of the first sheet.
  ///   - writeItem: writes item `index` on `sheet` at the 0-based row `row`.
  /// - Returns: the sheets written, in order (at least one, even for an empty list).
  /// - Throws: `ReportError` from the first libxlsxwriter call that fails.
  @discardableResult
  func writeTable(
    name: String, headers: [String], widths: [Double], count: Int, rowLimit: Int,
    headerFormat: XLSXFormat, page: PageText, hiddenColumns: [Int] = [], preambleRows: Int = 0,
    preamble: (XLSXSheet) throws(ReportError) -> Void = { _ in },
    writeItem: (_ sheet: XLSXSheet, _ row: Int, _ index: Int) throws(ReportError) -> Void
  ) throws(ReportError) -> [TableSheetPart] {
    precondition(headers.count == widths.count, "one width per header")
    precondition(rowLimit >= preambleRows + 2, "a sheet must hold its header and one row")
    var parts: [TableSheetPart] = []
    var next = 0
    repeat {
      let isFirst = parts.isEmpty
      let headerRow = isFirst ? preambleRows : 0
      let capacity = rowLimit - headerRow - 1
      let items = next..<min(count, next + capacity)
      let sheet = try addSheet(Self.partName(name, part: parts.count))
      for (column, width) in widths.enumerated() {
        if hiddenColumns.contains(column) {
          try sheet.hideColumn(column)
        } else {
          try sheet.setColumn(column, width: width)
        }
      }
      if isFirst { try preamble(sheet) }

      try sheet.setRow(headerRow, height: 20)
      for (column, header) in headers.enumerated() {
        try sheet.text(headerRow, column, header, headerFormat)
      }
      let lastRow = headerRow + items.count
      sheet.freezeRows(above: headerRow + 1)
      try sheet.autofilter(firstRow: headerRow, lastRow: lastRow, lastColumn: headers.count - 1)
      try sheet.ignoreNumbersStoredAsText(
        lastRow: max(lastRow, headerRow), lastColumn: headers.count - 1)
      try sheet.preparePrinting(repeatRowsThrough: headerRow, page: page)

      var row = headerRow + 1
      for index in items {
        try writeItem(sheet, row, index)
        row += 1
      }
      parts.append(TableSheetPart(sheet: sheet, headerRow: headerRow, items: items))
      next = items.upperBound
    } while next < count
    return parts
  }
}

/// The header and footer of a printed page, in Excel's codes (`&L` left, `&C` centre, `&R`
/// right, `&A` sheet name, `&P` page, `&N` pages; a literal `&` is `&&`).
struct PageText {
  var header: String
  var footer: String

  /// Excel's limit on a header or footer (libxlsxwriter's `LXW_HEADER_FOOTER_MAX`).
  static let maxCharacters = 255

  /// Committee on the left, the sheet in the centre, the as-of time on the right; the page
  /// number (第 N 页 / 共 M 页) at the foot.
  static func committee(_ committee: String, asOf: String) -> PageText {
    // The committee is cut before the rest so a long name cannot push out the time.
    let room = maxCharacters - 32 - asOf.count
    var name = escaped(committee)
    if name.count > room { name = String(name.prefix(room - 1)) + "…" }
    if name.hasSuffix("&") && !name.hasSuffix("&&") { name.removeLast() }
    return PageText(
      header: "&L\(name)&C&A&R截至 \(escaped(asOf))", footer: "&C第 &P 页 / 共 &N 页")
  }

  /// Text shown as is: `&` doubled, control characters dropped.
  static func escaped(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.flatMap {
          $0 == "&" ? ["&", "&"] : [$0]
        }))
  }
}
