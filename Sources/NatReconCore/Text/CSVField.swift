/// The one CSV field writer (RFC 4180, SPEC §4): the machine CSVs and the generator's
/// rosters and exports both append their fields through `append(_:to:)`.
///
/// A field is quoted only when it holds a comma, a quote, CR or LF (a quote inside is
/// doubled), so identical values always give identical bytes.
public enum CSVField {
  /// Appends `bytes` as one field (no separator: the caller writes the commas).
  ///
  /// - Complexity: O(n); one scan when no quoting is needed, two when it is.
  @inlinable @inline(__always)
  public static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var needsQuotes = false
    for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
      needsQuotes = true
      break
    }
    if !needsQuotes {
      out.append(contentsOf: bytes)
      return
    }
    out.append(0x22)
    for b in bytes {
      if b == 0x22 { out.append(0x22) }
      out.append(b)
    }
    out.append(0x22)
  }

  /// Bytes `write(_:to:)` writes at most for a field of `count` bytes: every byte
  /// doubled and the two quotes.
  @inlinable
  public static func maxBytes(_ count: Int) -> Int { 2 * count + 2 }

  /// Writes `bytes` as one field at `out` and returns its length: the bytes
  /// `append(_:to:)` appends (the reference; `CSVFieldWriteTests` compares them), for
  /// writers that format into a raw buffer (`CSVTableWriter`). Plain bytes are checked
  /// for `,` `"` CR LF and copied 8 at a time (`SWAR.hasCSVStructuralByte`), a field of 4–7
  /// bytes as two overlapping halves of a word.
  ///
  /// - Precondition: `out` has room for `maxBytes(bytes.count)`.
  /// - Complexity: O(n).
  @inlinable
  public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let length = bytes.count
    guard let source = bytes.baseAddress, length > 0 else { return 0 }
    var i = 0
    if length >= 8 {
      while i + 8 <= length {
        let word = SWAR.load(source, i)
        if SWAR.hasCSVStructuralByte(word) { return writeQuoted(bytes, to: out) }
        UnsafeMutableRawPointer(out + i).storeBytes(of: word.littleEndian, as: UInt64.self)
        i += 8
      }
      if i < length {
        // The last 8 bytes, overlapping the words already copied.
        let word = SWAR.load(source, length - 8)
        if SWAR.hasCSVStructuralByte(word) { return writeQuoted(bytes, to: out) }
        UnsafeMutableRawPointer(out + length - 8).storeBytes(of: word.littleEndian, as: UInt64.self)
      }
    } else if length >= 4 {
      // 4–7 bytes (a two-character name, a status): two overlapping 4-byte loads checked
      // as one word, stored the same way.
      let head = UnsafeRawPointer(source).loadUnaligned(as: UInt32.self)
      let tail = UnsafeRawPointer(source + length - 4).loadUnaligned(as: UInt32.self)
      let word = UInt64(UInt32(littleEndian: head)) | UInt64(UInt32(littleEndian: tail)) << 32
      if SWAR.hasCSVStructuralByte(word) { return writeQuoted(bytes, to: out) }
      UnsafeMutableRawPointer(out).storeBytes(of: head, as: UInt32.self)
      UnsafeMutableRawPointer(out + length - 4).storeBytes(of: tail, as: UInt32.self)
    } else {
      while i < length {
        let b = source[i]
        if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { return writeQuoted(bytes, to: out) }
        out[i] = b
        i += 1
      }
    }
    return length
  }

  /// Writes `bytes` quoted (a quote inside doubled) at `out`; returns the length.
  @usableFromInline
  static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    out[n] = 0x22
    n += 1
    for b in bytes {
      if b == 0x22 {
        out[n] = 0x22
        n += 1
      }
      out[n] = b
      n += 1
    }
    out[n] = 0x22
    return n + 1
  }
}
