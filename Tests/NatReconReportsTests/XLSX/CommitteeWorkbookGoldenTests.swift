import Foundation
import NatReconReports
import NatReconTestSupport
import Testing

/// Compares the whole small workbook, as a readable cell listing, with a golden file.
///
/// The file is `Tests/Fixtures/xlsx/small-workbook.cells.txt` (STYLE §6: XLSX goldens compare the
/// cell grid, never zip bytes). `NATRECON_RECORD_GOLDEN=1` rewrites it and fails the test.
@Suite struct CommitteeWorkbookGoldenTests {
  static let goldenPath = Fixtures.path("xlsx/small-workbook.cells.txt")

  @Test func smallWorkbookMatchesGoldenCells() throws {
    let folder = TemporaryDirectory("natrecon-xlsx")
    let path = folder.file("small.xlsx")
    try CommitteeWorkbookWriter.write(WorkbookContentBuilder.small(), to: path)
    let actual = Data(try Self.listing(XLSXTestReader(path: path)).utf8)

    if ProcessInfo.processInfo.environment["NATRECON_RECORD_GOLDEN"] == "1" {
      _ = FileManager.default.createFile(atPath: Self.goldenPath, contents: actual)
      Issue.record("recorded \(Self.goldenPath); rerun without NATRECON_RECORD_GOLDEN")
      return
    }
    let expected = try #require(
      FileManager.default.contents(atPath: Self.goldenPath),
      "missing \(Self.goldenPath); record it with NATRECON_RECORD_GOLDEN=1")
    #expect(expected == actual, "\(lineDiff(expected: expected, actual: actual))")
  }

  /// One line per cell: `sheet!A1 kind value [number format]`, sheets in workbook order.
  static func listing(_ book: XLSXTestReader) throws -> String {
    var lines: [String] = []
    for name in try book.sheetNames() {
      lines.append("## \(name)")
      let grid = try book.grid(name)
      for row in 0..<grid.rowCount {
        for column in 0..<16 {
          guard let cell = grid[row, column] else { continue }
          let reference = "\(columnName(column))\(row + 1)"
          let value: String
          switch cell.kind {
          case .number: value = "num " + String(format: "%.10g", cell.number ?? .nan)
          case .inlineString, .sharedString: value = "str \"\(cell.value)\""
          case .other(let type): value = "\(type) \(cell.value)"
          }
          let shown = cell.value.isEmpty && cell.kind == .number ? "blank" : value
          lines.append("\(reference) \(shown) [\(cell.numberFormat)]")
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func columnName(_ column: Int) -> String {
    String(UnicodeScalar(UInt8(65 + column)))
  }
}
