/// Which committee each input row with a data issue belongs to, so a committee's workbook
/// can list its own rejected and warned-about rows (数据问题, SPEC §4).
///
/// - Memory: one entry per row with an issue (a 16-byte key and a 4-byte committee in a
///   dictionary) plus each distinct file name and committee once; nothing per clean row.
///   A roster row's committee is its trimmed district, street and committee as written,
///   even when the row was rejected (a rejected row has no household); an exemption-list
///   row's is that of the resident its ID names.
/// - Order & determinism: committees are numbered in first-seen order; lookups only.
struct IssueCommittees {
  /// An input row: its file's number (`files`) and its line.
  struct Row: Hashable {
    var file: UInt32
    var line: Int
  }

  /// Input files by their display path (as data_issues.csv names them).
  private var files = Numbering<String>()
  /// (district, street, committee) of each committee seen, by number.
  private var names = Numbering<[String]>()
  private var rows: [Row: UInt32] = [:]

  var count: Int { rows.count }

  /// Records that the row at `line` of `file` (a display path) belongs to the committee
  /// whose names are `parts(0)`, `parts(1)`, `parts(2)`.
  mutating func record(file: String, line: Int, parts: (Int) -> UnsafeBufferPointer<UInt8>) {
    record(file: file, line: line, committee: (0..<3).map { String(decoding: parts($0), as: UTF8.self) })
  }

  /// Records that the row at `line` of `file` belongs to `committee` (district, street,
  /// committee).
  mutating func record(file: String, line: Int, committee: [String]) {
    rows[Row(file: files.number(file), line: line)] = names.number(committee)
  }

  /// The (district, street, committee) of the row at `line` of `file`, or nil when that
  /// row had no issue recorded.
  func committee(file: String, line: Int) -> [String]? {
    // Look the file up without numbering it: most issues come from the test exports.
    guard let number = files.existingNumber(file) else { return nil }
    return rows[Row(file: number, line: line)].map { names[$0] }
  }
}
