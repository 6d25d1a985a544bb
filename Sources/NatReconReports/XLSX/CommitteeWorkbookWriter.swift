import CXlsxWriter
import NatReconCore
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes one committee's workbook (SPEC §4 Committee workbooks, §8 Outputs).
///
/// - **Input / Output**: a `CommitteeWorkbookContent` (already filtered to the committee)
///   → one .xlsx file with the sheets 汇总, 户进度, 未检名单, 即将到期, 混管复核, 数据问题,
///   趋势, in that order, Chinese headers, frozen header rows, filters, fitted column widths
///   and a print layout on every sheet (A4 landscape, one page wide, header rows repeated,
///   committee, sheet, as-of time and page number in the margins).
/// - **Memory**: libxlsxwriter's constant-memory mode: rows stream to a temp file, so
///   memory beyond `content` is one sheet row plus a sorted copy of each list (the row
///   structs share their strings with `content`).
/// - **Errors**: `ReportError` for every failed libxlsxwriter call, with file, sheet and
///   row; a workbook that cannot be saved is removed. No data issues.
/// - **Order & determinism**: lists are re-sorted naturally (`2号` before `10号`, stable,
///   so ties keep roster order); the document's `created` is the as-of time, so identical
///   content gives identical sheet XML.
/// - **Privacy**: every ID number goes through `IDMask.mask` (idempotent on masked IDs);
///   only `content` is written.
///
/// Times are Excel date-times (`yyyy-mm-dd hh:mm:ss`, Shanghai wall time), percentages are
/// summary.csv's four-decimal ratios formatted `0.00%` (as dashboard.html), ID numbers and phones are text cells. A list longer than a
/// sheet continues on `<sheet> (2)`, … .
public enum CommitteeWorkbookWriter {
  /// Excel's rows per sheet (1,048,576), header included.
  public static let excelRowLimit = 1_048_576

  /// The sheet names, in workbook order (continuation sheets add ` (2)`, … after theirs).
  public static let sheetNames = ["汇总", "户进度", "未检名单", "即将到期", "混管复核", "数据问题", "趋势"]

  /// What an empty part of a workbook name is written as (SPEC §8).
  public static let emptyNamePart = "未填"

  /// The file name of a committee's workbook: `<district>_<street>_<committee>.xlsx`.
  ///
  /// The one naming function for workbooks (the dashboard links to the same names). An
  /// empty part is written `未填`; `/`, `\`, `:` and control characters (Unicode Cc) are
  /// replaced by `_`, so the name is one path component on every system; and a name never
  /// starts with `-`, which shells read as an option: a leading `-` becomes `_` (SPEC §8).
  public static func fileName(district: String, street: String, committee: String) -> String {
    var name = [district, street, committee].map(fileNamePart).joined(separator: "_") + ".xlsx"
    if name.hasPrefix("-") { name = "_" + name.dropFirst() }
    return name
  }

  /// Writes `content` as a committee workbook at `path`, replacing any file there.
  ///
  /// - Parameters:
  ///   - content: one committee's lists, in machine-file order.
  ///   - path: the .xlsx file to write; its folder must exist.
  ///   - rowLimit: rows per sheet before a list continues on the next sheet; Excel's
  ///     limit by default (tests pass a small one). At least 8.
  ///   - ramFolder: a RAM-backed folder for the temp files of a small workbook
  ///     (`tmpDirectory(for:expectedBytes:ramFolder:)`); nil keeps them on disk.
  /// - Throws: `ReportError` naming the file (and sheet and row) when libxlsxwriter fails.
  public static func write(
    _ content: CommitteeWorkbookContent, to path: String, rowLimit: Int = excelRowLimit,
    ramFolder: String? = RAMFolder.standard
  ) throws(ReportError) {
    precondition(
      rowLimit >= 8 && rowLimit <= excelRowLimit, "rowLimit must be in 8...\(excelRowLimit)")
    let temp = tmpDirectory(
      for: path, expectedBytes: expectedTempBytes(content), ramFolder: ramFolder)
    let book = try XLSXBook(
      path: path, tmpDirectory: temp, createdEpochSeconds: content.asOf,
      title: "\(committeeLabel(content)) 核酸检测进度")
    let styles = try CommitteeWorkbookStyles(book: book)
    let sheets = CommitteeSheets(
      book: book, styles: styles, rowLimit: rowLimit,
      page: .committee(committeeLabel(content), asOf: Timestamp.format(content.asOf)))

    let buildings = NaturalOrder.stableSorted(content.buildings) { a, b in
      let c = NaturalOrder.compare(a.compound, b.compound)
      return c != 0 ? c : NaturalOrder.compare(a.building, b.building)
    }
    let tubes = NaturalOrder.stableSorted(content.positiveTubes) { a, b in
      // Those still awaiting their single-tube retest first.
      if a.isAwaitingRetest != b.isAwaitingRetest { return a.isAwaitingRetest ? -1 : 1 }
      return NaturalOrder.compare(a.tubeID, b.tubeID)
    }
    try sheets.writeSummary(content, buildings: buildings)
    try sheets.writeHouseholds(NaturalOrder.stableSorted(content.households, byAddress: \.address))
    try sheets.writeGaps(NaturalOrder.stableSorted(content.gaps, byAddress: \.address))
    try sheets.writeExpiring(
      NaturalOrder.stableSorted(content.expiring) { a, b in
        a.certExpiresAt != b.certExpiresAt
          ? (a.certExpiresAt < b.certExpiresAt ? -1 : 1)
          : NaturalOrder.compare(a.address, b.address)
      })
    try sheets.writePositiveTubes(tubes)
    try sheets.writeIssues(content.issues)
    try sheets.writeTrend(content)
    try book.close()
  }

  // MARK: - Names

  /// The committee as people write it: district, street and committee, empty parts left out.
  static func committeeLabel(_ content: CommitteeWorkbookContent) -> String {
    [content.district, content.street, content.committee].filter { !$0.isEmpty }
      .joined(separator: " ")
  }

  private static func fileNamePart(_ part: String) -> String {
    if part.isEmpty { return emptyNamePart }
    return String(
      String.UnicodeScalarView(
        part.unicodeScalars.map { scalar in
          switch scalar.value {
          case 0x2F, 0x5C, 0x3A: "_"  // / \ :
          case 0x00...0x1F, 0x7F...0x9F: "_"  // control characters (Cc)
          default: scalar
          }
        }))
  }

  /// Where libxlsxwriter keeps its temp files for a workbook written at `path`.
  ///
  /// `ramFolder` (a tmpfs mount point, `/dev/shm` by default) when the workbook's temp
  /// files are expected to be small (`expectedBytes` ≤ `ramTempLimit`) and the folder has
  /// room to spare (`ramHeadroom` × `expectedBytes` + `ramReserve` free): libxlsxwriter
  /// makes and deletes some 30 temp files a workbook, and on a disk each create and unlink
  /// is file-system metadata work (ext4 without a journal scans its recently deleted
  /// inodes on every create). Otherwise the parent of the output folder (the run's
  /// folder, on the output's file system and sized for it), or /tmp when that is not
  /// writable. The files are unlinked as soon as they are opened, so nothing stays behind
  /// if the run is killed, and in RAM nothing of the content is written to a disk's file
  /// system (unless the machine swaps).
  static func tmpDirectory(for path: String, expectedBytes: Int, ramFolder: String?) -> String {
    if let ramFolder, fitsInRAM(expectedBytes: expectedBytes, freeBytes: RAMFolder.freeBytes(ramFolder)) {
      return ramFolder
    }
    let folder: String
    if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
      let prefix = String(path[..<slash])
      folder = prefix.isEmpty ? "/" : prefix
    } else {
      folder = "."
    }
    let parent = folder == "/" ? "/" : folder + "/.."
    return access(parent, W_OK | X_OK) == 0 ? parent : "/tmp"
  }

  /// Whether a workbook expecting `expectedBytes` of temp files may put them in a RAM
  /// folder with `freeBytes` free (nil: not a RAM folder): at most `ramTempLimit`, and
  /// `ramHeadroom` times as much plus `ramReserve` left free.
  static func fitsInRAM(expectedBytes: Int, freeBytes: Int?) -> Bool {
    guard let freeBytes, expectedBytes <= ramTempLimit else { return false }
    return freeBytes >= ramHeadroom * expectedBytes + ramReserve
  }

  /// The largest expected temp bytes of a workbook whose temp files go to RAM (64 MiB;
  /// a committee of 4,000 residents needs about 8 MiB).
  static let ramTempLimit = 64 << 20
  /// Free space a RAM folder keeps for others: 256 MiB, and `ramHeadroom` times the
  /// workbook's own expectation (both threads may write a workbook there at once).
  static let ramReserve = 256 << 20
  static let ramHeadroom = 4

  /// What libxlsxwriter's temp files of `content`'s workbook come to, at most, in bytes.
  ///
  /// A sheet row is 300–500 bytes of XML (measured on generated committees), and
  /// constant-memory mode holds each sheet twice at the end (its rows, and the sheet's
  /// XML assembled from them): 2 KiB a row, plus twice the text of the data issues,
  /// whose values are a roster's own (possibly long) text.
  static func expectedTempBytes(_ content: CommitteeWorkbookContent) -> Int {
    let rows =
      content.buildings.count + content.households.count + content.gaps.count
      + content.expiring.count + content.positiveTubes.count + content.issues.count
      + content.trend.count + 64
    let issueText = content.issues.reduce(0) { $0 + $1.value.utf8.count + $1.message.utf8.count }
    return rows * 2048 + 2 * issueText
  }
}
