import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// The one decimal formatter: ratios in machine files, the dashboard, the history and
/// the metrics file, and the figures of the stderr summary.
public enum DecimalText {
  /// C's `%.4f` of a double (SPEC §8's ratio format).
  public static func fixed4(_ value: Double) -> String {
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
