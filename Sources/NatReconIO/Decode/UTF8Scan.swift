/// Byte-level UTF-8 checks used by the reader: per-record validation with an ASCII fast
/// path, and the sequence checks `EncodingEvidence` counts with.
enum UTF8Scan {
  /// Bytes that are all ASCII and none below 0x20 (so no CR, LF, tab or NUL) leave this
  /// mask clear; see `isPlainASCII`.
  @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080
  @usableFromInline static let spaces: UInt64 = 0x2020_2020_2020_2020

  /// Whether the 8 bytes of `word` are all printable ASCII (0x20…0x7F).
  ///
  /// A byte ≥ 0x80 sets its own high bit; a byte < 0x20 among ASCII bytes borrows in the
  /// subtraction and sets its high bit. Borrows can only cause false alarms (the slow
  /// path then looks at the bytes one by one), never miss a byte.
  @inline(__always)
  static func isPlainASCII(_ word: UInt64) -> Bool {
    nonPlainFlags(word) == 0
  }

  /// The high bit of each byte of `word` that is ≥ 0x80 or < 0x20 (see `isPlainASCII`);
  /// the lowest set bit is always a real one, higher ones may be borrow artefacts.
  @inline(__always)
  static func nonPlainFlags(_ word: UInt64) -> UInt64 {
    (word | (word &- spaces)) & highBits
  }

  /// The length of the well-formed UTF-8 sequence starting at `p[i]` (whose lead byte is
  /// ≥ 0x80), or 0 when it is ill-formed or runs past `end`.
  ///
  /// Well-formed per Unicode Table 3-7: no overlong forms, no surrogates, ≤ U+10FFFF.
  @inline(__always)
  static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int {
    let lead = p[i]
    @inline(__always) func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
    switch lead {
    case 0xC2...0xDF:
      return i + 1 < end && isContinuation(p[i + 1]) ? 2 : 0
    case 0xE0...0xEF:
      guard i + 2 < end else { return 0 }
      let second = p[i + 1]
      let isSecondValid =
        switch lead {
        case 0xE0: second >= 0xA0 && second <= 0xBF
        case 0xED: second >= 0x80 && second <= 0x9F
        default: isContinuation(second)
        }
      return isSecondValid && isContinuation(p[i + 2]) ? 3 : 0
    case 0xF0...0xF4:
      guard i + 3 < end else { return 0 }
      let second = p[i + 1]
      let isSecondValid =
        switch lead {
        case 0xF0: second >= 0x90 && second <= 0xBF
        case 0xF4: second >= 0x80 && second <= 0x8F
        default: isContinuation(second)
        }
      return isSecondValid && isContinuation(p[i + 2]) && isContinuation(p[i + 3]) ? 4 : 0
    default:
      return 0
    }
  }

  /// Whether `p[i..<end]` is the valid start of a sequence that the end cut off.
  static func isTruncatedPrefix(_ p: UnsafePointer<UInt8>, at i: Int, end: Int) -> Bool {
    // Pad with a continuation byte that every lead byte accepts after it, then re-check.
    var padded: (UInt8, UInt8, UInt8, UInt8) = (0, 0x80, 0x80, 0x80)
    return withUnsafeMutableBytes(of: &padded) { bytes in
      for k in 0..<(end - i) { bytes[k] = p[i + k] }
      let lead = bytes[0]
      // Lead bytes whose second byte must avoid 0x80 (E0, F0): use 0xA0/0x90 instead.
      if end - i == 1 && lead == 0xE0 { bytes[1] = 0xA0 }
      if end - i == 1 && lead == 0xF0 { bytes[1] = 0x90 }
      let base = bytes.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
      return sequenceLength(base, at: 0, end: 4) > end - i
    }
  }
}
