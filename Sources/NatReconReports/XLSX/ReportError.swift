/// What stops a run while writing reports (SPEC §6: exit status 1, one line on stderr).
///
/// libxlsxwriter's `lxw_error` codes are turned into these cases at the call site, with
/// `lxw_strerror`'s text in `detail`; no C status leaves the XLSX wrapper. Rows are 1-based
/// as Excel shows them.
public enum ReportError: Error, Sendable, CustomStringConvertible {
  /// libxlsxwriter could not start a workbook (out of memory, unusable temp folder).
  case workbookNotCreated(path: String, detail: String)
  /// A libxlsxwriter call failed while building one sheet; `row` is nil for sheet-wide
  /// calls (adding the sheet, filters, charts).
  case sheetWriteFailed(path: String, sheet: String, row: Int?, call: String, detail: String)
  /// Assembling and saving the .xlsx file failed (folder missing or not writable, disk
  /// full, temp files); the partial file has been removed.
  case workbookNotSaved(path: String, detail: String)
  /// Opening or writing a machine file failed (CSV writer; `detail` is `strerror`'s text).
  case writeFailed(path: String, detail: String)

  public var description: String {
    switch self {
    case .workbookNotCreated(let path, let detail):
      return "\(path): cannot start the workbook (\(detail)); check free memory and the temp folder"
    case .sheetWriteFailed(let path, let sheet, let row, let call, let detail):
      let place = row.map { "sheet \(sheet), row \($0)" } ?? "sheet \(sheet)"
      return "\(path): \(place): \(call) failed (\(detail))"
    case .workbookNotSaved(let path, let detail):
      return
        "\(path): cannot save the workbook (\(detail)); check that the folder exists, is writable and has free space"
    case .writeFailed(let path, let detail):
      return
        "\(path): cannot write (\(detail)); check that the folder is writable and has free space"
    }
  }
}
