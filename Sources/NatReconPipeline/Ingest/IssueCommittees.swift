/// Which committee each roster row with a data issue belongs to, so a committee's
/// workbook can list its own rejected and warned-about rows (数据问题, SPEC §4).
///
/// - Memory: one entry per roster row with an issue (a 16-byte key and a 4-byte committee
///   in a dictionary) plus each distinct committee's three names once; nothing per clean
///   row. A row's committee is its trimmed district, street and committee as written,
///   even when the row was rejected (a rejected row has no household).
/// - Order & determinism: committees are numbered in first-seen order; lookups only.
struct IssueCommittees {
  /// A roster row: index of its file in the roster's files, and its line.
  struct Row: Hashable {
    var file: Int
    var line: Int
  }

  /// (district, street, committee) of each committee seen, by number.
  private var names = Numbering<[String]>()
  private var rows: [Row: UInt32] = [:]

  var count: Int { rows.count }

  /// Records that the row at `line` of roster file `file` belongs to the committee whose
  /// names are `parts(0)`, `parts(1)`, `parts(2)`.
  mutating func record(
    file: Int, line: Int, parts: (Int) -> UnsafeBufferPointer<UInt8>
  ) {
    rows[Row(file: file, line: line)] = names.number((0..<3).map { String(decoding: parts($0), as: UTF8.self) })
  }

  /// The (district, street, committee) of the roster row at `line` of file `file`, or nil
  /// when that row had no issue.
  func committee(file: Int, line: Int) -> [String]? {
    rows[Row(file: file, line: line)].map { names[$0] }
  }
}
