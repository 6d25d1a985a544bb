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
}
