import NatReconCore

/// The fast record scanner beside libcsv (STYLE §11): a line without a `"` is split
/// right here, word at a time; a line with one goes to libcsv, the reference for SPEC §8.
///
/// It runs only while libcsv is between records (`CSVFileReader.parse` checks the
/// parser's state), and for each quote-free line it makes exactly the calls libcsv's
/// callbacks would make in its default mode with CSV_REPALL_NL: per field
/// `appendField` with the field's bytes, blanks (space, tab) trimmed from both ends;
/// then `endRecord` with the CR or LF that ends the line. A line of blanks only gives
/// `endRecord` alone (libcsv skips blanks before a row and reports the line end), and
/// an LF right after a CR is an empty line like any other, which `endRecord` counts as
/// the second half of a CRLF — the same bookkeeping for both paths. Same records,
/// values, line numbers and issues: `ScannerDifferentialTests` and the `csv-scanner`
/// fuzz target compare the two on the same bytes.
extension RecordBatch {
  /// Splits the complete quote-free lines at the start of `p[0..<count]`.
  ///
  /// - Returns: The bytes consumed: everything before the first line that holds a `"`
  ///   or has no line end in `p[0..<count]` (that line is libcsv's); `count` when all
  ///   lines were split here.
  /// - Complexity: O(n) in the bytes consumed, 8 bytes per step between `,` CR and LF.
  mutating func appendQuoteFreeLines(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
    var lineStart = 0
    var fieldStart = 0
    var lineFirstField = fieldCount
    var lineFirstByte = byteCount
    var lineStartsAfterCR = isLastEndCR
    var i = 0
    while true {
      // The next `,` `"` CR or LF at or after i.
      var j: Int
      if i + 8 <= count {
        let flags = StructuralBytes.flags(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        if flags == 0 {
          i += 8
          continue
        }
        j = i + flags.trailingZeroBitCount &>> 3
      } else {
        j = i
        while j < count && !StructuralBytes.isStructural(p[j]) { j += 1 }
        if j == count { break }  // the last line has no line end here: libcsv's
      }
      let c = p[j]
      if c == StructuralBytes.comma {
        appendTrimmedField(p, fieldStart, j)
        fieldStart = j + 1
      } else if c == StructuralBytes.quote {
        break  // libcsv reads this line
      } else {
        // CR or LF ends the line; a line of blanks only is no record.
        if fieldCount != lineFirstField || !StructuralBytes.isBlank(p + fieldStart, j - fieldStart) {
          appendTrimmedField(p, fieldStart, j)
        }
        endRecord(Int32(c))
        lineStart = j + 1
        fieldStart = lineStart
        lineFirstField = fieldCount
        lineFirstByte = byteCount
        lineStartsAfterCR = isLastEndCR
      }
      i = j + 1
    }
    // Take back the fields of the line left to libcsv.
    fieldCount = lineFirstField
    byteCount = lineFirstByte
    isLastEndCR = lineStartsAfterCR
    isRecordOpen = false
    return lineStart
  }

  /// `appendField` with the blanks libcsv trims around an unquoted field removed.
  @inline(__always)
  private mutating func appendTrimmedField(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
    var a = start
    var b = end
    while a < b && StructuralBytes.isBlankByte(p[a]) { a += 1 }
    while b > a && StructuralBytes.isBlankByte(p[b - 1]) { b -= 1 }
    appendField(UnsafeRawPointer(p + a), b - a)
  }
}

/// The bytes that end or quote a field, found 8 at a time.
enum StructuralBytes {
  static let comma = UInt8(ascii: ",")
  static let quote = UInt8(ascii: "\"")

  /// The high bit of each byte of `word` (as loaded from memory) that is `,` `"` CR or LF.
  @inline(__always)
  static func flags(_ word: UInt64) -> UInt64 {
    SWAR.csvStructuralBytes(UInt64(littleEndian: word))
  }

  @inline(__always)
  static func isStructural(_ c: UInt8) -> Bool {
    c == comma || c == quote || c == 0x0D || c == 0x0A
  }

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
