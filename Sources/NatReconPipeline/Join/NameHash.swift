import NatReconCore

/// Hashes names for `name_mismatch` without building a `String` per row.
///
/// The hash is FNV-1a (64 bit) over the bytes `ByteText.foldedName` would produce
/// (trimmed; full-width U+FF01–U+FF5E folded to ASCII; U+3000 to a space), computed in
/// one pass with the same per-character fold (`ByteText.foldedNameByte`). Two different names share a hash with probability 2^-64: such a pair would
/// go unreported, which is acceptable for a warning.
enum NameHash {
  static let empty: UInt64 = 0xCBF2_9CE4_8422_2325

  @inline(__always)
  static func hash(_ raw: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let b = ByteText.trimmed(raw)
    var h = empty
    var i = 0
    let n = b.count
    while i < n {
      let (byte, width) = ByteText.foldedNameByte(b, at: i)
      h ^= UInt64(byte)
      h = h &* 0x0000_0100_0000_01B3
      i += width
    }
    return h
  }

  /// Whether a name is masked (`**文`, or with the full-width `＊` that `hash` folds to `*`)
  /// and so not compared (SPEC §3).
  @inline(__always)
  static func isMasked(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = b.count
    var i = 0
    while i < n {
      if b[i] == UInt8(ascii: "*") { return true }
      // U+FF0A FULLWIDTH ASTERISK: EF BC 8A.
      if b[i] == 0xEF, i + 2 < n, b[i + 1] == 0xBC, b[i + 2] == 0x8A { return true }
      i += 1
    }
    return false
  }
}
