import CStructuralScan
import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// The fast record scanner beside libcsv (STYLE §11): a line without a `"` is split
/// right here, field by field from the offsets of its structural bytes (found 64 bytes at a
/// time, `StructuralIndex`), and so is a line whose `"` only quote fields whole (`"…"`
/// right between two delimiters, no `"` CR or LF inside: libcsv gives the bytes between
/// the quotes); any other line with a `"` goes to libcsv, the reference for SPEC §8.
///
/// It runs only while libcsv is between records (`CSVFileReader.parse` checks the
/// parser's state), and for each quote-free line it leaves the batch exactly as the
/// calls of libcsv's callbacks (default mode, CSV_REPALL_NL) would: per field
/// `appendField` with the field's bytes, blanks (space, tab) trimmed from both ends;
/// then `endRecord` with the CR or LF that ends the line. A line of blanks only gives
/// `endRecord` alone (libcsv skips blanks before a row and reports the line end), and
/// an LF right after a CR is an empty line like any other, which `endRecord` counts as
/// the second half of a CRLF — the same bookkeeping for both paths (written out inline
/// here, on local copies of the counts). Same records, values, line numbers and issues:
/// `ScannerDifferentialTests` and the `csv-scanner` fuzz target compare the two on the
/// same bytes.
extension RecordBatch {
  /// Splits the complete quote-free lines of `p[start..<limit]` that begin at `start`.
  ///
  /// The structural bytes come from `index` a window at a time, so the loop runs once
  /// per field, not once per 8 bytes. Per window it makes room in the batch for the
  /// fields and bytes the window can add (a field per offset, its bytes plus a copy's
  /// slack; records are made room for one at a time, as they are ten times fewer), then
  /// works on local copies of the batch's counts.
  ///
  /// - Returns: The offset where the split stopped: the start of the first line that
  ///   holds a `"` other than a field quoted whole, or has no line end before `limit`
  ///   (that line is libcsv's); `limit` when all lines were split here.
  /// - Complexity: O(n) in the bytes consumed, plus O(1) per field.
  mutating func appendQuoteFreeLines(
    _ p: UnsafePointer<UInt8>, from start: Int, to limit: Int, index: inout StructuralIndex
  ) -> Int {
    var lineStart = start
    var fieldStart = start
    var lineFirstField = fieldCount
    var lineFirstByte = byteCount
    var fields = fieldCount
    var byteEnd = byteCount
    var records = recordCount
    var lineEnds = unquotedLineEnds
    // Changes only at line ends, so it is always the state where the current line began.
    var isAfterCR = isLastEndCR
    index.seek(start)
    scan: while true {
      if index.cursor == index.count {
        guard index.scanWindow(p, limit) else { break }  // no line end left: libcsv's
        continue
      }
      let pending = index.count - index.cursor
      if fields + pending + 2 > boundsCapacity { growBounds(toFit: fields + pending + 2) }
      let room = byteEnd + (index.scannedEnd - fieldStart) + Self.copySlack
      if room > byteCapacity { growBytes(toFit: room) }
      let bytes = self.bytes
      let bounds = self.bounds
      var marks = self.marks
      while index.cursor < index.count {
        // Fields ended by a comma, the common case, in a loop of their own with few live
        // values: with the whole loop's, the batch's byte count went through the stack
        // between one field's copy and the next's.
        var cursor = index.cursor
        let scanned = index.count
        let offsets = index.offsets
        var end = byteEnd
        var fieldsSoFar = fields
        var start = fieldStart
        while cursor < scanned {
          let j = Int(offsets[cursor])
          guard p[j] == StructuralBytes.comma else { break }
          cursor &+= 1
          end = Self.appendTrimmed(p, start, j, limit, to: bytes, at: end)
          fieldsSoFar &+= 1
          bounds[fieldsSoFar] = end
          start = j &+ 1
        }
        byteEnd = end
        fields = fieldsSoFar
        fieldStart = start
        index.cursor = cursor
        guard cursor < scanned else { break }
        // A `"`, CR or LF.
        let j = Int(offsets[cursor])
        index.cursor &+= 1
        let c = p[j]
        if c == StructuralBytes.quote {
          // A field quoted whole — `"` right where the field starts, the closing `"`
          // right before the next `,` CR or LF, and no `"` CR or LF between — is libcsv's
          // quoted field at its plainest: the bytes between the quotes, untrimmed.
          // Anything else (`""`, blanks around the quotes, a line end inside, a quote
          // mid-field, a field running past the window) and libcsv reads the line.
          let resume = index.cursor
          guard j == fieldStart, let close = index.closingQuote(p) else {
            index.cursor = resume
            break scan
          }
          let delimiter = p[close &+ 1]
          byteEnd = Self.appendVerbatim(p, j &+ 1, close, limit, to: bytes, at: byteEnd)
          fields &+= 1
          bounds[fields] = byteEnd
          if delimiter == StructuralBytes.comma {
            fieldStart = close &+ 2
            continue
          }
          if records == markCapacity {
            growMarks(toFit: records + 1)
            marks = self.marks
          }
          marks[records] = RecordMark(
            firstField: lineFirstField, fieldCount: fields &- lineFirstField, unquotedLineEndsBefore: lineEnds,
            isUnterminated: false)
          records &+= 1
          lineEnds &+= 1
          isAfterCR = delimiter == 0x0D
          lineStart = close &+ 2
          fieldStart = lineStart
          lineFirstField = fields
          lineFirstByte = byteEnd
          continue
        }
        // CR or LF ends the line; a line of blanks only is no record, just a line end
        // (the LF of a CRLF counted once, as `endRecord` counts it).
        if fields != lineFirstField || !StructuralBytes.isBlank(p + fieldStart, j &- fieldStart) {
          byteEnd = Self.appendTrimmed(p, fieldStart, j, limit, to: bytes, at: byteEnd)
          fields &+= 1
          bounds[fields] = byteEnd
          if records == markCapacity {
            growMarks(toFit: records + 1)
            marks = self.marks
          }
          marks[records] = RecordMark(
            firstField: lineFirstField, fieldCount: fields &- lineFirstField, unquotedLineEndsBefore: lineEnds,
            isUnterminated: false)
          records &+= 1
          lineEnds &+= 1
          isAfterCR = c == 0x0D
        } else if c == 0x0A && isAfterCR {
          isAfterCR = false
        } else {
          lineEnds &+= 1
          isAfterCR = c == 0x0D
        }
        lineStart = j &+ 1
        fieldStart = lineStart
        lineFirstField = fields
        lineFirstByte = byteEnd
      }
    }
    // The complete lines are in; the fields of the line left to libcsv are dropped.
    fieldCount = lineFirstField
    byteCount = lineFirstByte
    recordCount = records
    unquotedLineEnds = lineEnds
    isLastEndCR = isAfterCR
    isRecordOpen = false
    return lineStart
  }

  /// Copies `p[start..<end]` as it is to `bytes + at` (see `appendTrimmed`); returns
  /// the new end of the batch's bytes.
  @inline(__always)
  private static func appendVerbatim(
    _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ limit: Int, to bytes: UnsafeMutablePointer<UInt8>,
    at byteEnd: Int
  ) -> Int {
    let length = end &- start
    let target = UnsafeMutableRawPointer(bytes + byteEnd)
    if start &+ 32 <= limit {
      let source = UnsafeRawPointer(p + start)
      target.storeBytes(of: source.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
      target.storeBytes(
        of: source.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self), toByteOffset: 16,
        as: SIMD16<UInt8>.self)
      if length > 32 { (target + 32).copyMemory(from: source + 32, byteCount: length &- 32) }
    } else if length > 0 {
      copy(UnsafeRawPointer(p + start), to: bytes + byteEnd, count: length)
    }
    return byteEnd &+ length
  }

  /// Bytes a field copy may write past the field's end (the batch keeps that much room).
  static let copySlack = 32

  /// Copies the field `p[start..<end]`, less the blanks libcsv trims around an unquoted
  /// field, to `bytes + at`; returns the new end of the batch's bytes.
  ///
  /// Fields of up to 32 bytes (nearly all) are copied as two 16-byte vectors, written
  /// whole (`copySlack`), when 32 bytes can be read there (`p` holds `limit` bytes);
  /// longer ones add a memcpy, and those at the very end of the buffer an exact copy.
  @inline(__always)
  private static func appendTrimmed(
    _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ limit: Int, to bytes: UnsafeMutablePointer<UInt8>,
    at byteEnd: Int
  ) -> Int {
    var a = start
    var b = end
    // Space and tab are ≤ 0x20: one compare per end rules them out for most fields.
    if a < b && p[a] <= 0x20 {
      while a < b && StructuralBytes.isBlankByte(p[a]) { a &+= 1 }
    }
    if b > a && p[b &- 1] <= 0x20 {
      while b > a && StructuralBytes.isBlankByte(p[b &- 1]) { b &-= 1 }
    }
    return appendVerbatim(p, a, b, limit, to: bytes, at: byteEnd)
  }
}

/// The offsets of the structural bytes (`,` `"` CR LF) of one parse buffer, found a
/// window at a time by `natrecon_scan_window` (CStructuralScan: 64 bytes per step with
/// AVX2 or SSE2 compares and bit masks, trailing-zero counts turning each mask into
/// offsets), and read in order by the fast scanner and the search for a line's end.
///
/// Valid for one buffer: `CSVFileReader.parse` calls `reset()` for each buffer it
/// parses. Offsets are only asked for in increasing order. One per reader; 64 KiB.
struct StructuralIndex {
  /// Bytes scanned per window: small enough that the offsets stay in L1/L2 cache and a
  /// line with a `"` wastes little scanning; with `NATRECON_READER_SMALL_BUFFERS`, 100
  /// (so windows end inside lines and in the middle of a 64-byte block).
  static let windowBytes = ReaderBuffers.isSmall ? 100 : 16 << 10

  /// The scan level: the best this CPU runs (AVX2, SSE2 on any x86_64, else scalar),
  /// lowered by `NATRECON_READER_SCAN_LEVEL` (`scalar`, `sse2`, `avx2`; read once per
  /// process) to run the reader on a lower level.
  static let level: Int32 = {
    let best = natrecon_scan_best_level()
    guard let requested = getenv("NATRECON_READER_SCAN_LEVEL").map({ String(cString: $0) }) else { return best }
    let levels = [
      "scalar": Int32(NATRECON_SCAN_SCALAR), "sse2": Int32(NATRECON_SCAN_SSE2), "avx2": Int32(NATRECON_SCAN_AVX2),
    ]
    return min(best, levels[requested] ?? best)
  }()

  /// The offsets found in the current window, `count` of them (room for the window's
  /// bytes plus the 3 entries of slack the vector levels write past the count).
  fileprivate let offsets: UnsafeMutablePointer<UInt32>
  fileprivate var count = 0
  /// The next offset to hand out.
  fileprivate var cursor = 0
  /// The end of the bytes scanned so far (the current window's end).
  fileprivate private(set) var scannedEnd = 0

  init() {
    offsets = .allocate(capacity: Self.windowBytes + 4)
  }

  func free() {
    offsets.deallocate()
  }

  /// Forgets the previous buffer.
  mutating func reset() {
    count = 0
    cursor = 0
    scannedEnd = 0
  }

  /// Moves on to the first structural byte at or after `offset` (never backwards).
  @inline(__always)
  mutating func seek(_ offset: Int) {
    if offset >= scannedEnd {
      // Past everything scanned (libcsv read on): the next window starts there.
      scannedEnd = offset
      count = 0
      cursor = 0
      return
    }
    while cursor < count && Int(offsets[cursor]) < offset { cursor += 1 }
  }

  /// The offset of the next structural byte of `p[0..<limit]`, or nil when none is left.
  @inline(__always)
  mutating func next(_ p: UnsafePointer<UInt8>, _ limit: Int) -> Int? {
    while cursor == count {
      guard scanWindow(p, limit) else { return nil }
    }
    let offset = Int(offsets[cursor])
    cursor += 1
    return offset
  }

  /// After an opening `"` (just handed out): the offset of the closing `"` of a field
  /// quoted whole, consuming the offsets through the `,` CR or LF right after it; nil
  /// when the next offset other than a `,` is not a `"` directly followed by a `,` CR or
  /// LF in this window. On nil the cursor is left anywhere: the caller restores it.
  @inline(__always)
  fileprivate mutating func closingQuote(_ p: UnsafePointer<UInt8>) -> Int? {
    var k = 0
    repeat {
      guard cursor < count else { return nil }
      k = Int(offsets[cursor])
      cursor &+= 1
    } while p[k] == StructuralBytes.comma
    guard p[k] == StructuralBytes.quote, cursor < count, Int(offsets[cursor]) == k &+ 1,
      p[k &+ 1] != StructuralBytes.quote
    else { return nil }
    cursor &+= 1
    return k
  }

  /// The offset just past the first CR or LF at or after `offset` in `p[0..<limit]`, or
  /// `limit` when there is none.
  mutating func throughLineEnd(_ p: UnsafePointer<UInt8>, from offset: Int, _ limit: Int) -> Int {
    seek(offset)
    while let j = next(p, limit) {
      if p[j] == 0x0A || p[j] == 0x0D { return j + 1 }
    }
    return limit
  }

  /// Scans the next window of `p[0..<limit]` (its offsets replace the current ones);
  /// false when everything up to `limit` was scanned already.
  fileprivate mutating func scanWindow(_ p: UnsafePointer<UInt8>, _ limit: Int) -> Bool {
    guard scannedEnd < limit else { return false }
    let length = min(Self.windowBytes, limit - scannedEnd)
    count = natrecon_scan_window(Self.level, p + scannedEnd, length, UInt32(scannedEnd), offsets)
    cursor = 0
    scannedEnd += length
    return true
  }
}

/// The bytes that end or quote a field, and the blanks libcsv trims.
enum StructuralBytes {
  static let comma = UInt8(ascii: ",")
  static let quote = UInt8(ascii: "\"")

  /// libcsv's blanks: space and tab.
  @inline(__always)
  static func isBlankByte(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

  @inline(__always)
  static func isBlank(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var k = 0
    while k < count {
      if !isBlankByte(p[k]) { return false }
      k += 1
    }
    return true
  }
}

/// The structural-byte search of the fast scanner at each level, for tests and the
/// `csv-scanner` fuzz target, which compare every vector level with the scalar one.
public enum StructuralScan {
  /// The levels this CPU runs, lowest (scalar, the reference) first.
  public static let levels: [Int32] = Array(Int32(NATRECON_SCAN_SCALAR)...natrecon_scan_best_level())

  /// The level the reader uses (`StructuralIndex.level`).
  public static var readerLevel: Int32 { StructuralIndex.level }

  /// The offsets of every `,` `"` CR and LF in `bytes`, found at `level` (one of `levels`).
  public static func offsets(_ bytes: UnsafeRawBufferPointer, level: Int32) -> [Int] {
    precondition(levels.contains(level), "level \(level) does not run here")
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return [] }
    let out = UnsafeMutablePointer<UInt32>.allocate(capacity: bytes.count + 4)
    defer { out.deallocate() }
    let count = natrecon_scan_window(level, base, bytes.count, 0, out)
    return (0..<count).map { Int(out[$0]) }
  }
}
