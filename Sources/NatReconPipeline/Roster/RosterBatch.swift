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
    /// Another document's text in `arena` (a span, so a row holds no reference).
    var otherText = Span()
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

  /// Arena bytes per row allocated up front (an ID and seven address parts take ≈ 60).
  static let arenaBytesPerRow = 96

  var rows: [Row] = []
  /// The rows' IDs and address parts; `used` bytes hold them (the arena grows only for
  /// rows longer than usual). Written in place, one row at a time (`storeParts`).
  var arena = RosterBatch.uninitialized(UInt8.self, capacity * arenaBytesPerRow)
  var used = 0
  /// The address parts' spans, `partCount` of them used (seven a usable row, three a
  /// rejected row).
  var partSpans = RosterBatch.uninitialized(Span.self, capacity * HouseholdTable.partCount)
  var partCount = 0
  var issues: [DataIssue] = []
  var compression: String?
  var encoding: String?
  var estimatedRows = 0

  init() {
    rows.reserveCapacity(Self.capacity)
  }

  /// An array of `count` elements left as the allocator gives them (no zeroing: only the
  /// elements written are ever read; both element types are plain bytes).
  static func uninitialized<T: BitwiseCopyable>(_: T.Type, _ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }

  /// Stores `id` and the first `parts` address parts of `record` (trimmed) in the arena,
  /// in place; returns the ID's span and the index of the first part's span.
  mutating func storeParts(
    _ parts: Int, of record: CSVRecord, columns c: RosterColumnSet, id: UnsafeBufferPointer<UInt8>
  ) -> (id: Span, firstPart: Int32) {
    var at = used
    let first = partCount
    // Each part trimmed once, into a small stack array; then the room check and the copy.
    withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<UInt8>.self, capacity: parts) { trimmed in
      var room = id.count
      for p in 0..<parts {
        trimmed[p] = record.trimmed(c.address[p])
        room += trimmed[p].count
      }
      if used + room > arena.count { arena.append(contentsOf: repeatElement(0, count: max(arena.count, room))) }
      if partCount + parts > partSpans.count {
        partSpans.append(contentsOf: repeatElement(Span(), count: max(partSpans.count, parts)))
      }
      arena.withUnsafeMutableBufferPointer { arena in
        partSpans.withUnsafeMutableBufferPointer { spans in
          guard let base = arena.baseAddress else { return }
          if let source = id.baseAddress { (base + at).update(from: source, count: id.count) }
          at += id.count
          for p in 0..<parts {
            let field = trimmed[p]
            if let source = field.baseAddress { (base + at).update(from: source, count: field.count) }
            spans[first + p] = Span(start: Int32(at), count: Int32(field.count))
            at += field.count
          }
        }
      }
    }
    let idSpan = Span(start: Int32(used), count: Int32(id.count))
    used = at
    partCount += parts
    return (idSpan, Int32(first))
  }

  /// Stores `bytes` in the arena (another document's text).
  mutating func store(_ bytes: [UInt8]) -> Span {
    if used + bytes.count > arena.count {
      arena.append(contentsOf: repeatElement(0, count: max(arena.count, bytes.count)))
    }
    arena.withUnsafeMutableBufferPointer { arena in
      bytes.withUnsafeBufferPointer { b in
        if let target = arena.baseAddress, let source = b.baseAddress {
          (target + used).update(from: source, count: b.count)
        }
      }
    }
    defer { used += bytes.count }
    return Span(start: Int32(used), count: Int32(bytes.count))
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
    firstPart = batch.storeParts(3, of: record, columns: c, id: UnsafeBufferPointer(start: nil, count: 0)).firstPart
  }
}
