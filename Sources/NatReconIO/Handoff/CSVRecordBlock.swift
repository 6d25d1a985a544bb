import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Records handed over in the reader's own buffers, not copied: the hand-over between a
/// thread that reads and splits a file and one that interprets its records
/// (`CSVFileReader.forEachRecordBlock`, `ReadAhead.forEachBatchPair` in
/// NatReconPipeline).
///
/// After each chunk the reader gives the buffers its records were split into (bytes,
/// field bounds, record marks: `RecordBatch`) to the blocks that hold those records and
/// goes on in other buffers, moving only a record the chunk left open. The blocks keep
/// the buffers alive (`RecordStorage`, shared by the blocks of one chunk); when the last
/// of them lets go (`removeAll`, or the block is released) the buffers go back to the
/// reader's pool for a later chunk. So the records' bytes are copied once, by the split,
/// as the reader's own records are, and no buffer is allocated per chunk once the pool
/// holds as many as are in flight.
///
/// Each record's view is the one the reader made (`forEachRecord` gives it field for
/// field): its fields, line, problem and header width.
///
/// Lifecycle: filled by the reader's thread, then read by one other thread after a
/// hand-over that orders the two (a lock, as in `BatchQueue`); never both at once.
/// Memory: a block holds its chunk's buffers (about a decoded chunk, a few hundred KB,
/// shared with the chunk's other blocks) until it is emptied.
public final class CSVRecordBlock: @unchecked Sendable {
  private var records: UnsafeMutablePointer<CSVRecord>
  private var capacity: Int
  /// Records held.
  public private(set) var count = 0
  /// The buffers the records lie in (nil when empty).
  private var storage: RecordStorage?

  /// - Parameter records: The records a block usually holds (grown when needed).
  public init(records: Int) {
    capacity = max(1, records)
    self.records = MallocStorage.allocate(CSVRecord.self, capacity, for: "a block of records")
  }

  deinit { free(records) }

  /// Starts filling the block with records that lie in `storage`.
  func adopt(_ storage: RecordStorage) {
    precondition(count == 0, "a block holds records of one chunk")
    self.storage = storage
  }

  /// Adds a record whose bytes lie in the adopted storage.
  @inline(__always)
  func append(_ record: CSVRecord) {
    if count == capacity {
      records = MallocStorage.grow(records, capacity: &capacity, toFit: count + 1, for: "a block of records")
    }
    // A CSVRecord holds only pointers and integers: nothing to deinitialise.
    (records + count).initialize(to: record)
    count += 1
  }

  /// Calls `body` with every record, in file order; the views are valid until the
  /// block is emptied.
  public func forEachRecord(_ body: (CSVRecord) -> Void) {
    forEachRecord(in: 0..<count, body)
  }

  /// `forEachRecord` for the records at positions `range` only (0 the first).
  public func forEachRecord(in range: Range<Int>, _ body: (CSVRecord) -> Void) {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "records held")
    var i = range.lowerBound
    while i < range.upperBound {
      body(records[i])
      i += 1
    }
  }

  /// Empties the block and lets go of its buffers (back to the reader's pool once no
  /// other block of their chunk holds them).
  public func removeAll() {
    count = 0
    storage = nil
  }
}

/// One chunk's buffers, shared by the blocks that hold its records; back to `pool` when
/// the last of them lets go.
final class RecordStorage: @unchecked Sendable {
  private let buffers: RecordBuffers
  private let pool: RecordBufferPool

  init(_ buffers: RecordBuffers, pool: RecordBufferPool) {
    self.buffers = buffers
    self.pool = pool
  }

  deinit { pool.give(buffers) }
}

/// A reader's spare buffers (`RecordBatch.exchangeBuffers`): given back by whichever
/// thread releases a chunk's last block, taken by the reader's thread.
final class RecordBufferPool: @unchecked Sendable {
  private var spares: [RecordBuffers] = []
  private let lock = PosixLock()

  /// Spare buffers, or new ones.
  func take() -> RecordBuffers {
    lock.withLock { spares.popLast() } ?? RecordBuffers()
  }

  func give(_ buffers: RecordBuffers) {
    lock.withLock { spares.append(buffers) }
  }

  deinit {
    for buffers in spares { buffers.free() }
  }
}
