import CLibCSV
import CStructuralScan
import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// Streams the records of one CSV input file (SPEC §2, §6, §8 "Reading"), one chunk at a
/// time: read(2) or zlib inflate → BOM and encoding → GB18030 → UTF-8 (only if needed)
/// → libcsv → record batch → your closure.
///
/// **Input.** A plain or gzip file (detected from its magic bytes; concatenated members
/// are read in turn) in UTF-8, with or without BOM, or GB18030/GBK. A UTF-8 BOM is
/// stripped whatever the declared encoding. A file that starts with a UTF-16 BOM or is a
/// ZIP archive (an .xlsx workbook) is not text (`IngestError.notText`).
///
/// **Encoding.** `utf8` passes the bytes through; `gb18030` decodes every byte with
/// iconv. `auto` decides from the bytes themselves:
/// - a UTF-8 BOM means UTF-8;
/// - ASCII is the same in both encodings, so the reader passes it through undecided
///   until the first non-ASCII byte; from there it looks at up to 1 MiB
///   (`ReaderBuffers.sniffWindowBytes`) of text and weighs it (`EncodingEvidence`):
///   UTF-8 unless GB18030 explains the bytes clearly better. (GB18030 Chinese read as
///   UTF-8 is almost all ill-formed; a UTF-8 export with a few damaged bytes or a cut-off
///   last character stays UTF-8, and those records become `bad_encoding` instead of
///   turning the whole file into mojibake.)
/// - a file that is ASCII to its end is UTF-8.
///
/// **Bad bytes.** Every record's bytes are UTF-8-validated (an ASCII fast path does 8
/// bytes at a time); the GB18030 decoder turns each undecodable byte into 0xFF, which
/// is never valid UTF-8. So bytes invalid in the file's encoding — including a GB18030
/// file declared `utf-8` — make their record `.badEncoding`, and nothing is dropped or
/// crashes. A NUL byte is never text: its record is `.badEncoding` wherever it stands.
/// A header name with such bytes is decoded with U+FFFD and matches no alias.
///
/// **CSV.** libcsv 3 in its default (non-strict) mode plus CSV_REPALL_NL: malformed
/// quoting reads the way libcsv reads it; blanks around unquoted fields are trimmed by
/// libcsv, nothing else. Blank lines (also lines of blanks only) outside quotes are not
/// records. A quote still open at the end of the file is accepted by libcsv; the reader
/// checks the parser's state before `csv_fini` and marks that last record
/// `.unterminatedQuote`. A record with more fields than the header is `.extraFields`
/// unless all its extra fields are empty once trimmed (then they are dropped).
///
/// **Scanner.** libcsv is the reference for the CSV rules above. Beside it (STYLE §11),
/// the `.fast` scanner splits each line that holds no `"` (or only fields quoted whole,
/// `"…"` between two delimiters with no `"` CR or LF inside) itself, from the offsets of its
/// `,` `"` CR LF found 64 bytes at a time with SSE2 or AVX2 (`StructuralIndex`; the
/// level is chosen at run time, `NATRECON_READER_SCAN_LEVEL` lowers it) and
/// `RecordBatch.appendQuoteFreeLines`, leaving the batch as libcsv's callbacks would;
/// any other line with a `"`, the rest of a record libcsv has begun and the last,
/// unfinished line of a chunk go to libcsv. It bails out per line, never per file.
/// `.libcsvOnly` (or `NATRECON_READER_LIBCSV_ONLY=1` in the environment) reads every
/// byte with libcsv; `ScannerDifferentialTests` and the `csv-scanner` fuzz target check
/// that both give the same records, values, lines, problems and errors.
///
/// **Lines.** `CSVRecord.line` is the 1-based physical line where the record starts,
/// counting LF, CRLF and lone CR, inside quotes too (see `RecordBatch`).
///
/// **Memory.** Constant in the file size: a 256 KiB chunk buffer, a GB18030 output
/// buffer, a record batch of about one chunk, the fast scanner's offsets of one 16 KiB
/// window (64 KiB), libcsv's field buffer (as large as the largest field) and, for
/// `auto` while sniffing, the 1 MiB window — a few MB in all. Read through
/// `forEachRecordBlock`, the chunks whose blocks the caller still holds keep their
/// buffers too (a few hundred KB each; as many as the caller holds blocks at most).
/// `ReaderLimits` bounds a record (1 MiB: a longer one is `.tooLong` and the rest of its
/// line is skipped) and the header (16,384 columns: `IngestError.headerTooLarge`).
///
/// **Lifecycle.** `init` opens the file; `readHeader()` reads the first record;
/// `forEachRecord` streams the rest once (it reads the header first if you did not). The
/// file is closed when the reader is released. Not thread-safe; one reader per file.
public final class CSVFileReader {
  /// The name used in errors and data issues.
  public let displayPath: String
  /// The encoding the caller declared.
  public let declaredEncoding: TextEncoding
  /// `utf8` or `gb18030`. Final once the records are read; after `readHeader()` it is
  /// settled unless the first MB holds no non-ASCII byte (it then reads `utf8`, which
  /// holds unless later non-ASCII text turns out to be GB18030).
  public private(set) var resolvedEncoding: TextEncoding
  /// What `auto` weighed to choose `resolvedEncoding` (SPEC §8), or nil when nothing was
  /// weighed (a declared encoding, a BOM, or ASCII to the end).
  public private(set) var encodingEvidence: EncodingEvidence?
  /// Whether the file started with a UTF-8 BOM (stripped).
  public private(set) var hadBOM = false
  /// The number of fields of the header (the first record); 0 before `readHeader()`.
  public private(set) var headerFieldCount = 0

  /// How records are split: the fast scanner beside libcsv, or libcsv alone.
  public enum Scanner: Sendable {
    /// Lines without a `"` split from their structural bytes' offsets; everything else
    /// by libcsv.
    case fast
    /// Every byte through libcsv: the reference (SPEC §8), for tests and fuzzing.
    case libcsvOnly

    /// `.libcsvOnly` when `NATRECON_READER_LIBCSV_ONLY` is set in the environment (read
    /// once per process; for running the suite or a pipeline on the reference path),
    /// else `.fast`.
    public static let `default`: Scanner =
      getenv("NATRECON_READER_LIBCSV_ONLY") != nil ? .libcsvOnly : .fast
  }

  /// The scanner this reader uses.
  public let scanner: Scanner

  /// Whether the file is gzip-compressed (from its magic bytes).
  public var compression: Compression { source.compression }
  /// Bytes read from disk so far (compressed bytes for gzip), for progress reports.
  public var bytesRead: Int { source.bytesRead }
  /// The file's size on disk.
  public var fileBytes: Int { source.fileBytes }

  private enum Mode {
    case undecided
    case utf8
    case gb18030
  }

  /// libcsv's parser states (`libcsv.c`; not in `csv.h`).
  private static let libcsvRowNotBegun: Int32 = 0
  private static let libcsvFieldBegun: Int32 = 2

  private let source: ByteSource
  /// `ReaderBuffers.headroomBytes`, then one chunk.
  private let chunkBase: UnsafeMutablePointer<UInt8>
  private var mode: Mode
  private var decoder: GB18030Decoder?
  /// While `auto` sniffs: the text from the first non-ASCII byte on, after a headroom.
  private var sniffBase: UnsafeMutablePointer<UInt8>?
  private var sniffCount = 0
  private var contentBytes = 0
  private let parser: UnsafeMutablePointer<csv_parser>
  private let batch: UnsafeMutablePointer<RecordBatch>
  /// Buffers for `batch` to go on in when it hands its own over with the records in
  /// them (`forEachRecordBlock`).
  private let spareBuffers = RecordBufferPool()
  /// The fast scanner's structural bytes of the buffer being parsed (allocated with the
  /// other buffers, after every step of `init` that can throw).
  private var index: StructuralIndex
  private var deliveredCount = 0
  private var quotedLineEnds = 0
  private var isFirstChunk = true
  private var isFinished = false
  private var isHeaderRead = false
  private var header: [String]?
  /// After giving up a record longer than `ReaderLimits.maxRecordBytes`: drop bytes
  /// through the next line end.
  private var isSkippingToLineEnd = false

  // MARK: - Open

  /// Opens the file and detects gzip.
  ///
  /// - Parameters:
  ///   - path: Where to open the file.
  ///   - displayPath: The name used in errors and data issues (the path as the pipeline
  ///     names it).
  ///   - encoding: The declared encoding (`auto` decides from the bytes).
  ///   - expectedIdentity: When given, the file must still be that file at open and at the
  ///     end of the content, and be read to exactly its size; otherwise `.inputChanged`.
  ///   - scanner: `.fast` or the reference `.libcsvOnly` (same records either way).
  /// - Throws: `.fileNotFound`, `.emptyFile` (0 bytes), `.readFailed` (permissions, a
  ///   directory, I/O, no GB18030 converter), `.inputChanged`.
  public init(
    path: String, displayPath: String, encoding: TextEncoding, expectedIdentity: FileIdentity? = nil,
    scanner: Scanner = .default
  ) throws(IngestError) {
    self.displayPath = displayPath
    self.scanner = scanner
    self.declaredEncoding = encoding
    self.source = try ByteSource(path: path, displayPath: displayPath, expectedIdentity: expectedIdentity)
    switch encoding {
    case .auto:
      mode = .undecided
      resolvedEncoding = .utf8
    case .utf8:
      mode = .utf8
      resolvedEncoding = .utf8
    case .gb18030:
      mode = .gb18030
      resolvedEncoding = .gb18030
      decoder = try GB18030Decoder(displayPath: displayPath)
    }
    chunkBase = .allocate(capacity: ReaderBuffers.headroomBytes + ReaderBuffers.chunkBytes)
    parser = .allocate(capacity: 1)
    parser.initialize(to: csv_parser())
    batch = .allocate(capacity: 1)
    batch.initialize(to: RecordBatch())
    index = StructuralIndex()
    ReaderLimits.startLibcsv(parser, options: UInt8(CSV_REPALL_NL))
  }

  /// The capacity of libcsv's field buffer (for tests of `ReaderLimits.libcsvBlockBytes`).
  var fieldBufferBytes: Int { csv_get_buffer_size(parser) }

  deinit {
    csv_free(parser)
    parser.deallocate()
    batch.pointee.free()
    index.free()
    batch.deinitialize(count: 1)
    batch.deallocate()
    chunkBase.deallocate()
    sniffBase?.deallocate()
  }

  // MARK: - Header

  /// Reads the first record as the header.
  ///
  /// The names are returned as read (a BOM is already stripped; blanks around unquoted
  /// names trimmed by libcsv; invalid bytes decoded as U+FFFD); `HeaderMapping` trims
  /// and matches them. Calling it again returns the same header.
  ///
  /// - Returns: The header names, or nil when the file holds no record at all (only
  ///   blank lines, or a gzip stream with empty content).
  /// - Throws: `.corruptGzip`, `.notText`, `.readFailed`, `.headerTooLarge` (more than
  ///   `ReaderLimits.maxHeaderColumns` columns or longer than `maxRecordBytes`).
  public func readHeader() throws(IngestError) -> [String]? {
    if isHeaderRead { return header }
    isHeaderRead = true
    while batch.pointee.recordCount == 0 && !isFinished { try step() }
    guard batch.pointee.recordCount > 0 else { return nil }
    let mark = batch.pointee.marks[0]
    headerFieldCount = mark.fieldCount
    var quoted = 0
    let record = makeRecord(mark, batch: batch.pointee, quotedLineEnds: &quoted)
    if record.problemCode == CSVRecord.tooLongCode || mark.fieldCount > ReaderLimits.maxHeaderColumns {
      isFinished = true
      throw headerTooLarge(mark)
    }
    quotedLineEnds = quoted
    header = (0..<record.fieldCount).map { record.string($0).replacing("\u{0}", with: "\u{FFFD}") }
    deliveredCount = 1
    // Give `auto` the chance to settle before the caller reads `resolvedEncoding`.
    while mode == .undecided && !isFinished && contentBytes < ReaderBuffers.sniffWindowBytes {
      try step()
    }
    return header
  }

  @inline(never)
  private func headerTooLarge(_ mark: RecordMark) -> IngestError {
    let detail =
      mark.fieldCount > ReaderLimits.maxHeaderColumns
      ? "\(mark.fieldCount) columns, more than \(ReaderLimits.maxHeaderColumns)"
      : "longer than \(ReaderLimits.maxRecordBytes >> 20) MiB"
    return .headerTooLarge(path: displayPath, detail: detail)
  }

  // MARK: - Records

  /// Streams every data record (every record after the header) through `body`, in file
  /// order. Reads the header first if `readHeader()` was not called.
  ///
  /// - Parameter body: Called once per record with a view valid only during the call.
  /// - Throws: `.corruptGzip` (truncated or corrupt stream, detected even in its last
  ///   bytes), `.readFailed`, `.inputChanged`. The records before the damage have been
  ///   passed to `body`.
  public func forEachRecord(_ body: (CSVRecord) -> Void) throws(IngestError) {
    if !isHeaderRead { _ = try readHeader() }
    deliver(body)
    while !isFinished {
      try step()
      deliver(body)
    }
  }

  /// Streams the data records like `forEachRecord`, but hands them over in runs of up
  /// to `maxRun` consecutive records (a run never spans two chunks, so it may be
  /// shorter; each record still in file order, each exactly as `forEachRecord` gives it).
  /// For a pass that looks at a run of records before handling each one — the test
  /// probe loads the key-table slots of a run first, so their cache misses overlap.
  ///
  /// - Parameters:
  ///   - maxRun: The longest run, at least 1.
  ///   - body: Called once per run; the records and their bytes are valid only during
  ///     the call.
  /// - Throws: As `forEachRecord`.
  public func forEachRecordRun(maxRun: Int, _ body: (UnsafeBufferPointer<CSVRecord>) -> Void)
    throws(IngestError)
  {
    precondition(maxRun >= 1, "a run holds at least one record")
    if !isHeaderRead { _ = try readHeader() }
    try withUnsafeTemporaryAllocation(of: CSVRecord.self, capacity: maxRun) { (run) throws(IngestError) in
      let base = run.baseAddress.unsafelyUnwrapped
      deliverRuns(base, maxRun: maxRun, body)
      while !isFinished {
        try step()
        deliverRuns(base, maxRun: maxRun, body)
      }
    }
  }

  /// Streams the data records like `forEachRecord`, handed over in blocks of up to
  /// `maxRecords` that keep the buffers the records were split into (`CSVRecordBlock`:
  /// no copy), for a pass that interprets them on another thread than the reader's. A
  /// block never spans two chunks, so it may hold fewer; each record is in file order,
  /// exactly as `forEachRecord` gives it.
  ///
  /// - Parameters:
  ///   - maxRecords: The most records a block gets, at least 1.
  ///   - take: An empty block to fill (the caller's spare, or a new one).
  ///   - body: Called once per filled block; the block's records stay valid until the
  ///     caller empties it (`removeAll`), on whichever thread.
  /// - Throws: As `forEachRecord`.
  public func forEachRecordBlock(
    maxRecords: Int, take: () -> CSVRecordBlock, _ body: (CSVRecordBlock) -> Void
  ) throws(IngestError) {
    precondition(maxRecords >= 1, "a block holds at least one record")
    if !isHeaderRead { _ = try readHeader() }
    deliverBlocks(maxRecords: maxRecords, take: take, body)
    while !isFinished {
      try step()
      deliverBlocks(maxRecords: maxRecords, take: take, body)
    }
  }

  /// `deliver` in blocks of up to `maxRecords` records that take the batch's buffers
  /// with them (`RecordBatch.exchangeBuffers`; the batch goes on in spare ones).
  private func deliverBlocks(maxRecords: Int, take: () -> CSVRecordBlock, _ body: (CSVRecordBlock) -> Void) {
    let current = batch.pointee
    guard deliveredCount < current.recordCount else {
      deliveredCount = 0
      batch.pointee.compact()
      return
    }
    // The views made below point into `current`'s buffers, which `storage` now owns.
    let storage = RecordStorage(batch.pointee.exchangeBuffers(for: spareBuffers.take()), pool: spareBuffers)
    var quoted = quotedLineEnds
    var index = deliveredCount
    while index < current.recordCount {
      let block = take()
      block.adopt(storage)
      while block.count < maxRecords && index < current.recordCount {
        block.append(makeRecord(current.marks[index], batch: current, quotedLineEnds: &quoted))
        index += 1
      }
      body(block)
    }
    quotedLineEnds = quoted
    deliveredCount = 0
  }

  /// Hands the batch's undelivered records to `body`, then empties the batch.
  private func deliver(_ body: (CSVRecord) -> Void) {
    let current = batch.pointee
    var quoted = quotedLineEnds
    var index = deliveredCount
    while index < current.recordCount {
      body(makeRecord(current.marks[index], batch: current, quotedLineEnds: &quoted))
      index += 1
    }
    quotedLineEnds = quoted
    deliveredCount = 0
    batch.pointee.compact()
  }

  /// `deliver` in runs of up to `maxRun` records, made into `run` (room for `maxRun`).
  private func deliverRuns(
    _ run: UnsafeMutablePointer<CSVRecord>, maxRun: Int, _ body: (UnsafeBufferPointer<CSVRecord>) -> Void
  ) {
    let current = batch.pointee
    var quoted = quotedLineEnds
    var index = deliveredCount
    while index < current.recordCount {
      var count = 0
      while count < maxRun && index < current.recordCount {
        // A CSVRecord holds only pointers and integers: nothing to deinitialise.
        (run + count).initialize(to: makeRecord(current.marks[index], batch: current, quotedLineEnds: &quoted))
        count += 1
        index += 1
      }
      body(UnsafeBufferPointer(start: run, count: count))
    }
    quotedLineEnds = quoted
    deliveredCount = 0
    batch.pointee.compact()
  }

  /// Validates one record, counts its quoted line ends and classifies it.
  @inline(__always)
  private func makeRecord(_ mark: RecordMark, batch: RecordBatch, quotedLineEnds: inout Int)
    -> CSVRecord
  {
    let bounds = UnsafePointer(batch.bounds + mark.firstField)
    let scan = Self.check(UnsafePointer(batch.bytes), bounds: bounds, fieldCount: mark.fieldCount)
    let line = 1 + mark.unquotedLineEndsBefore + quotedLineEnds
    quotedLineEnds += scan.lineEnds
    var fieldCount = mark.fieldCount
    var problem = CSVRecord.noProblem
    if mark.isTooLong || bounds[fieldCount] - bounds[0] + fieldCount > ReaderLimits.maxRecordBytes {
      problem = CSVRecord.tooLongCode
    } else if !scan.isValid {
      problem = CSVRecord.badEncodingCode
    } else if mark.isUnterminated {
      problem = CSVRecord.unterminatedQuoteCode
    }
    let headerCount = headerFieldCount
    if fieldCount > headerCount {
      if bounds[headerCount] == bounds[fieldCount]
        || Self.areBlank(UnsafePointer(batch.bytes), bounds, fields: headerCount, to: fieldCount)
      {
        fieldCount = headerCount  // Only blank extra fields: tolerated, dropped.
      } else if problem == CSVRecord.noProblem {
        problem = CSVRecord.extraFieldsCode
      }
    }
    return CSVRecord(
      bytes: batch.bytes, bounds: bounds, fieldCount: fieldCount, headerFieldCount: headerCount,
      line: line, problemCode: problem, presentFieldCount: mark.fieldCount)
  }

  /// UTF-8-validates the record's bytes (a NUL byte counts as invalid) and counts the
  /// line ends inside its fields (CRLF once; a CR ending one field and an LF starting the
  /// next are two).
  ///
  /// Both need a byte ≥ 0x80 or < 0x20, so 8 bytes of printable ASCII are skipped at
  /// once. The fields' bytes are adjacent in the batch but were separated by a delimiter
  /// in the file, so a multi-byte sequence may not straddle two fields: the whole span is
  /// validated in one pass, then — only for a record with non-ASCII bytes — no field may
  /// start with a continuation byte (either it continues a sequence from the previous
  /// field, or it is an orphan; both are invalid).
  @inline(__always)
  static func scan(_ bytes: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, fieldCount: Int)
    -> (isValid: Bool, lineEnds: Int)
  {
    var i = bounds[0]
    let end = bounds[fieldCount]
    var isValid = true
    var hasNonASCII = false
    var lineEnds = 0
    // Shaped as tight inner loops (runs of ASCII words, runs of CJK characters) whose index
    // advances by a constant, so the CPU can issue the next loads before the current
    // compare resolves; only the transitions between runs depend on the data.
    while i < end {
      if i + 8 <= end {
        var flags = UTF8Scan.nonPlainFlags(UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
        while flags == 0 {
          i += 8
          guard i + 8 <= end else { break }
          flags = UTF8Scan.nonPlainFlags(UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
        }
        // Skip the plain ASCII bytes before the first flagged one (the lowest flag is
        // always a real one).
        if flags != 0 { i += flags.trailingZeroBitCount &>> 3 }
      }
      guard i < end else { break }
      let byte = bytes[i]
      if byte >= 0x80 {
        hasNonASCII = true
        // Most non-ASCII text here is CJK: 3-byte sequences with an E1–EC or EE–EF lead
        // and two continuation bytes, checked with one load each.
        while i + 4 <= end {
          let quad = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt32.self)
          let lead = UInt8(truncatingIfNeeded: quad)
          guard quad & 0x00C0_C0F0 == 0x0080_80E0 && lead != 0xE0 && lead != 0xED else { break }
          i += 3
        }
        guard i < end else { break }
        if bytes[i] >= 0x80 {
          let length = UTF8Scan.sequenceLength(bytes, at: i, end: end)
          if length == 0 {
            isValid = false
            i += 1
          } else {
            i += length
          }
        }
        continue
      }
      if byte == 0x0A {
        lineEnds += 1
      } else if byte == 0x0D {
        let isCRLF = i + 1 < end && bytes[i + 1] == 0x0A && !isFieldStart(i + 1, bounds, fieldCount)
        if !isCRLF { lineEnds += 1 }
      } else if byte == 0 {
        isValid = false  // A NUL is never text (SPEC §8 Reading).
      }
      i += 1
    }
    if hasNonASCII && isValid && hasFieldStartingWithContinuation(bytes, bounds, fieldCount) { isValid = false }
    return (isValid, lineEnds)
  }

  /// `scan`'s answer, found a vector at a time for plain text first: printable ASCII and
  /// the 3-byte sequences of nearly all CJK (`natrecon_plain_text`, SSE2; such bytes are
  /// valid and hold no line end), so `scan` walks only records with other bytes (or
  /// every record at `NATRECON_READER_SCAN_LEVEL=scalar`). `PlainTextCheckTests`
  /// compares the two.
  @inline(__always)
  static func check(_ bytes: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, fieldCount: Int)
    -> (isValid: Bool, lineEnds: Int)
  {
    let start = bounds[0]
    switch natrecon_plain_text(StructuralIndex.level, bytes + start, bounds[fieldCount] &- start) {
    case 1: return (true, 0)
    case 2: return (!hasFieldStartingWithContinuation(bytes, bounds, fieldCount), 0)
    default: return scan(bytes, bounds: bounds, fieldCount: fieldCount)
    }
  }

  /// Whether a field other than the first starts with a UTF-8 continuation byte: it
  /// continues a sequence of the field before it, or is an orphan (invalid either way).
  @inline(__always)
  static func hasFieldStartingWithContinuation(
    _ bytes: UnsafePointer<UInt8>, _ bounds: UnsafePointer<Int>, _ fieldCount: Int
  ) -> Bool {
    var k = 1
    while k < fieldCount {
      if bounds[k] < bounds[k + 1] && bytes[bounds[k]] & 0xC0 == 0x80 { return true }
      k += 1
    }
    return false
  }

  /// Whether the fields `first..<end` are all empty once trimmed (`ByteText.trimmed`:
  /// space, tab, CR, LF, U+3000; SPEC §8 Reading): extra fields such as `" "` or an
  /// unquoted U+3000 are tolerated.
  @inline(never)
  static func areBlank(_ bytes: UnsafePointer<UInt8>, _ bounds: UnsafePointer<Int>, fields first: Int, to end: Int)
    -> Bool
  {
    var k = first
    while k < end {
      let field = UnsafeBufferPointer(start: bytes + bounds[k], count: bounds[k + 1] - bounds[k])
      if ByteText.trimmed(field).count > 0 { return false }
      k += 1
    }
    return true
  }

  /// Whether a field other than the first starts at `offset` (rare: a CR before an LF).
  @inline(never)
  static func isFieldStart(_ offset: Int, _ bounds: UnsafePointer<Int>, _ fieldCount: Int) -> Bool {
    var k = 1
    while k < fieldCount {
      if bounds[k] == offset { return true }
      k += 1
    }
    return false
  }

  // MARK: - Chunks

  /// Reads, decodes and parses one chunk; at the end of the content, finishes the parse.
  ///
  /// A mapped plain file's bytes are parsed where the page cache holds them. Content
  /// found to be GB18030 is read into the chunk buffer from there on (the decoder writes
  /// a split character in front of its input, and copies it anyway), as a pipe's and
  /// gzip's are.
  private func step() throws(IngestError) {
    do {
      let chunk = chunkBase + ReaderBuffers.headroomBytes
      var start: UnsafePointer<UInt8>
      var remaining: Int
      if source.isMapped && mode != .gb18030 {
        let piece = try source.nextPiece(maxBytes: ReaderBuffers.chunkBytes)
        start = piece.baseAddress ?? UnsafePointer(chunk)
        remaining = piece.count
      } else {
        start = UnsafePointer(chunk)
        remaining = try source.fill(chunk, capacity: ReaderBuffers.chunkBytes)
      }
      guard remaining > 0 else { return try finish() }
      if isFirstChunk {
        isFirstChunk = false
        try checkFirstBlock(&start, &remaining)
      }
      contentBytes += remaining
      if mode == .gb18030 {
        // Only reached with `start` in the chunk buffer (above), which has headroom.
        try decoder.unsafelyUnwrapped.decode(
          UnsafeMutablePointer(mutating: start), count: remaining, isLast: false, emit: parse)
      } else {
        try feed(start, remaining)
      }
    } catch {
      isFinished = true
      throw error
    }
  }

  /// BOM, UTF-16 and ZIP checks on the first chunk of content. A NUL byte is not checked
  /// here: wherever it stands it makes its record `bad_encoding` (`scan`), and a binary
  /// file then fails on its header, which names no required column.
  private func checkFirstBlock(_ start: inout UnsafePointer<UInt8>, _ count: inout Int)
    throws(IngestError)
  {
    if count >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF {
      hadBOM = true
      start += 3
      count -= 3
      if mode == .undecided {
        mode = .utf8
        resolvedEncoding = .utf8
      }
    } else if count >= 2 && ((start[0], start[1]) == (0xFF, 0xFE) || (start[0], start[1]) == (0xFE, 0xFF)) {
      throw .notText(
        path: displayPath,
        detail:
          "UTF-16 text (byte-order mark \(start[0] == 0xFF ? "FF FE" : "FE FF")); save it as CSV in UTF-8 or GB18030")
    }
    if count >= 4 && start[0] == 0x50 && start[1] == 0x4B && start[2] == 0x03 && start[3] == 0x04 {
      throw .notText(
        path: displayPath, detail: "a ZIP archive, e.g. an Excel .xlsx workbook; save it as CSV")
    }
  }

  /// Parses `count` bytes of UTF-8 content, or keeps them for the encoding sniff while
  /// the encoding is undecided (GB18030 content is decoded in `step`).
  private func feed(_ start: UnsafePointer<UInt8>, _ count: Int) throws(IngestError) {
    switch mode {
    case .utf8:
      try parse(start, count)
    case .gb18030:
      preconditionFailure("GB18030 content is decoded in step()")
    case .undecided:
      if sniffCount == 0 {
        guard let firstNonASCII = Self.firstNonASCII(start, count) else {
          return try parse(start, count)
        }
        try parse(start, firstNonASCII)
        appendToSniff(start + firstNonASCII, count - firstNonASCII)
      } else {
        appendToSniff(start, count)
      }
      if sniffCount >= ReaderBuffers.sniffWindowBytes { try settleEncoding(isComplete: false) }
    }
  }

  /// The end of the content: flush the sniff window and the decoder, then `csv_fini`.
  private func finish() throws(IngestError) {
    if mode == .undecided && sniffCount > 0 { try settleEncoding(isComplete: true) }
    if mode == .gb18030, let decoder {
      try decoder.decode(chunkBase + ReaderBuffers.headroomBytes, count: 0, isLast: true, emit: parse)
    }
    if parser.pointee.pstate == Self.libcsvFieldBegun && parser.pointee.quoted != 0 {
      batch.pointee.isNextRecordUnterminated = true
    }
    csv_fini(parser, csvFieldCallback, csvRecordCallback, UnsafeMutableRawPointer(batch))
    if mode == .undecided { mode = .utf8 }
    isFinished = true
  }

  private func parse(_ start: UnsafePointer<UInt8>, _ count: Int) throws(IngestError) {
    var start = start
    var count = count
    if isSkippingToLineEnd {
      // The rest of the line of a record given up as too long (ReaderLimits).
      guard let skipped = batch.pointee.skipThroughLineEnd(start, count) else { return }
      isSkippingToLineEnd = false
      start += skipped
      count -= skipped
    }
    guard count > 0 else { return }
    switch scanner {
    case .libcsvOnly:
      try parseWithLibcsv(start, count)
    case .fast:
      index.reset()
      var offset = 0
      while offset < count {
        if parser.pointee.pstate == Self.libcsvRowNotBegun {
          // Between records: split the quote-free lines here.
          offset = batch.pointee.appendQuoteFreeLines(start, from: offset, to: count, index: &index)
          guard offset < count else { break }
        }
        // libcsv reads through the next CR or LF: a line with a `"`, the rest of a
        // record it has begun (a quoted field goes on line by line until it is between
        // records again), or the unfinished last line of the chunk.
        let end = index.throughLineEnd(start, from: offset, count)
        try parseWithLibcsv(start + offset, end - offset)
        offset = end
      }
    }
    // The open record, if any, is libcsv's on both paths, so this check sees the same.
    if batch.pointee.openRecordBytes(parser) > ReaderLimits.maxRecordBytes {
      batch.pointee.abandonOpenRecord(parser)
      isSkippingToLineEnd = true
    }
  }

  /// Feeds `count` bytes to libcsv, whose callbacks fill the batch.
  private func parseWithLibcsv(_ start: UnsafePointer<UInt8>, _ count: Int) throws(IngestError) {
    // Non-capturing closure literals become C function pointers; the per-file state
    // travels through the context pointer (the batch), so nothing allocates per call.
    let consumed = csv_parse(
      parser, start, count,
      { field, length, context in
        context.unsafelyUnwrapped.assumingMemoryBound(to: RecordBatch.self).pointee.appendField(
          field, length)
      },
      { terminator, context in
        context.unsafelyUnwrapped.assumingMemoryBound(to: RecordBatch.self).pointee.endRecord(
          terminator)
      }, UnsafeMutableRawPointer(batch))
    if consumed != count { throw libcsvError() }
  }

  @inline(never)
  private func libcsvError() -> IngestError {
    let code = csv_error(parser)
    let text = csv_strerror(code).map { String(cString: $0) } ?? "error \(code)"
    return .readFailed(path: displayPath, detail: "libcsv: \(text)")
  }

  // MARK: - Encoding detection (`auto`)

  private func appendToSniff(_ start: UnsafePointer<UInt8>, _ count: Int) {
    let headroom = ReaderBuffers.headroomBytes
    let base =
      sniffBase
      ?? .allocate(capacity: headroom + ReaderBuffers.sniffWindowBytes + ReaderBuffers.chunkBytes)
    sniffBase = base
    (base + headroom + sniffCount).update(from: start, count: count)
    sniffCount += count
  }

  /// Decides UTF-8 or GB18030 from the sniff window (see the type comment) and parses it.
  private func settleEncoding(isComplete: Bool) throws(IngestError) {
    guard let base = sniffBase else { return }
    let text = base + ReaderBuffers.headroomBytes
    let evidence = EncodingEvidence.weigh(text, count: sniffCount, isComplete: isComplete)
    encodingEvidence = evidence
    if evidence.choice == .utf8 {
      mode = .utf8
      resolvedEncoding = .utf8
      try parse(text, sniffCount)
    } else {
      mode = .gb18030
      resolvedEncoding = .gb18030
      let decoder = try GB18030Decoder(displayPath: displayPath)
      self.decoder = decoder
      try decoder.decode(text, count: sniffCount, isLast: false, emit: parse)
    }
    sniffCount = 0
    base.deallocate()
    sniffBase = nil
  }

  private static func firstNonASCII(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int? {
    var i = 0
    while i + 8 <= count {
      if UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self) & UTF8Scan.highBits != 0 {
        break
      }
      i += 8
    }
    while i < count {
      if start[i] >= 0x80 { return i }
      i += 1
    }
    return nil
  }
}
