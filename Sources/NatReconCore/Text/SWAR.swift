/// Word-at-a-time ("SIMD within a register") helpers for the fixed-form fast parsers
/// (STYLE §11): eight ASCII bytes are loaded as one little-endian `UInt64`, byte 0 (the
/// first character) in the low bits, and checked or converted with a handful of
/// multiplies, shifts and masks instead of a loop over the bytes.
///
/// Every helper is exact for the inputs its comment names; callers check the shape
/// first (`isDigits`, `templateMismatch`) and fall back to their general parser for
/// anything else, so a fast path never gives a different answer (the differential tests
/// in `FixedFormParseTests` compare both on valid, near-valid and mutated inputs).
public enum SWAR {
  @usableFromInline static var ones: UInt64 { 0x0101_0101_0101_0101 }
  @usableFromInline static var highNibbles: UInt64 { 0xF0F0_F0F0_F0F0_F0F0 }

  /// The 8 bytes at `p + offset` as a little-endian word (byte 0 lowest).
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func load(_ p: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self))
  }

  /// The high bit of each byte of `word` that is `,` `"` CR or LF: the bytes that split
  /// CSV fields and records, and that make a machine-file field quoted. Exact, no false
  /// positives (each comparison is a zero-byte test that cannot borrow across bytes).
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func csvStructuralBytes(_ word: UInt64) -> UInt64 {
    zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroBytes(word ^ 0x2222_2222_2222_2222)
      | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D) | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
  }

  /// Whether `word` holds `,` `"` CR or LF: first whether any byte is below 0x2D (all four
  /// are; a name, an address or an ID rarely has such a byte: four operations), then the
  /// exact test (`csvStructuralBytes`, ≈ 27) only for a word that does.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func hasCSVStructuralByte(_ word: UInt64) -> Bool {
    // A byte below n (n ≤ 0x80) borrows into its own high bit with `~word` still set
    // there; bytes ≥ 0x80 are masked by `~word`. Exact as a yes/no for the whole word.
    let below = (word &- 0x2D2D_2D2D_2D2D_2D2D) & ~word & 0x8080_8080_8080_8080
    return below != 0 && csvStructuralBytes(word) != 0
  }

  /// The high bit of each zero byte of `x`: adding 0x7F to the low 7 bits sets bit 7 for
  /// any nonzero byte without carrying out of it.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func zeroBytes(_ x: UInt64) -> UInt64 {
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & low7) &+ low7) | x) & 0x8080_8080_8080_8080
  }

  /// The byte `k` (0 = first character) of a word.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func byte(_ word: UInt64, _ k: Int) -> Int {
    Int(truncatingIfNeeded: (word &>> UInt64(k &* 8)) & 0xFF)
  }

  /// Whether all 8 bytes are ASCII digits `0`–`9` (0x30–0x39).
  ///
  /// The high nibbles must all be 3, and adding 6 must not carry any low nibble into
  /// them (0x3A–0x3F would); once the first test holds, no byte carries into the next.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func isDigits(_ word: UInt64) -> Bool {
    let threes = 0x3030_3030_3030_3030 as UInt64
    return word & highNibbles == threes && (word &+ 6 &* ones) & highNibbles == threes
  }

  /// Zero when `word` has a digit wherever `template` has `0` and exactly the template's
  /// byte elsewhere; nonzero otherwise.
  ///
  /// `template` is the form written with `0` for each digit (e.g. `"0000-00-"`) as a word,
  /// `separators` has 0xFF in every byte that is not a digit. After `word ^ template`, a
  /// digit byte holds its value 0–9, a matching separator 0; the three terms catch a
  /// digit byte outside 0–9 (high nibble set, or 0x0A–0x0F reaching it when 6 is added)
  /// and a separator byte that differs.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func templateMismatch(_ word: UInt64, template: UInt64, separators: UInt64) -> UInt64 {
    let x = word ^ template
    return (x & highNibbles) | ((x &+ 6 &* ones) & highNibbles) | (x & separators)
  }

  /// Digit values (0–9 per byte, the first character in byte 0) combined pairwise:
  /// byte `k` of the result is `10 × byte k + byte k+1`, the two-digit number that
  /// starts at character `k` (for k = 0…6; bytes of value 0 count as `0` digits).
  ///
  /// - Precondition: every byte is 0–9.
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func pairs(_ values: UInt64) -> UInt64 {
    values &* 10 &+ (values &>> 8)
  }

  /// The 8-digit decimal number whose digit values (0–9 per byte, most significant in
  /// byte 0) are in `values`: pairs, then pairs of pairs, then the two halves.
  ///
  /// - Precondition: every byte is 0–9.
  /// - Complexity: O(1) (three multiplies).
  @inlinable @inline(__always)
  public static func decimal8(_ values: UInt64) -> UInt64 {
    var v = pairs(values) & 0x00FF_00FF_00FF_00FF  // 4 × 2 digits in 16-bit lanes
    v = (v &* 100 &+ (v &>> 16)) & 0x0000_FFFF_0000_FFFF  // 2 × 4 digits in 32-bit lanes
    return (v &* 10_000 &+ (v &>> 32)) & 0xFFFF_FFFF
  }

  /// The 8 digit values folded by Horner's rule in base 2, `h = 2h + d` from byte 0 to
  /// byte 7 (the same shape as `decimal8` with 2, 4 and 16 for 10, 100 and 10 000);
  /// at most 9 × 255 = 2 295. `ResidentID`'s check digit is computed from this fold.
  ///
  /// - Precondition: every byte is 0–9.
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public static func binaryFold8(_ values: UInt64) -> UInt64 {
    var v = (values &* 2 &+ (values &>> 8)) & 0x00FF_00FF_00FF_00FF
    v = (v &* 4 &+ (v &>> 16)) & 0x0000_FFFF_0000_FFFF
    return (v &* 16 &+ (v &>> 32)) & 0xFFFF_FFFF
  }
}
