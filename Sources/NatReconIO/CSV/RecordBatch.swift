#if canImport(Glibc)
  import Glibc
#endif

/// The records libcsv completed during one chunk, copied out of its callbacks.
///
/// Layout (malloc'd once per file and reused, or handed over with their records and
/// exchanged for spare ones, `exchangeBuffers`; grown by doubling, never shrunk):
/// - `bytes`: the fields' bytes back to back, records back to back (a record's bytes are
///   contiguous, which is what lets the reader validate a record in one pass).
/// - `bounds`: field `k` spans `bytes[bounds[k] ..< bounds[k + 1]]`; `bounds[0] == 0`.
///   8 bytes per field.
/// - `marks`: one `RecordMark` per completed record (32 bytes).
/// A record still open at the end of a chunk (split by the chunk boundary) stays in the
/// batch and is moved to the front by `compact()` (or into the spare buffers). So the batch holds about one decoded
/// chunk: a few hundred KB, unless a single record is larger — at most
/// `ReaderLimits.maxRecordBytes` plus a chunk, since a longer one is given up.
///
/// Line ends (SPEC §8: LF, CRLF or a lone CR; CRLF counts once): with CSV_REPALL_NL
/// libcsv reports every CR and LF outside quotes through the record callback — ending a
/// record, or alone for a blank line. The batch counts those here (`unquotedLineEnds`);
/// an LF right after a reported CR is the second half of a CRLF. Line ends inside quoted
/// fields are in the field bytes and are counted by the reader when it validates each
/// record. The one approximation: libcsv skips blanks at the start of a row without
/// reporting them, so `CR, spaces, LF` counts as one line end, not two.
struct RecordBatch {
  var bytes: UnsafeMutablePointer<UInt8>
  var byteCount = 0
  var byteCapacity: Int
  var bounds: UnsafeMutablePointer<Int>
  /// Fields stored (so `bounds[0...fieldCount]` are valid).
  var fieldCount = 0
  var boundsCapacity: Int
  var marks: UnsafeMutablePointer<RecordMark>
  var recordCount = 0
  var markCapacity: Int

  var isRecordOpen = false
  var openFirstField = 0
  var openLineEndsBefore = 0
  /// CR/LF outside quotes reported so far in the file, CRLF counted once.
  var unquotedLineEnds = 0
  var isLastEndCR = false
  /// Set before `csv_fini` when a quoted field is still open: the record it closes is
  /// `unterminatedQuote`.
  var isNextRecordUnterminated = false

  init() {
    (bytes, byteCapacity, bounds, boundsCapacity, marks, markCapacity) = RecordBuffers().parts
    bounds[0] = 0
  }

  func free() {
    buffers.free()
  }

  /// The three buffers, as they stand.
  var buffers: RecordBuffers {
    RecordBuffers(
      bytes: bytes, byteCapacity: byteCapacity, bounds: bounds, boundsCapacity: boundsCapacity, marks: marks,
      markCapacity: markCapacity)
  }

  // MARK: - Callbacks (per field and per record: no allocation unless a buffer grows)

  @inline(__always)
  mutating func appendField(_ source: UnsafeRawPointer?, _ length: Int) {
    if !isRecordOpen {
      isRecordOpen = true
      openFirstField = fieldCount
      openLineEndsBefore = unquotedLineEnds
    }
    isLastEndCR = false
    if byteCount + length > byteCapacity { growBytes(toFit: byteCount + length) }
    if fieldCount + 2 > boundsCapacity { growBounds(toFit: fieldCount + 2) }
    if length > 0, let source { Self.copy(source, to: bytes + byteCount, count: length) }
    byteCount += length
    fieldCount += 1
    bounds[fieldCount] = byteCount
  }

  /// Copies a field; most fields are short, and overlapping word copies beat a call to
  /// memcpy for them (measured: a few percent of the whole UTF-8 read). Reads and writes
  /// only `count` bytes.
  @inline(__always)
  static func copy(_ source: UnsafeRawPointer, to destination: UnsafeMutablePointer<UInt8>, count: Int) {
    let target = UnsafeMutableRawPointer(destination)
    if count >= 8 && count <= 16 {
      let head = source.loadUnaligned(as: UInt64.self)
      let tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      target.storeBytes(of: head, as: UInt64.self)
      target.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
    } else if count > 16 && count <= 32 {
      let a = source.loadUnaligned(as: UInt64.self)
      let b = source.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
      let c = source.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
      let d = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      target.storeBytes(of: a, as: UInt64.self)
      target.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
      target.storeBytes(of: c, toByteOffset: count - 16, as: UInt64.self)
      target.storeBytes(of: d, toByteOffset: count - 8, as: UInt64.self)
    } else if count >= 4 && count < 8 {
      let head = source.loadUnaligned(as: UInt32.self)
      let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
      target.storeBytes(of: head, as: UInt32.self)
      target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
    } else if count < 4 {
      let bytes = source.assumingMemoryBound(to: UInt8.self)
      destination[0] = bytes[0]
      destination[count &>> 1] = bytes[count &>> 1]
      destination[count - 1] = bytes[count - 1]
    } else {
      target.copyMemory(from: source, byteCount: count)
    }
  }

  /// `terminator` is the CR or LF that ended the row, or -1 from `csv_fini`.
  @inline(__always)
  mutating func endRecord(_ terminator: Int32) {
    if isRecordOpen {
      if recordCount == markCapacity { growMarks(toFit: recordCount + 1) }
      marks[recordCount] = RecordMark(
        firstField: openFirstField, fieldCount: fieldCount - openFirstField,
        unquotedLineEndsBefore: openLineEndsBefore, isUnterminated: isNextRecordUnterminated)
      recordCount += 1
      isRecordOpen = false
      isNextRecordUnterminated = false
    } else if terminator == 0x0A && isLastEndCR {
      // The LF of a CRLF whose CR was already counted.
      isLastEndCR = false
      return
    }
    if terminator == 0x0D {
      unquotedLineEnds += 1
      isLastEndCR = true
    } else if terminator == 0x0A {
      unquotedLineEnds += 1
      isLastEndCR = false
    }
  }

  // MARK: - Reuse

  /// Drops the completed records, keeping an open record's fields at the front.
  mutating func compact() {
    recordCount = 0
    guard isRecordOpen else {
      byteCount = 0
      fieldCount = 0
      return
    }
    guard openFirstField > 0 else { return }
    let byteStart = bounds[openFirstField]
    let openFields = fieldCount - openFirstField
    let openBytes = byteCount - byteStart
    if openBytes > 0 { memmove(bytes, bytes + byteStart, openBytes) }
    for k in 0...openFields { bounds[k] = bounds[openFirstField + k] - byteStart }
    byteCount = openBytes
    fieldCount = openFields
    openFirstField = 0
  }

  /// Drops the completed records as `compact()` does, but hands their buffers over
  /// instead of reusing them (`CSVRecordBlock`: the records' views stay valid in them)
  /// and goes on in `fresh`, an open record's fields copied to its front.
  mutating func exchangeBuffers(for fresh: RecordBuffers) -> RecordBuffers {
    let filled = buffers
    (bytes, byteCapacity, bounds, boundsCapacity, marks, markCapacity) = fresh.parts
    recordCount = 0
    bounds[0] = 0
    guard isRecordOpen else {
      byteCount = 0
      fieldCount = 0
      return filled
    }
    let byteStart = filled.bounds[openFirstField]
    let openFields = fieldCount - openFirstField
    let openBytes = byteCount - byteStart
    if openBytes > byteCapacity { growBytes(toFit: openBytes) }
    if openFields + 2 > boundsCapacity { growBounds(toFit: openFields + 2) }
    if openBytes > 0 { memcpy(bytes, filled.bytes + byteStart, openBytes) }
    for k in 0...openFields { bounds[k] = filled.bounds[openFirstField + k] - byteStart }
    byteCount = openBytes
    fieldCount = openFields
    openFirstField = 0
    return filled
  }

  // MARK: - Growth (cold)

  @inline(never)
  mutating func growBytes(toFit needed: Int) {
    bytes = MallocStorage.grow(bytes, capacity: &byteCapacity, toFit: needed, for: "the CSV record batch")
  }

  @inline(never)
  mutating func growBounds(toFit needed: Int) {
    bounds = MallocStorage.grow(bounds, capacity: &boundsCapacity, toFit: needed, for: "the CSV record batch")
  }

  @inline(never)
  mutating func growMarks(toFit needed: Int) {
    marks = MallocStorage.grow(marks, capacity: &markCapacity, toFit: needed, for: "the CSV record batch")
  }
}

/// A `RecordBatch`'s three buffers (bytes, field bounds, record marks) with their
/// capacities: what `exchangeBuffers` hands over and takes.
struct RecordBuffers {
  var bytes: UnsafeMutablePointer<UInt8>
  var byteCapacity: Int
  var bounds: UnsafeMutablePointer<Int>
  var boundsCapacity: Int
  var marks: UnsafeMutablePointer<RecordMark>
  var markCapacity: Int

  /// New buffers of the sizes a batch starts with: about one decoded chunk.
  init() {
    byteCapacity = ReaderBuffers.chunkBytes * 2
    boundsCapacity = ReaderBuffers.chunkBytes / 4
    markCapacity = ReaderBuffers.chunkBytes / 16
    bytes = MallocStorage.allocate(UInt8.self, byteCapacity, for: "the CSV record batch")
    bounds = MallocStorage.allocate(Int.self, boundsCapacity, for: "the CSV record batch")
    marks = MallocStorage.allocate(RecordMark.self, markCapacity, for: "the CSV record batch")
  }

  init(
    bytes: UnsafeMutablePointer<UInt8>, byteCapacity: Int, bounds: UnsafeMutablePointer<Int>, boundsCapacity: Int,
    marks: UnsafeMutablePointer<RecordMark>, markCapacity: Int
  ) {
    self.bytes = bytes
    self.byteCapacity = byteCapacity
    self.bounds = bounds
    self.boundsCapacity = boundsCapacity
    self.marks = marks
    self.markCapacity = markCapacity
  }

  /// The buffers and capacities, in `RecordBatch`'s order.
  var parts: (UnsafeMutablePointer<UInt8>, Int, UnsafeMutablePointer<Int>, Int, UnsafeMutablePointer<RecordMark>, Int) {
    (bytes, byteCapacity, bounds, boundsCapacity, marks, markCapacity)
  }

  func free() {
    Glibc.free(bytes)
    Glibc.free(bounds)
    Glibc.free(marks)
  }
}

/// Where one completed record sits in a `RecordBatch`.
struct RecordMark {
  var firstField: Int
  var fieldCount: Int
  /// Unquoted line ends before the record's first field (the record's line, less the
  /// quoted line ends of earlier records, less 1).
  var unquotedLineEndsBefore: Int
  var isUnterminated: Bool
  /// Given up for passing `ReaderLimits.maxRecordBytes` while still open; it has no
  /// fields (see `RecordBatch.abandonOpenRecord`).
  var isTooLong = false
}

// MARK: - libcsv callbacks

// `CSVFileReader.parse` passes non-capturing closure literals with the same bodies to
// `csv_parse`; these named ones serve `csv_fini`, once per file.

/// libcsv's per-field callback (`cb1`): `context` is the `RecordBatch` of the reader.
func csvFieldCallback(
  _ field: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?
) {
  context.unsafelyUnwrapped.assumingMemoryBound(to: RecordBatch.self).pointee.appendField(
    field, length)
}

/// libcsv's per-row callback (`cb2`): CR or LF (every one, with CSV_REPALL_NL), or -1
/// at `csv_fini`.
func csvRecordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
  context.unsafelyUnwrapped.assumingMemoryBound(to: RecordBatch.self).pointee.endRecord(terminator)
}
