import NatReconCore
import NatReconIO

/// The roster as the engine holds it: the build side of the join.
///
/// - Input: the roster files of a pipeline (`RosterBuilder`).
/// - Memory: proportional to roster size — `ResidentColumns` (34 B), the `KeyTable`
///   slot (16 B presized), the household table (≈ 14 B amortised), one bit per roster
///   row and the interned address strings: about 66 bytes per resident, 28 of which
///   `releaseJoinStructures()` frees after the join; plus 8 bytes per *exempt* resident
///   (`ExemptReasons`). No per-resident
///   `String` is held; names, phones and tags are read again from the file for reports.
/// - Order & determinism: resident index = roster order; households and interned
///   strings are numbered in first-seen order.
struct Roster {
  /// ID key (`DocumentKey`) → resident index.
  var table = KeyTable(expectedCount: 1 << 16)
  var residents = ResidentColumns()
  /// Interned address parts (all seven parts share one table).
  var strings = ByteInterner()
  var households = HouseholdTable()
  /// Exempt residents and their exempt_reason (status, then the exemption list).
  var exemptReasons = ExemptReasons()
  /// Normalised texts of non-mainland documents (roster and tests), for `DocumentKey`s.
  var otherDocuments = ByteInterner()
  /// One bit per roster data record (all files, in order): is it a resident?
  var isResidentRow: ContiguousArray<UInt64> = []
  var rowCount = 0
  var files: [InputFile] = []
  /// The committee of every roster row with a data issue (for the workbooks' 数据问题).
  var issueCommittees = IssueCommittees()

  /// The normalised ID text of a key (full ID: machine files only).
  func idText(_ key: UInt64) -> String {
    if DocumentKey.isOther(key) { return otherDocuments.string(DocumentKey.documentID(key)) }
    return ResidentID.text(mainlandKey: key)
  }

  /// Whether the ID text of key `a` sorts before that of `b` in UTF-8 byte order.
  /// Mainland keys compare as numbers: the key is body × 11 + check value, and the
  /// 18-character text orders the same way ('0'…'9' < 'X').
  func idTextPrecedes(_ a: UInt64, _ b: UInt64) -> Bool {
    if !DocumentKey.isOther(a | b) { return a < b }
    return idText(a).utf8.lexicographicallyPrecedes(idText(b).utf8)
  }

  /// Roster rows a file of `fileBytes` likely holds: about 130 bytes per CSV row, and
  /// gzip shrinks rosters about fourfold. Used only to presize, so growth is rare.
  static func estimatedRows(fileBytes: Int, isCompressed: Bool) -> Int {
    (isCompressed ? fileBytes * 4 : fileBytes) / 130
  }

  /// Presizes the key table and the columns for `estimatedRows` more residents.
  mutating func reserve(estimatedRows: Int) {
    let total = residents.count + estimatedRows
    if Double(total) > Double(table.capacity) * 0.75 && table.count == 0 {
      table = KeyTable(expectedCount: total)
    }
    residents.reserveCapacity(total)
    // About 2.5 residents per household (SPEC §3's 户; Shanghai's census average).
    households.reserveCapacity(estimatedRows * 2 / 5)
  }

  /// Frees what only the join needs — the key table (16 B per resident), the name hashes
  /// (8 B) and the roster lines (4 B) — once the tests are folded and the tube members
  /// found: the aggregate and report stages, where a run's memory peaks, work by
  /// resident index and read IDs and names from the roster file again.
  mutating func releaseJoinStructures() {
    table = KeyTable()
    residents.nameHash = []
    residents.rosterLine = []
  }

  mutating func markRow(isResident: Bool) {
    let word = rowCount >> 6
    if word == isResidentRow.count { isResidentRow.append(0) }
    if isResident { isResidentRow[word] |= 1 << UInt64(rowCount & 63) }
    rowCount += 1
  }

  @inline(__always) func isResident(row: Int) -> Bool { isResidentRow[row >> 6] & (1 << UInt64(row & 63)) != 0 }
}
