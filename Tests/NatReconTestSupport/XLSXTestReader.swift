import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads back an .xlsx written by the workbook writer: entries via `/usr/bin/unzip`, sheet
/// names and order from `xl/workbook.xml`, cells from `xl/worksheets/sheetN.xml` (inline
/// strings as libxlsxwriter's constant-memory mode writes them, or shared strings), number
/// formats from `xl/styles.xml`.
public struct XLSXTestReader {
  public let path: String
  /// The container unpacked once, on first use (one `unzip` per workbook, not per entry:
  /// the integration tests read many sheets of many workbooks).
  private let unpacked = Unpacked()

  public init(path: String) { self.path = path }

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// A temporary folder holding the unpacked entries; removed with the reader.
  private final class Unpacked {
    var folder: String?
    deinit { if let folder { try? FileManager.default.removeItem(atPath: folder) } }
  }

  // MARK: - Zip

  /// The names of the entries in the zip container.
  public func entryNames() throws -> [String] {
    let output = try run(["/usr/bin/unzip", "-Z1", path])
    return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  /// The bytes of one entry.
  public func entry(_ name: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: try folder() + "/" + name),
      !name.isEmpty, !name.hasSuffix("/")
    else { throw Failure(description: "\(path): no entry \(name)") }
    return data
  }

  private func folder() throws -> String {
    if let folder = unpacked.folder { return folder }
    let folder = NSTemporaryDirectory() + "natrecon-xlsx-read-\(UUID().uuidString)"
    _ = try run(["/usr/bin/unzip", "-q", "-o", path, "-d", folder])
    unpacked.folder = folder
    return folder
  }

  /// One entry as UTF-8 text.
  public func text(_ name: String) throws -> String {
    String(decoding: try entry(name), as: UTF8.self)
  }

  private func run(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure(
        description: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return data
  }

  // MARK: - Workbook

  /// Sheet names in workbook order, each with its worksheet entry name.
  public func sheets() throws -> [(name: String, entry: String)] {
    let workbook = try XMLElements(data: try entry("xl/workbook.xml"))
    let relations = try XMLElements(data: try entry("xl/_rels/workbook.xml.rels"))
    var targets: [String: String] = [:]
    for relation in relations.elements where relation.name == "Relationship" {
      if let id = relation.attributes["Id"], let target = relation.attributes["Target"] {
        targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
      }
    }
    return try workbook.elements.filter { $0.name == "sheet" }.map { sheet in
      guard let name = sheet.attributes["name"], let id = sheet.attributes["r:id"],
        let target = targets[id]
      else { throw Failure(description: "sheet element without name or relation") }
      return (name, target)
    }
  }

  public func sheetNames() throws -> [String] { try sheets().map(\.name) }

  /// The raw XML of every worksheet, in workbook order.
  public func sheetXML() throws -> [String] { try sheets().map { try text($0.entry) } }

  /// The cell grid of the sheet called `name`.
  public func grid(_ name: String) throws -> CellGrid {
    guard let sheet = try sheets().first(where: { $0.name == name }) else {
      throw Failure(description: "\(path): no sheet \(name); has \(try sheetNames())")
    }
    let shared = try sharedStrings()
    let formats = try numberFormats()
    return try CellGrid(data: try entry(sheet.entry), sharedStrings: shared, formats: formats)
  }

  // MARK: - Print setup

  /// How a sheet prints: page setup, repeated rows, header, footer and manual page breaks.
  public struct PrintSetup: Equatable {
    public var orientation = ""
    public var paperSize = ""
    /// `fitToPage` is on, with `fitToWidth`×`fitToHeight` pages (0 = as many as needed).
    public var fitsToPage = false
    public var fitToWidth = ""
    public var fitToHeight = ""
    /// The `_xlnm.Print_Titles` range, e.g. `汇总!$1:$6`.
    public var repeatedRows = ""
    public var header = ""
    public var footer = ""
    /// 0-based rows a manual page break comes before.
    public var rowBreaks: [Int] = []
    /// 0-based columns a manual page break comes before.
    public var columnBreaks: [Int] = []
    /// The print scale in percent (`pageSetup scale`), empty when not set (100%).
    public var scale = ""
    /// `overThenDown` when pages print across first, else empty (down, then over).
    public var pageOrder = ""
  }

  /// The print setup of the sheet called `name`.
  public func printSetup(_ name: String) throws -> PrintSetup {
    let all = try sheets()
    guard let index = all.firstIndex(where: { $0.name == name }) else {
      throw Failure(description: "\(path): no sheet \(name)")
    }
    let xml = try text(all[index].entry)
    let elements = try XMLElements(data: Data(xml.utf8))
    var setup = PrintSetup()
    for element in elements.elements {
      switch element.name {
      case "pageSetup":
        setup.orientation = element.attributes["orientation"] ?? ""
        setup.paperSize = element.attributes["paperSize"] ?? ""
        setup.fitToWidth = element.attributes["fitToWidth"] ?? "1"
        setup.fitToHeight = element.attributes["fitToHeight"] ?? "1"
        setup.scale = element.attributes["scale"] ?? ""
        setup.pageOrder = element.attributes["pageOrder"] ?? ""
      case "pageSetUpPr": setup.fitsToPage = element.attributes["fitToPage"] == "1"
      case "brk":
        if element.path.last == "rowBreaks", let id = element.attributes["id"].flatMap(Int.init) {
          setup.rowBreaks.append(id)
        }
        if element.path.last == "colBreaks", let id = element.attributes["id"].flatMap(Int.init) {
          setup.columnBreaks.append(id)
        }
      default: break
      }
    }
    setup.header = Self.firstMatch(in: xml, of: "<oddHeader>(.*?)</oddHeader>").map(Self.unescaped) ?? ""
    setup.footer = Self.firstMatch(in: xml, of: "<oddFooter>(.*?)</oddFooter>").map(Self.unescaped) ?? ""
    let workbook = try text("xl/workbook.xml")
    let pattern = #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(index)">(.*?)</definedName>"#
    setup.repeatedRows = Self.firstMatch(in: workbook, of: pattern).map(Self.unescaped) ?? ""
    return setup
  }

  private static func firstMatch(in text: String, of pattern: String) -> String? {
    guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
      let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
      let range = Range(match.range(at: 1), in: text)
    else { return nil }
    return String(text[range])
  }

  private static func unescaped(_ xml: String) -> String {
    xml.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  // MARK: - Golden listing

  /// One sheet as a readable golden listing (STYLE §6: XLSX goldens compare the cell grid,
  /// never zip bytes): its print setup, then one line per cell,
  /// `A1 str "value" [number format]`. The one golden format for workbooks.
  public func goldenListing(_ name: String) throws -> String {
    let setup = try printSetup(name)
    var lines = [
      "## \(name)",
      "print: \(setup.orientation) paper \(setup.paperSize) fitToPage \(setup.fitsToPage) "
        + "\(setup.fitToWidth)x\(setup.fitToHeight) repeat \(setup.repeatedRows)",
      "header: \(setup.header)",
      "footer: \(setup.footer)",
      "page breaks before rows: \(setup.rowBreaks.map { String($0 + 1) }.joined(separator: " "))",
    ]
    if !setup.scale.isEmpty || !setup.pageOrder.isEmpty || !setup.columnBreaks.isEmpty {
      lines.append(
        "scale \(setup.scale) order \(setup.pageOrder) page breaks before columns: "
          + setup.columnBreaks.map { XLSXTestReader.columnName($0) }.joined(separator: " "))
    }
    let grid = try self.grid(name)
    for row in 0..<grid.rowCount {
      for column in (grid.rows[row]?.keys.sorted() ?? []) {
        guard let cell = grid[row, column] else { continue }
        let reference = "\(Self.columnName(column))\(row + 1)"
        let value: String
        switch cell.kind {
        case .number: value = cell.value.isEmpty ? "blank" : "num " + String(format: "%.10g", cell.number ?? .nan)
        case .inlineString, .sharedString: value = "str \"\(cell.value)\""
        case .other(let type): value = "\(type) \(cell.value)"
        }
        lines.append("\(reference) \(value) [\(cell.numberFormat)]")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The Excel column letters of a 0-based column (0 → A, 26 → AA).
  public static func columnName(_ column: Int) -> String {
    var n = column + 1
    var letters = ""
    while n > 0 {
      letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
      n = (n - 1) / 26
    }
    return letters
  }

  private func sharedStrings() throws -> [String] {
    // libxlsxwriter's constant-memory mode writes strings inline: usually there is none.
    guard let data = try? entry("xl/sharedStrings.xml") else { return [] }
    let parser = SharedStringsParser()
    try parser.parse(data)
    return parser.strings
  }

  /// The number format code of each cell style index (`s`).
  private func numberFormats() throws -> [String] {
    let styles = try XMLElements(data: try entry("xl/styles.xml"))
    var codes: [Int: String] = [0: "General", 9: "0%", 10: "0.00%", 14: "m/d/yyyy", 49: "@"]
    for element in styles.elements where element.name == "numFmt" {
      if let id = element.attributes["numFmtId"].flatMap(Int.init),
        let code = element.attributes["formatCode"]
      {
        codes[id] = code
      }
    }
    // Only the `xf` elements inside `cellXfs` index cells.
    var formats: [String] = []
    for element in styles.elements where element.name == "xf" && element.path.contains("cellXfs") {
      let id = element.attributes["numFmtId"].flatMap(Int.init) ?? 0
      formats.append(codes[id] ?? "numFmt \(id)")
    }
    return formats
  }
}

/// One cell as stored: its type attribute, style's number format and text value.
public struct Cell: Equatable {
  public enum Kind: Equatable {
    case inlineString, sharedString, number
    case other(String)
  }
  public var kind: Kind
  public var value: String
  public var numberFormat: String
  public var style: Int

  public var isString: Bool { kind == .inlineString || kind == .sharedString }
  public var isNumber: Bool { kind == .number }
  public var number: Double? { isNumber ? Double(value) : nil }
}

/// The cells of one worksheet by 0-based row and column.
public struct CellGrid {
  public private(set) var rows: [Int: [Int: Cell]] = [:]

  /// The number of the last row holding a cell, plus one.
  public var rowCount: Int { (rows.keys.max() ?? -1) + 1 }

  public subscript(row: Int, column: Int) -> Cell? { rows[row]?[column] }

  /// The text shown for a cell, "" when absent.
  public func value(_ row: Int, _ column: Int) -> String { self[row, column]?.value ?? "" }

  /// The values of one row from column 0 to its last cell.
  public func rowValues(_ row: Int) -> [String] {
    guard let cells = rows[row], let last = cells.keys.max() else { return [] }
    return (0...last).map { cells[$0]?.value ?? "" }
  }

  /// The values of one column from `startRow` to the last row.
  public func columnValues(_ column: Int, from startRow: Int) -> [String] {
    guard rowCount > startRow else { return [] }
    return (startRow..<rowCount).map { value($0, column) }
  }

  init(data: Data, sharedStrings: [String], formats: [String]) throws {
    let parser = SheetParser()
    try parser.parse(data)
    for raw in parser.cells {
      let (row, column) = Self.position(raw.reference)
      let style = raw.style ?? 0
      let kind: Cell.Kind
      var value = raw.value
      switch raw.type {
      case "inlineStr": kind = .inlineString
      case "s":
        kind = .sharedString
        value = Int(raw.value).map { sharedStrings[$0] } ?? raw.value
      case nil, "n": kind = .number
      case let other?: kind = .other(other)
      }
      let format = style < formats.count ? formats[style] : "style \(style)"
      rows[row, default: [:]][column] = Cell(
        kind: kind, value: value, numberFormat: format, style: style)
    }
  }

  /// `B12` → (11, 1).
  public static func position(_ reference: String) -> (row: Int, column: Int) {
    var column = 0
    var row = 0
    for scalar in reference.unicodeScalars {
      if scalar.properties.isUppercase {
        column = column * 26 + Int(scalar.value - 64)
      } else if let digit = Int(String(scalar)) {
        row = row * 10 + digit
      }
    }
    return (row - 1, column - 1)
  }
}

// MARK: - XML parsing

/// Every element of a document in order, with its attributes and the names of its
/// ancestors (`path`).
final class XMLElements: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
    var path: [String]
  }
  private(set) var elements: [Element] = []
  private var stack: [String] = []

  init(data: Data) throws {
    super.init()
    let parser = XMLParser(data: data)
    parser.delegate = self
    guard parser.parse() else {
      throw XLSXTestReader.Failure(description: "XML: \(String(describing: parser.parserError))")
    }
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elements.append(Element(name: elementName, attributes: attributeDict, path: stack))
    stack.append(elementName)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    stack.removeLast()
  }
}

private final class SheetParser: NSObject, XMLParserDelegate {
  struct RawCell {
    var reference: String
    var type: String?
    var style: Int?
    var value = ""
  }
  var cells: [RawCell] = []
  private var current: RawCell?
  private var isCollecting = false

  func parse(_ data: Data) throws { try parseXML(data, delegate: self, what: "sheet XML") }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    switch elementName {
    case "c":
      current = RawCell(
        reference: attributeDict["r"] ?? "", type: attributeDict["t"],
        style: attributeDict["s"].flatMap(Int.init))
    case "v", "t": isCollecting = current != nil
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if isCollecting { current?.value += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    switch elementName {
    case "v", "t": isCollecting = false
    case "c":
      if let current { cells.append(current) }
      current = nil
    default: break
    }
  }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
  var strings: [String] = []
  private var current: String?
  private var isCollecting = false

  func parse(_ data: Data) throws { try parseXML(data, delegate: self, what: "sharedStrings XML") }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    if elementName == "si" { current = "" }
    if elementName == "t" { isCollecting = true }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if isCollecting { current? += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    if elementName == "t" { isCollecting = false }
    if elementName == "si", let current { strings.append(current) }
  }
}

/// Runs `XMLParser` over `data` with `delegate`; a parse error names `what`.
private func parseXML(_ data: Data, delegate: XMLParserDelegate, what: String) throws {
  let parser = XMLParser(data: data)
  parser.delegate = delegate
  guard parser.parse() else {
    throw XLSXTestReader.Failure(description: "\(what): \(String(describing: parser.parserError))")
  }
}
