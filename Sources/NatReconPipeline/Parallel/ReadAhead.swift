import NatReconIO
import NatReconPlatform

/// Reads one file's records on a thread of its own while the calling thread interprets
/// them: how a single roster file uses both cores (the roster stage, the residents pass).
///
/// ```
///  reader thread:  read(2)/inflate ─► decode ─► split (fast scanner, libcsv) ─► validate
///                  ─► copy records into a batch (CSVRecordCopies) ─► bounded queue
///  calling thread: pop a batch ─► body(record) for each, in file order
/// ```
///
/// The records, their order, lines and problems are the reader's own (`forEachRecord`),
/// whatever the encoding or compression: the reader does all of that on its thread and
/// only the finished records are copied over, so gzip and GB18030 rosters need no
/// fallback. `isOn` false (or no thread to be had) is the reference path: the calling
/// thread reads the file itself through `forEachRecord`; `ReadAheadTests` compares the
/// two on dirty data and batch sizes down to one record.
///
/// Memory: at most `queueDepth` batches queued, one being filled and one being read (two
/// with `forEachBatchPair`), each of `batchRecords` records (≈ 150 KB for 1,024 roster records); batches are
/// handed back to the reader for reuse.
/// Errors: the reader's `IngestError`, thrown after `body` has seen every record before
/// the damage — as `forEachRecord` does.
struct ReadAhead: Sendable {
  /// Records per batch handed over.
  var batchRecords = 1024
  /// Whether the file is read on a thread of its own.
  var isOn = ParallelFiles.workerCount > 1

  /// Batches the reader may queue ahead of the calling thread.
  static let queueDepth = 4

  /// The reference path: the calling thread reads.
  static let off = ReadAhead(isOn: false)

  /// Streams every data record of `reader` through `body`, in file order (as
  /// `CSVFileReader.forEachRecord`). The reader is used by the reader thread only until
  /// this returns; afterwards the caller may read its properties again.
  func forEachRecord(_ reader: CSVFileReader, _ body: (CSVRecord) -> Void) throws(IngestError) {
    guard isOn, try forEachBatch(reader, inPairs: false, { batch, _ in batch.forEachRecord(body) }) else {
      return try reader.forEachRecord(body)
    }
  }

  /// Streams every data record of `reader` in its batches of copies, two at a time in
  /// file order (`second` nil at the end of the file), for a caller that hands one of
  /// them to another thread (the residents pass formats on two). The batches are reused
  /// once `body` returns. Without a reader thread (`isOn` false, or none to be had) the
  /// calling thread reads and fills the batches itself and passes them one at a time.
  /// Errors as `forEachRecord`.
  func forEachBatchPair(
    _ reader: CSVFileReader, _ body: (CSVRecordCopies, CSVRecordCopies?) -> Void
  ) throws(IngestError) {
    if isOn, try forEachBatch(reader, inPairs: true, body) { return }
    let perBatch = max(1, batchRecords)
    let batch = CSVRecordCopies(records: perBatch)
    var failure: IngestError?
    do throws(IngestError) {
      try reader.forEachRecordRun(maxRun: perBatch) { run in
        batch.append(run)
        if batch.count >= perBatch {
          body(batch, nil)
          batch.removeAll()
        }
      }
    } catch { failure = error }
    if batch.count > 0 { body(batch, nil) }
    if let failure { throw failure }
  }

  /// The reader thread and its queue: `body` gets each batch (with the next one too when
  /// `inPairs`). False when no thread could be started (nothing was read).
  private func forEachBatch(
    _ reader: CSVFileReader, inPairs: Bool, _ body: (CSVRecordCopies, CSVRecordCopies?) -> Void
  ) throws(IngestError) -> Bool {
    let queue = BatchQueue<CSVRecordCopies>(capacity: Self.queueDepth)
    let spares = SpareCopies(records: batchRecords)
    let shared = ReaderBox(reader)
    let perBatch = max(1, batchRecords)
    let thread = PosixThread.start {
      var batch = spares.take()
      do throws(IngestError) {
        // Runs of at most `perBatch` records, copied whole: a batch holds up to twice
        // `perBatch` records before it is handed over.
        try shared.reader.forEachRecordRun(maxRun: perBatch) { run in
          batch.append(run)
          if batch.count >= perBatch {
            queue.push(batch)
            batch = spares.take()
          }
        }
        if batch.count > 0 { queue.push(batch) }
        queue.finish(error: nil)
      } catch {
        if batch.count > 0 { queue.push(batch) }
        queue.finish(error: error)
      }
    }
    guard let thread else { return false }
    while let batch = queue.pop() {
      let next = inPairs ? queue.pop() : nil
      body(batch, next)
      spares.give(batch)
      if let next { spares.give(next) }
    }
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

/// Batches read by the calling thread, back to the reader for reuse (so a pass allocates
/// a handful of batches, not one per 1,024 records).
private final class SpareCopies: @unchecked Sendable {
  private var spares: [CSVRecordCopies] = []
  private let records: Int
  private let lock = PosixLock()

  init(records: Int) { self.records = records }

  func take() -> CSVRecordCopies {
    lock.withLock { spares.popLast() } ?? CSVRecordCopies(records: records)
  }

  func give(_ batch: CSVRecordCopies) {
    batch.removeAll()
    lock.withLock { spares.append(batch) }
  }
}
