import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// The one decimal formatter: ratios in machine files, the dashboard, the history and
/// the metrics file, and the figures of the stderr summary.
public enum DecimalText {
  /// C's `%.4f` of a double (SPEC §8's ratio format).
  ///
  /// Non-negative values below 10^8 whose fifth decimal is not a near-tie take
  /// `writeFixed4` (the fast path); everything else `fixed4Reference` (`vsnprintf`).
  public static func fixed4(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxFixed4Bytes) { out in
      guard let base = out.baseAddress, let n = writeFixed4(value, to: base) else { return fixed4Reference(value) }
      return String(decoding: UnsafeBufferPointer(start: base, count: n), as: UTF8.self)
    }
  }

  /// Bytes `writeFixed4` writes at most.
  public static let maxFixed4Bytes = 16

  /// Writes `%.4f` of `value` at `out` and returns its length, or nil (nothing written)
  /// when the value is negative (or −0), not below 10^8, not finite, or so close to a
  /// tie at the fifth decimal that only the exact rounding of `vsnprintf` can tell.
  ///
  /// The product `value × 10^4` is off the exact one by at most half an ulp (< 10^-4
  /// here), so away from a tie (±10^-3) both round to the same integer; `DecimalTextTests`
  /// compare it with `fixed4Reference` on every ratio a/b for b ≤ 500 and on random doubles.
  ///
  /// - Precondition: `out` has room for `maxFixed4Bytes`.
  public static func writeFixed4(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int? {
    guard value.sign == .plus, value < 1e8 else { return nil }  // also rejects NaN
    let scaled = value * 10_000
    let whole = scaled.rounded(.down)
    let fraction = scaled - whole
    guard abs(fraction - 0.5) > 1e-3 else { return nil }
    var units = UInt64(whole) + (fraction > 0.5 ? 1 : 0)
    // The four decimals, last first; then the integer part's digits, packed in nibbles.
    var decimals: UInt32 = 0
    for _ in 0..<4 {
      decimals = decimals << 8 | UInt32(UInt8(ascii: "0") + UInt8(units % 10))
      units /= 10
    }
    var packed: UInt64 = 0
    var digits = 0
    repeat {
      packed = packed << 4 | (units % 10)
      digits += 1
      units /= 10
    } while units > 0
    for k in 0..<digits {
      out[k] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: packed & 0xF)
      packed >>= 4
    }
    out[digits] = UInt8(ascii: ".")
    for k in 0..<4 {
      out[digits + 1 + k] = UInt8(truncatingIfNeeded: decimals)
      decimals >>= 8
    }
    return digits + 5
  }

  /// C's `%.4f` through `vsnprintf`: the reference for `writeFixed4`.
  public static func fixed4Reference(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { out in
      guard let base = out.baseAddress else { return "" }
      _ = withVaList([value]) { vsnprintf(base, 64, "%.4f", $0) }
      return String(decoding: UnsafeRawBufferPointer(start: base, count: strlen(base)), as: UTF8.self)
    }
  }

  /// `value` with `digits` decimals (0–4), cut from its `%.4f` text rather than rounded
  /// again: 88.8199 with two digits is `88.81`, as the stderr summary has always shown.
  public static func truncated(_ value: Double, digits: Int) -> String {
    precondition((0...4).contains(digits), "digits must be 0–4")
    let text = fixed4(value)
    return String(text.dropLast(digits == 0 ? 5 : 4 - digits))
  }
}
