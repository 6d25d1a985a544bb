import NatReconCore
import NatReconIO

/// Normalised roster rows of one file, from the worker to the fold (in row order).
struct RosterBatch {
  /// Rows per batch.
  static let capacity = 8192

  /// A byte range in `arena`.
  struct Span {
    var start: Int32 = 0
    var count: Int32 = 0
  }

  struct Row {
    var line: Int
    /// A mainland key, or `DocumentKey.unresolved` when `otherText` holds another document.
    var key: UInt64
    /// Whether the row has no error-severity issue (duplicates are found in the fold).
    var isUsable: Bool
    var otherText: [UInt8] = []
    var rawID = Span()
    /// Index of the row's first address part in `partSpans` (seven in a row).
    var firstPart: Int32 = 0
    var nameHash: UInt64 = 0
    /// The index of the row's status in `exempt_statuses`, or -1 when it does not exempt.
    var exemptStatus: Int32 = -1
    /// Whether the worker found an issue (a warning) on this usable row.
    var hasIssue = false

    init(line: Int, key: UInt64, isUsable: Bool) {
      self.line = line
      self.key = key
      self.isUsable = isUsable
    }
  }

  var rows: [Row] = []
  var arena: [UInt8] = []
  var partSpans: [Span] = []
  var issues: [DataIssue] = []
  var compression: String?
  var encoding: String?
  var estimatedRows = 0

  init() {
    rows.reserveCapacity(Self.capacity)
  }

  mutating func store(_ b: UnsafeBufferPointer<UInt8>) -> Span {
    let span = Span(start: Int32(arena.count), count: Int32(b.count))
    arena.append(contentsOf: b)
    return span
  }

  @inline(__always)
  static func slice(_ arena: UnsafeBufferPointer<UInt8>, _ span: Span) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: arena[Int(span.start)..<Int(span.start + span.count)])
  }
}

extension RosterBatch: IssueListSink {}

extension RosterBatch.Row {
  /// Stores a rejected row's district, street and committee (its committee, for the
  /// workbooks' 数据问题) as the row's parts.
  mutating func storeCommittee(of record: CSVRecord, columns c: RosterColumnSet, in batch: inout RosterBatch) {
    firstPart = Int32(batch.partSpans.count)
    for p in 0..<3 { batch.partSpans.append(batch.store(record.trimmed(c.address[p]))) }
  }
}
