import NatReconIO
import NatReconPlatform

/// Reads one file's records on a thread of its own while the calling thread interprets
/// them: how a single roster file uses both cores (the roster stage, the residents pass).
///
/// ```
///  reader thread:  read(2)/inflate ─► decode ─► split (fast scanner, libcsv) ─► validate
///                  ─► blocks of records in the reader's own buffers (CSVRecordBlock)
///                  ─► bounded queue
///  calling thread: pop a block ─► body(record) for each, in file order ─► empty it
/// ```
///
/// The records, their order, lines and problems are the reader's own (`forEachRecord`),
/// whatever the encoding or compression: the reader does all of that on its thread and
/// hands over the buffers the finished records lie in, not copies of them
/// (`CSVFileReader.forEachRecordBlock`: each chunk's buffers go with its blocks and come
/// back to the reader once the blocks are emptied), so gzip and GB18030 rosters need no
/// fallback. `isOn` false (or no thread to be had) is the reference path: the calling
/// thread reads the file itself through `forEachRecord`; `ReadAheadTests` compares the
/// two on dirty data and blocks down to one record.
///
/// Memory: at most `queueDepth` blocks queued, one being filled and one being read (two
/// pairs with `forEachBatchPair`), each of at most `batchRecords` records; a block keeps its
/// chunk's buffers (about a decoded chunk, a few hundred KB, shared by the chunk's
/// blocks) until it is emptied and handed back for reuse.
/// Errors: the reader's `IngestError`, thrown after `body` has seen every record before
/// the damage — as `forEachRecord` does.
struct ReadAhead: Sendable {
  /// Records per block handed over, at most.
  var batchRecords = 1024
  /// Whether the file is read on a thread of its own.
  var isOn = ParallelFiles.workerCount > 1

  /// Blocks the reader may queue ahead of the calling thread.
  static let queueDepth = 4

  /// The reference path: the calling thread reads.
  static let off = ReadAhead(isOn: false)

  /// Streams every data record of `reader` through `body`, in file order (as
  /// `CSVFileReader.forEachRecord`). The reader is used by the reader thread only until
  /// this returns; afterwards the caller may read its properties again.
  func forEachRecord(_ reader: CSVFileReader, _ body: (CSVRecord) -> Void) throws(IngestError) {
    guard isOn, try forEachBlock(reader, inPairs: false, { block, _ in block.forEachRecord(body) }) else {
      return try reader.forEachRecord(body)
    }
  }

  /// Streams every data record of `reader` in its blocks, two at a time in file order
  /// (`second` nil at the end of the file), for a caller that hands part of them to
  /// another thread (the residents pass formats on two). A pair's blocks stay untouched
  /// until `body` has returned for the next pair, or `last` has returned for the final
  /// one: the other thread may still read a pair while `body` takes the next. `last` runs
  /// once, after the final pair (or none), also when the reader then throws. Without a
  /// reader thread (`isOn` false, or none to be had) the calling thread reads the blocks
  /// itself and passes them one at a time. Errors as `forEachRecord`.
  func forEachBatchPair(
    _ reader: CSVFileReader, _ body: (CSVRecordBlock, CSVRecordBlock?) -> Void, last: () -> Void
  ) throws(IngestError) {
    if isOn, try forEachBlock(reader, inPairs: true, body, last: last) { return }
    let spares = SpareBlocks(records: max(1, batchRecords))
    var previous: CSVRecordBlock?
    let each = { (filled: CSVRecordBlock) in
      body(filled, nil)
      if let previous { spares.give(previous) }
      previous = filled
    }
    defer {
      last()
      if let previous { spares.give(previous) }
    }
    try reader.forEachRecordBlock(maxRecords: max(1, batchRecords), take: spares.take, each)
  }

  /// The reader thread and its queue: `body` gets each block (with the next one too when
  /// `inPairs`). False when no thread could be started (nothing was read).
  private func forEachBlock(
    _ reader: CSVFileReader, inPairs: Bool, _ body: (CSVRecordBlock, CSVRecordBlock?) -> Void,
    last: () -> Void = {}
  ) throws(IngestError) -> Bool {
    let queue = BatchQueue<CSVRecordBlock>(capacity: Self.queueDepth)
    let spares = SpareBlocks(records: max(1, batchRecords))
    let shared = ReaderBox(reader)
    let perBlock = max(1, batchRecords)
    let thread = PosixThread.start {
      do throws(IngestError) {
        try shared.reader.forEachRecordBlock(maxRecords: perBlock, take: spares.take) { queue.push($0) }
        queue.finish(error: nil)
      } catch {
        queue.finish(error: error)
      }
    }
    guard let thread else { return false }
    // In pairs, a pair's blocks go back after the next pair's `body` (or `last`).
    var previous: (CSVRecordBlock, CSVRecordBlock?)?
    func giveBack(_ pair: (CSVRecordBlock, CSVRecordBlock?)) {
      spares.give(pair.0)
      if let second = pair.1 { spares.give(second) }
    }
    while let block = queue.pop() {
      let next = inPairs ? queue.pop() : nil
      body(block, next)
      if !inPairs {
        giveBack((block, next))
        continue
      }
      if let previous { giveBack(previous) }
      previous = (block, next)
    }
    last()
    if let previous { giveBack(previous) }
    thread.join()
    if let error = queue.error { throw error }
    return true
  }
}

/// The reader, handed to its thread (used there only until the thread is joined).
private final class ReaderBox: @unchecked Sendable {
  let reader: CSVFileReader
  init(_ reader: CSVFileReader) { self.reader = reader }
}

/// Blocks read by the calling thread, emptied (their chunk's buffers back to the reader)
/// and back to the reader for reuse (so a pass allocates a handful of blocks, not one
/// per 1,024 records).
private final class SpareBlocks: @unchecked Sendable {
  private var spares: [CSVRecordBlock] = []
  private let records: Int
  private let lock = PosixLock()

  init(records: Int) { self.records = records }

  func take() -> CSVRecordBlock {
    lock.withLock { spares.popLast() } ?? CSVRecordBlock(records: records)
  }

  func give(_ block: CSVRecordBlock) {
    block.removeAll()
    lock.withLock { spares.append(block) }
  }
}
