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
    if field.count == 18, let p = field.baseAddress, SWAR.isDigits(SWAR.load(p, 0)), SWAR.isDigits(SWAR.load(p, 8)),
      p[16] &- 0x30 < 10
    {
      let last = p[17]
      if last &- 0x30 < 10 || last == UInt8(ascii: "X") || last == UInt8(ascii: "x") {
        out.update(from: p, count: 17)
        out[17] = last == UInt8(ascii: "x") ? UInt8(ascii: "X") : last
        return
      }
    }
    writeText(mainlandKey: mainlandKey, into: UnsafeMutableBufferPointer(start: out, count: 18))
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
