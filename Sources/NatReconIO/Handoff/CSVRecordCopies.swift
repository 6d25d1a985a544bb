#if canImport(Glibc)
  import Glibc
#endif

/// Records copied out of a reader's reused batch, so that a thread other than the
/// reader's can read them later: the hand-over between a thread that reads and splits a
/// file and one that interprets its records (`ReadAhead` in NatReconPipeline).
///
/// Each record keeps everything its `CSVRecord` view had — bytes of every present field
/// (extra fields too, so `problem` reads the same), line, problem, header width — and
/// `forEachRecord` gives views that are field for field the views that were appended.
///
/// Layout: the fields' bytes back to back, their bounds (8 bytes per field plus one per
/// record) and one entry per record, in three malloc'd buffers grown by doubling and
/// kept across `removeAll`, so a batch that is reused allocates nothing per record.
///
/// Lifecycle: filled by one thread, then read by one other thread after a hand-over that
/// orders the two (a lock, as in `BatchQueue`); never both at once.
public final class CSVRecordCopies: @unchecked Sendable {
  private struct Entry {
    var firstBound: Int
    var fieldCount: Int
    var presentFieldCount: Int
    var headerFieldCount: Int
    var line: Int
    var problemCode: UInt8
  }

  private var bytes: UnsafeMutablePointer<UInt8>
  private var byteCount = 0
  private var byteCapacity: Int
  private var bounds: UnsafeMutablePointer<Int>
  private var boundCount = 0
  private var boundCapacity: Int
  private var entries: UnsafeMutablePointer<Entry>
  /// Records held.
  public private(set) var count = 0
  private var entryCapacity: Int

  /// - Parameter records: The records a batch usually holds (buffers are sized for
  ///   about 160 bytes and 16 fields a record and grow when needed).
  public init(records: Int) {
    entryCapacity = max(1, records)
    byteCapacity = entryCapacity * 160
    boundCapacity = entryCapacity * 16
    bytes = MallocStorage.allocate(UInt8.self, byteCapacity, for: "a batch of record copies")
    bounds = MallocStorage.allocate(Int.self, boundCapacity, for: "a batch of record copies")
    entries = MallocStorage.allocate(Entry.self, entryCapacity, for: "a batch of record copies")
  }

  deinit {
    free(bytes)
    free(bounds)
    free(entries)
  }

  /// Bytes of field text held (for sizing batches by bytes as well as records).
  public var textBytes: Int { byteCount }

  /// Copies one record (its view may be released afterwards).
  public func append(_ record: CSVRecord) {
    let present = record.presentFieldCount
    let start = record.bounds[0]
    let length = record.bounds[present] - start
    if byteCount + length > byteCapacity { growBytes(toFit: byteCount + length) }
    if boundCount + present + 1 > boundCapacity { growBounds(toFit: boundCount + present + 1) }
    if count == entryCapacity { growEntries() }
    if length > 0 { RecordBatch.copy(UnsafeRawPointer(record.bytes + start), to: bytes + byteCount, count: length) }
    let shift = byteCount - start
    let target = bounds + boundCount
    var k = 0
    while k <= present {
      target[k] = record.bounds[k] &+ shift
      k += 1
    }
    entries[count] = Entry(
      firstBound: boundCount, fieldCount: record.fieldCount, presentFieldCount: present,
      headerFieldCount: record.headerFieldCount, line: record.line, problemCode: record.problemCode)
    count += 1
    byteCount += length
    boundCount += present + 1
  }

  /// Copies a run of records (`CSVFileReader.forEachRecordRun`) as `append` would one by
  /// one. A run's records lie back to back in the reader's batch — bytes and bounds — so
  /// they are copied with one `memcpy` and one pass over the bounds; a run that is not
  /// (checked record by record) is copied one record at a time.
  public func append(_ run: UnsafeBufferPointer<CSVRecord>) {
    guard let first = run.first, let last = run.last else { return }
    var k = 1
    while k < run.count {
      let previous = run[k - 1]
      guard run[k].bytes == first.bytes && run[k].bounds == previous.bounds + previous.presentFieldCount else {
        for record in run { append(record) }
        return
      }
      k += 1
    }
    let boundSpan = (last.bounds - first.bounds) + last.presentFieldCount + 1
    let start = first.bounds[0]
    let length = last.bounds[last.presentFieldCount] - start
    if byteCount + length > byteCapacity { growBytes(toFit: byteCount + length) }
    if boundCount + boundSpan > boundCapacity { growBounds(toFit: boundCount + boundSpan) }
    while count + run.count > entryCapacity { growEntries() }
    if length > 0 { (bytes + byteCount).update(from: first.bytes + start, count: length) }
    let shift = byteCount - start
    let target = bounds + boundCount
    var b = 0
    while b < boundSpan {
      target[b] = first.bounds[b] &+ shift
      b += 1
    }
    for record in run {
      entries[count] = Entry(
        firstBound: boundCount + (record.bounds - first.bounds), fieldCount: record.fieldCount,
        presentFieldCount: record.presentFieldCount, headerFieldCount: record.headerFieldCount, line: record.line,
        problemCode: record.problemCode)
      count += 1
    }
    byteCount += length
    boundCount += boundSpan
  }

  /// Calls `body` with a view of every record, in the order they were appended; the
  /// views are valid during the call only (as the reader's).
  public func forEachRecord(_ body: (CSVRecord) -> Void) {
    forEachRecord(in: 0..<count, body)
  }

  /// `forEachRecord` for the records at positions `range` only (0 the first appended).
  public func forEachRecord(in range: Range<Int>, _ body: (CSVRecord) -> Void) {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "records held")
    var i = range.lowerBound
    while i < range.upperBound {
      let e = entries[i]
      body(
        CSVRecord(
          bytes: bytes, bounds: bounds + e.firstBound, fieldCount: e.fieldCount, headerFieldCount: e.headerFieldCount,
          line: e.line, problemCode: e.problemCode, presentFieldCount: e.presentFieldCount))
      i += 1
    }
  }

  /// Empties the batch, keeping its buffers.
  public func removeAll() {
    count = 0
    byteCount = 0
    boundCount = 0
  }

  // MARK: - Growth (cold)

  @inline(never)
  private func growBytes(toFit needed: Int) {
    bytes = MallocStorage.grow(bytes, capacity: &byteCapacity, toFit: needed, for: "a batch of record copies")
  }

  @inline(never)
  private func growBounds(toFit needed: Int) {
    bounds = MallocStorage.grow(bounds, capacity: &boundCapacity, toFit: needed, for: "a batch of record copies")
  }

  @inline(never)
  private func growEntries() {
    entries = MallocStorage.grow(
      entries, capacity: &entryCapacity, toFit: entryCapacity + 1, for: "a batch of record copies")
  }
}
