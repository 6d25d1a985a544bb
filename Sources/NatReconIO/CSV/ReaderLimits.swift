import CLibCSV

#if canImport(Glibc)
  import Glibc
#endif

/// The largest record and header the reader accepts, so that no input — a field of
/// many MB, a 100 MB line without a line end, a stray quote near the top of a big file,
/// a header of ten million columns — can make memory grow with the file
/// (docs/architecture.md, "Limits").
public enum ReaderLimits {
  /// The largest record, measured as its fields' bytes (after unquoting) plus one per
  /// field (its delimiter, so a row of ten million empty fields counts too): 1 MiB.
  ///
  /// Real rows are well under 1 KB (an address and a few tags); Excel caps a cell at
  /// 32,767 characters. A larger record is data issue `csv_syntax` ("record longer than
  /// 1 MiB") at the line where it starts, and none of its fields is used. The reader
  /// notices it at the end of the chunk in which it passes the limit; a record still open
  /// then (no line end yet, or an open quote) is given up: libcsv's state is reset and
  /// the reader skips to the next physical line end (CR or LF, quoted or not) and reads
  /// on from there. So the reader never holds more of a record than this plus what one
  /// `csv_parse` call adds: a chunk (256 KiB; up to 1.25 MiB while `auto` sniffs).
  public static let maxRecordBytes = 1 << 20

  /// The most columns a header may have: 16,384, Excel's limit (column XFD).
  ///
  /// A roster or export has a few dozen columns at most; a header with more is not one
  /// (a wrong file, a transposed sheet) and stops the run with
  /// `IngestError.headerTooLarge` naming the file. So does a header longer than
  /// `maxRecordBytes`.
  public static let maxHeaderColumns = 16_384

  /// How much libcsv's field buffer grows by when a field outgrows it: 256 KiB.
  ///
  /// libcsv grows it linearly, by 128 bytes unless told otherwise: 8,000 reallocs for a
  /// 1 MB field. Where realloc copies (ASan's always does), that is quadratic, and one
  /// long field stalled the fuzzer for over 10 s (issue 6). In 256 KiB steps a record at
  /// the limit costs a handful of reallocs; the buffer is allocated on the first field.
  static let libcsvBlockBytes = ReaderBuffers.isSmall ? 4 << 10 : 256 << 10

  /// Starts (or restarts) libcsv with the reader's options and its field-buffer growth:
  /// `libcsvBlockBytes` at a time, and with `NATRECON_READER_SMALL_BUFFERS` through
  /// `growFieldBuffer`.
  static func startLibcsv(_ parser: UnsafeMutablePointer<csv_parser>, options: UInt8) {
    guard csv_init(parser, options) == 0 else {
      fatalError("natrecon: libcsv rejected its options")
    }
    csv_set_blk_size(parser, libcsvBlockBytes)
    if ReaderBuffers.isSmall { csv_set_realloc_func(parser, growFieldBuffer) }
  }

  /// libcsv's `realloc` with small buffers: at least doubles the field buffer, and keeps
  /// it when it already holds `size` bytes (libcsv asks for its own idea of the size, 4 KiB
  /// more each time).
  ///
  /// With 4 KiB blocks, a gzip input of a few KB that inflates to a 1 MiB field made libcsv
  /// grow its buffer 256 times, and AddressSanitizer's `realloc` always allocates, copies
  /// and quarantines: most of the reader fuzz target's time was the kernel clearing fresh
  /// pages for those copies (docs/fuzzing.md). Runs keep libcsv's linear growth in
  /// 256 KiB blocks (a handful of reallocs for a record at the limit, which glibc's
  /// `realloc` of a large block does by `mremap`).
  static let growFieldBuffer: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = {
    pointer, size in
    let capacity = pointer.map { malloc_usable_size($0) } ?? 0
    if size <= capacity { return pointer }
    return realloc(pointer, max(size, 2 * capacity))
  }
}

// MARK: - Giving up a record that is too long

extension RecordBatch {
  /// The size of the record libcsv is in the middle of, measured as `maxRecordBytes`
  /// measures it: the fields stored so far and the field libcsv is still collecting.
  func openRecordBytes(_ parser: UnsafePointer<csv_parser>) -> Int {
    var size = parser.pointee.entry_pos
    if isRecordOpen {
      size += byteCount - bounds[openFirstField] + fieldCount - openFirstField
    }
    return size
  }

  /// Ends the open record as a too-long mark with no fields, and resets libcsv.
  ///
  /// The mark keeps the line where the record started. The line ends inside the part
  /// already read (in quoted fields) are counted as if outside any record, so the lines
  /// of later records stay right; the caller then skips to the next line end
  /// (`skipThroughLineEnd`).
  @inline(never)
  mutating func abandonOpenRecord(_ parser: UnsafeMutablePointer<csv_parser>) {
    var lineEnds = 0
    if !isRecordOpen {
      isRecordOpen = true
      openFirstField = fieldCount
      openLineEndsBefore = unquotedLineEnds
    } else {
      let openFields = fieldCount - openFirstField
      if openFields > 0 {
        lineEnds +=
          CSVFileReader.scan(
            UnsafePointer(bytes), bounds: UnsafePointer(bounds + openFirstField),
            fieldCount: openFields
          ).lineEnds
      }
    }
    if let partial = parser.pointee.entry_buf {
      lineEnds += Self.lineEnds(partial, count: parser.pointee.entry_pos)
    }
    // Drop the record's fields; keep a mark with none.
    byteCount = bounds[openFirstField]
    fieldCount = openFirstField
    if recordCount == markCapacity { growMarks(toFit: recordCount + 1) }
    marks[recordCount] = RecordMark(
      firstField: openFirstField, fieldCount: 0, unquotedLineEndsBefore: openLineEndsBefore,
      isUnterminated: false, isTooLong: true)
    recordCount += 1
    isRecordOpen = false
    isNextRecordUnterminated = false
    unquotedLineEnds += lineEnds
    isLastEndCR = false
    // libcsv has no reset; free its field buffer (as large as the record) and start over.
    let options = UInt8(truncatingIfNeeded: csv_get_opts(parser))
    csv_free(parser)
    ReaderLimits.startLibcsv(parser, options: options)
  }

  /// Skips the rest of a given-up record's line: counts the first CR or LF in `start`
  /// as a line end (an LF right after a CR is then taken as the second half of a CRLF).
  ///
  /// - Returns: The bytes consumed, through the line end; nil when there is none (all
  ///   `count` bytes are skipped).
  mutating func skipThroughLineEnd(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int? {
    guard count > 0 else { return nil }
    let raw = UnsafeRawPointer(start)
    // memchr: the rest of a 100 MB line goes by at memory speed, even in a debug build.
    let lf = memchr(raw, 0x0A, count).map { UnsafeRawPointer($0) - raw } ?? count
    let cr = memchr(raw, 0x0D, lf).map { UnsafeRawPointer($0) - raw } ?? lf
    guard cr < count else { return nil }
    unquotedLineEnds += 1
    isLastEndCR = cr < lf
    return cr + 1
  }

  /// Line ends in one field's bytes: LF, CRLF (once) or a lone CR.
  private static func lineEnds(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
    var lineEnds = 0
    var i = 0
    while i < count {
      let byte = bytes[i]
      if byte == 0x0A || (byte == 0x0D && !(i + 1 < count && bytes[i + 1] == 0x0A)) {
        lineEnds += 1
      }
      i += 1
    }
    return lineEnds
  }
}
