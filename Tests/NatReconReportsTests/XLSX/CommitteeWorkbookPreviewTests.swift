import Foundation
import NatReconReports
import NatReconTestSupport
import Testing

/// Writes a realistic workbook to `$NATRECON_XLSX_PREVIEW` for a look in a spreadsheet
/// (`libreoffice --headless --convert-to pdf`); skipped unless the variable is set.
@Suite struct CommitteeWorkbookPreviewTests {
  static let previewPath = ProcessInfo.processInfo.environment["NATRECON_XLSX_PREVIEW"]

  @Test(
    .enabled(if: previewPath != nil, "set NATRECON_XLSX_PREVIEW=<file>.xlsx to write a preview"))
  func writePreviewWorkbook() throws {
    let path = try #require(Self.previewPath)
    try CommitteeWorkbookWriter.write(WorkbookContentBuilder.realistic(), to: path)
    #expect(FileManager.default.fileExists(atPath: path))
  }

  @Test func realisticContentWritesAndReadsBack() throws {
    let content = WorkbookContentBuilder.realistic()
    let folder = TemporaryDirectory("natrecon-xlsx")
    let path = folder.file("preview.xlsx")
    try CommitteeWorkbookWriter.write(content, to: path)
    let book = XLSXTestReader(path: path)
    // One heading row opens each building's residents.
    let buildings = Set(content.gaps.map { [$0.address.compound, $0.address.building] })
    #expect(try book.grid("未检名单").rowCount == 1 + content.gaps.count + buildings.count)
    #expect(try book.grid("户进度").rowCount == 1 + content.households.count)
    #expect(try book.grid("汇总").rowCount == 6 + content.buildings.count)
  }
}
