// MARK: - Text

extension ResidentID {
  /// Appends the 18 characters of a mainland key as ASCII bytes, like `11010519491231002X`.
  ///
  /// The inverse of the key encoding on `ResidentID`: body = (key − 1) / 11 written as 17
  /// zero-padded digits, then the check character for (key − 1) mod 11 (`X` for 10).
  ///
  /// - Precondition: `mainlandKey` came from `.mainland` (1 ... 1.1 × 10^18).
  /// - Complexity: O(1).
  @inlinable
  public static func appendText(mainlandKey: UInt64, to out: inout [UInt8]) {
    precondition(mainlandKey != 0 && mainlandKey <= maxMainlandKey, "not a mainland ID key")
    let start = out.count
    out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 18))
    out.withUnsafeMutableBufferPointer { buf in
      writeText(mainlandKey: mainlandKey, into: UnsafeMutableBufferPointer(rebasing: buf[start...]))
    }
  }

  /// The 18 characters of a mainland key as a `String`.
  ///
  /// - Precondition: `mainlandKey` came from `.mainland`.
  /// - Complexity: O(1); allocates the string.
  public static func text(mainlandKey: UInt64) -> String {
    precondition(mainlandKey != 0 && mainlandKey <= maxMainlandKey, "not a mainland ID key")
    return String(unsafeUninitializedCapacity: 18) { buf in
      writeText(mainlandKey: mainlandKey, into: buf)
      return 18
    }
  }

  /// Writes the 18 characters of a mainland key at `out`, given the trimmed field `parse`
  /// read it from: a plain field (17 ASCII digits and a check digit, `X` or `x`) is its
  /// own text with `x` upper-cased, since the key encodes the characters as written;
  /// any other field is written from the key (`writeText(mainlandKey:into:)`, the
  /// reference; `ResidentIDTextTests` compares the two).
  ///
  /// - Precondition: `field` parsed as `.mainland(key: mainlandKey, …)`; `out` has room
  ///   for 18 bytes.
  /// - Complexity: O(1).
  @inlinable
  public static func writeText(
    mainlandKey: UInt64, parsedFrom field: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>
  ) {
    if writePlainText(field, to: out) { return }
    writeText(mainlandKey: mainlandKey, into: UnsafeMutableBufferPointer(start: out, count: 18))
  }

  /// Writes a plain mainland ID field (exactly 17 ASCII digits and a check digit, `X` or
  /// `x`) as its normalised text at `out`, `x` upper-cased, and returns true; false (and
  /// nothing written) for any other field. Such a field always parses as `.mainland`
  /// (`parsePlainMainland`, whatever its check digit), so a pass that knows the field
  /// was accepted needs no second parse to write it (the residents pass); anything else
  /// goes through `parse` and `writeText(mainlandKey:parsedFrom:to:)`.
  ///
  /// - Precondition: `out` has room for 18 bytes.
  /// - Complexity: O(1).
  @inlinable
  public static func writePlainText(_ field: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Bool {
    guard field.count == 18, let p = field.baseAddress else { return false }
    let first = SWAR.load(p, 0)
    let second = SWAR.load(p, 8)
    guard SWAR.isDigits(first), SWAR.isDigits(second), p[16] &- 0x30 < 10 else { return false }
    let last = p[17]
    guard last &- 0x30 < 10 || last == UInt8(ascii: "X") || last == UInt8(ascii: "x") else { return false }
    let raw = UnsafeMutableRawPointer(out)
    raw.storeBytes(of: first.littleEndian, as: UInt64.self)
    raw.storeBytes(of: second.littleEndian, toByteOffset: 8, as: UInt64.self)
    out[16] = p[16]
    out[17] = last == UInt8(ascii: "x") ? UInt8(ascii: "X") : last
    return true
  }

  /// Writes the 18 characters of a valid mainland key into the first 18 bytes of `out`.
  ///
  /// - Complexity: O(1).
  @inlinable
  static func writeText(mainlandKey: UInt64, into out: UnsafeMutableBufferPointer<UInt8>) {
    let k = mainlandKey - 1
    let check = k % 11
    var body = k / 11
    out[17] = check == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") + UInt8(check)
    var i = 16
    while i >= 0 {
      out[i] = UInt8(ascii: "0") + UInt8(body % 10)
      body /= 10
      i -= 1
    }
  }
}
