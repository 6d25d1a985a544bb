import NatReconCore
import NatReconIO

/// The roster's text fields for residents.csv, read again on a worker thread: per record
/// the normalised ID and the trimmed name, address, status, phone and tags, as spans of
/// one byte arena per batch (no `String` per field).
struct RosterTextBatch {
  /// Records per batch.
  static let capacity = 8192

  /// The fields kept per record, in span order; the seven address parts follow `district`.
  enum Field: Int {
    case id = 0, name, district, street, committee, compound, building, unit, room, status, phone, tags
  }

  static let fieldCount = 12

  var count = 0
  var arena: [UInt8] = []
  var spans: [RosterBatch.Span] = []
}

/// Reads one roster file into `RosterTextBatch`es (a worker thread).
struct RosterTextReader: Sendable {
  let spec: PipelineSpec
  let latestBirthDate: Int32

  func read(_ file: InputFile, emit: (RosterTextBatch) -> Void) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .roster, input: spec.roster)
    let c = RosterColumnSet(columns)
    var batch = RosterTextBatch()
    var idBytes: [UInt8] = []
    idBytes.reserveCapacity(32)
    try reader.forEachRecord { record in
      batch.count += 1
      defer {
        if batch.count >= RosterTextBatch.capacity {
          emit(batch)
          batch = RosterTextBatch()
        }
      }
      func store(_ b: UnsafeBufferPointer<UInt8>) {
        batch.spans.append(RosterBatch.Span(start: Int32(batch.arena.count), count: Int32(b.count)))
        batch.arena.append(contentsOf: b)
      }
      // Rows with a reader problem are never residents: keep their place, store nothing.
      guard record.problem == nil else {
        for _ in 0..<RosterTextBatch.fieldCount { batch.spans.append(RosterBatch.Span()) }
        return
      }
      idBytes.removeAll(keepingCapacity: true)
      switch ResidentID.parse(record.trimmed(c.id), latestBirthDate: latestBirthDate) {
      case .mainland(let key, _): ResidentID.appendText(mainlandKey: key, to: &idBytes)
      case .other(let bytes): idBytes.append(contentsOf: bytes)
      case .empty, .mangled, .invalid: break  // never a resident
      }
      idBytes.withUnsafeBufferPointer { store($0) }
      store(record.trimmed(c.name))
      for p in 0..<HouseholdTable.partCount { store(record.trimmed(c.address[p])) }
      store(record.trimmed(c.status))
      store(record.trimmed(c.phone))
      store(record.trimmed(c.tags))
    }
    emit(batch)
  }
}
