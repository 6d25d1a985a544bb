import NatReconCore
import NatReconIO

/// The roster's text fields for residents.csv, read again on a worker thread: per record
/// the normalised ID and the trimmed name, address, status, phone and tags, as spans of
/// one byte arena per batch (no `String` per field).
///
/// The arena and the spans are allocated once per batch at their usual size and written
/// in place (`used` bytes of the arena hold fields; the arena grows only for records
/// longer than usual); a record with a reader problem keeps empty spans.
struct RosterTextBatch {
  /// Records per batch.
  static let capacity = 8192
  /// Arena bytes per record allocated up front (a roster record is ≈ 130 bytes).
  static let arenaBytesPerRecord = 160

  /// The fields kept per record, in span order; the seven address parts follow `district`.
  enum Field: Int {
    case id = 0
    case name, district, street, committee, compound, building, unit, room, status, phone, tags
  }

  static let fieldCount = 12

  var count = 0
  var arena = [UInt8](repeating: 0, count: capacity * arenaBytesPerRecord)
  var used = 0
  var spans = [RosterBatch.Span](repeating: RosterBatch.Span(), count: capacity * fieldCount)
}

/// Reads one roster file into `RosterTextBatch`es (a worker thread).
struct RosterTextReader: Sendable {
  let spec: PipelineSpec
  let latestBirthDate: Int32

  func read(_ file: InputFile, emit: (RosterTextBatch) -> Void) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .roster, input: spec.roster)
    let c = RosterColumnSet(columns)
    // The text fields after the ID, in span order.
    let texts = [c.name] + (0..<HouseholdTable.partCount).map { c.address[$0] } + [c.status, c.phone, c.tags]
    var batch = RosterTextBatch()
    try reader.forEachRecord { record in
      let first = batch.count * RosterTextBatch.fieldCount
      batch.count += 1
      defer {
        if batch.count >= RosterTextBatch.capacity {
          emit(batch)
          batch = RosterTextBatch()
        }
      }
      // Rows with a reader problem are never residents: keep their place, store nothing.
      guard !record.hasProblem else { return }
      // Room for every field untrimmed and the longest normalised ID.
      var room = 20 + record.field(c.id).count
      for column in texts { room += record.field(column).count }
      if batch.used + room > batch.arena.count {
        batch.arena.append(contentsOf: repeatElement(0, count: max(batch.arena.count, room)))
      }
      let id = record.trimmed(c.id)
      let parsed = ResidentID.parse(id, latestBirthDate: latestBirthDate)
      var at = batch.used
      batch.arena.withUnsafeMutableBufferPointer { arena in
        batch.spans.withUnsafeMutableBufferPointer { spans in
          guard let base = arena.baseAddress else { return }
          switch parsed {
          case .mainland(let key, _):
            ResidentID.writeText(mainlandKey: key, parsedFrom: id, to: base + at)
            spans[first] = RosterBatch.Span(start: Int32(at), count: 18)
            at += 18
          case .other(let bytes):
            bytes.withUnsafeBufferPointer { b in
              if let source = b.baseAddress { (base + at).update(from: source, count: b.count) }
            }
            spans[first] = RosterBatch.Span(start: Int32(at), count: Int32(bytes.count))
            at += bytes.count
          case .empty, .mangled, .invalid: break  // never a resident
          }
          for (k, column) in texts.enumerated() {
            let field = record.trimmed(column)
            if let source = field.baseAddress { (base + at).update(from: source, count: field.count) }
            spans[first + 1 + k] = RosterBatch.Span(start: Int32(at), count: Int32(field.count))
            at += field.count
          }
        }
      }
      batch.used = at
    }
    emit(batch)
  }
}
