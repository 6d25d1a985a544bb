/// Byte-level text helpers shared by the normalisers: trimming and full-width folding.
///
/// Values arrive as UTF-8 bytes straight from the CSV reader. These helpers work on
/// those bytes in place: `trimmed(_:)` returns a sub-view of its input and never
/// allocates, so it may run on every field of every row. `foldedName(_:)` allocates
/// and is meant for the rare comparisons that need it (SPEC §3 `name_mismatch`).
///
/// White space here is exactly what SPEC §8 trims: space (0x20), tab (0x09), CR (0x0D),
/// LF (0x0A) and the ideographic space U+3000 (UTF-8 `E3 80 80`).
public enum ByteText {
  /// Trims space, tab, CR, LF and U+3000 from both ends (SPEC §8 "Every value is trimmed").
  ///
  /// A truncated U+3000 sequence (`E3 80` without the final `80`) is not white space and
  /// stays.
  ///
  /// - Parameter b: The value's UTF-8 bytes.
  /// - Returns: A view into `b` (same base memory) without the leading and trailing white
  ///   space; empty when `b` holds only white space.
  /// - Complexity: O(w), where w is the number of white-space bytes at the two ends.
  @inlinable @inline(__always)
  public static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    // Most values start and end with a byte that is never trimmed (white space is ≤ 0x20,
    // U+3000 starts with E3 and ends with 80): one look at each end, inlined at the caller.
    let count = b.count
    if count > 0 {
      let first = b[0]
      let last = b[count - 1]
      if first > 0x20 && first != 0xE3 && last > 0x20 && last != 0x80 { return b }
    }
    return trimmedEnds(b)
  }

  /// `trimmed(_:)` for a value that may have white space at an end.
  @usableFromInline
  static func trimmedEnds(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    var end = b.count
    while start < end {
      let c = b[start]
      if isASCIISpace(c) {
        start += 1
      } else if c == 0xE3, end - start >= 3, b[start + 1] == 0x80, b[start + 2] == 0x80 {
        start += 3
      } else {
        break
      }
    }
    while end > start {
      let c = b[end - 1]
      if isASCIISpace(c) {
        end -= 1
      } else if c == 0x80, end - start >= 3, b[end - 2] == 0x80, b[end - 3] == 0xE3 {
        end -= 3
      } else {
        break
      }
    }
    return UnsafeBufferPointer(rebasing: b[start..<end])
  }

  /// Trims, then maps full-width ASCII (U+FF01–U+FF5E) to ASCII and U+3000 to a space.
  ///
  /// Used to compare names (SPEC §3 `name_mismatch`, SPEC §8 "trimmed, full-width-folded
  /// names"). Inner white space is kept as is (only U+3000 becomes a space); every other
  /// byte, including invalid UTF-8, is copied unchanged.
  ///
  /// - Parameter b: The value's UTF-8 bytes.
  /// - Returns: The folded bytes.
  /// - Complexity: O(n) in the value's length; allocates the result.
  public static func foldedName(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    let t = trimmed(b)
    var out = [UInt8]()
    out.reserveCapacity(t.count)
    var i = 0
    while i < t.count {
      let (byte, width) = foldedNameByte(t, at: i)
      out.append(byte)
      i += width
    }
    return out
  }

  /// The byte the name fold makes of the character starting at `t[i]`, and how many
  /// bytes that character takes: U+3000 → space, U+FF01–U+FF5E → ASCII, any other byte
  /// unchanged. The one home of the fold: `foldedName` and the name hash of the
  /// `name_mismatch` rule both walk a name with it.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func foldedNameByte(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> (byte: UInt8, width: Int) {
    let c = t[i]
    if c == 0xE3, i + 2 < t.count, t[i + 1] == 0x80, t[i + 2] == 0x80 { return (0x20, 3) }
    if c == 0xEF, i + 2 < t.count, let ascii = foldFullWidth(t[i + 1], t[i + 2]) { return (ascii, 3) }
    return (c, 1)
  }

  /// Trims a `String` the way `trimmed(_:)` trims bytes.
  ///
  /// - Complexity: O(n) in the value's length; allocates the result.
  public static func trimmed(_ s: String) -> String {
    var s = s
    return s.withUTF8 { String(decoding: trimmed($0), as: UTF8.self) }
  }

  /// Folds a `String` the way `foldedName(_:)` folds bytes.
  ///
  /// - Complexity: O(n) in the value's length; allocates the result.
  public static func foldedName(_ s: String) -> String {
    var s = s
    return s.withUTF8 { String(decoding: foldedName($0), as: UTF8.self) }
  }

  // MARK: - Byte classes

  /// Whether `c` is one of the ASCII white-space bytes SPEC §8 trims: space, tab, CR, LF.
  ///
  /// - Complexity: O(1).
  @inlinable
  static func isASCIISpace(_ c: UInt8) -> Bool {
    c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A
  }

  /// The ASCII byte of a full-width form U+FF01–U+FF5E given its last two UTF-8 bytes
  /// (the lead byte `EF` already seen), or nil for any other sequence.
  ///
  /// U+FF01–U+FF3F encode as `EF BC 81`–`EF BC BF` and U+FF40–U+FF5E as `EF BD 80`–
  /// `EF BD 9E`; U+FF01 + k maps to 0x21 + k.
  ///
  /// - Complexity: O(1).
  @inlinable
  static func foldFullWidth(_ b1: UInt8, _ b2: UInt8) -> UInt8? {
    if b1 == 0xBC, b2 >= 0x81, b2 <= 0xBF { return b2 &- 0x60 }
    if b1 == 0xBD, b2 >= 0x80, b2 <= 0x9E { return b2 &- 0x20 }
    return nil
  }
}
