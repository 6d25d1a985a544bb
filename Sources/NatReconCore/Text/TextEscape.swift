/// The one escaping walk: text copied scalar by scalar, reserved scalars replaced.
///
/// Each format keeps only its table — JSON strings (the manifest, metrics
/// labels), HTML text (the dashboard), one-line display (`natrecon inspect`).
public enum TextEscape {
  /// `text` with every scalar for which `replacement` gives a string replaced by it.
  ///
  /// - Complexity: O(n) in the text's scalars.
  @inlinable
  public static func escaping(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if let r = replacement(scalar) {
        out += r
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` as the body of a JSON string literal (RFC 8259 §7): `"` and `\` escaped, the
  /// control characters below U+0020 as `\n`, `\r`, `\t` or `\u00XX`.
  public static func jsonString(_ text: String) -> String {
    escaping(text) { scalar in
      switch scalar {
      case "\"": return "\\\""
      case "\\": return "\\\\"
      case "\n": return "\\n"
      case "\r": return "\\r"
      case "\t": return "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: return nil
      }
    }
  }
}
