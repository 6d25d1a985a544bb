import NatReconCore

/// How the overview page prints values: escaped text, percentages, counts, links.
///
/// One home for each rule, so every number on the page has the same form and the tests
/// can derive the expected text from the machine files.
public enum DashboardText {
  /// Escapes `&`, `<`, `>`, `"` and `'`, so any name is text in element content and in
  /// quoted attribute values.
  public static func escape(_ text: String) -> String {
    TextEscape.escaping(text) { c in
      switch c {
      case "&": "&amp;"
      case "<": "&lt;"
      case ">": "&gt;"
      case "\"": "&quot;"
      case "'": "&#39;"
      default: nil
      }
    }
  }

  /// A ratio in basis points exactly as summary.csv prints it (C's `%.4f`), or nil.
  ///
  /// Going through the printed text (not `ratio * 10000` rounded) keeps the page equal
  /// to the machine file even where `%.4f` and Swift's rounding could differ.
  public static func basisPoints(_ ratio: Double?) -> Int? {
    guard let ratio, ratio.isFinite else { return nil }
    let text = DecimalText.fixed4(ratio)
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let whole = Int(parts[0]), let fraction = Int(parts[1]), parts[1].count == 4,
      !text.hasPrefix("-")
    else { return nil }
    return whole * 10_000 + fraction
  }

  /// A ratio as a percentage with two decimals: summary.csv's `0.8750` is `87.50%`
  /// (its four decimals with the point moved; no second rounding). `—` when nil.
  public static func percent(_ ratio: Double?) -> String {
    guard let bp = basisPoints(ratio) else { return "—" }
    return percent(basisPoints: bp)
  }

  static func percent(basisPoints bp: Int) -> String {
    "\(bp / 100).\(twoDigits(bp % 100))%"
  }

  /// The change between two ratios in percentage points, signed (`+1.25`, `-0.40`,
  /// `0.00`), from their printed values; nil when either is missing.
  public static func pointChange(from old: Double?, to new: Double?) -> (text: String, basisPoints: Int)? {
    guard let a = basisPoints(old), let b = basisPoints(new) else { return nil }
    let d = b - a
    let sign = d > 0 ? "+" : d < 0 ? "-" : ""
    let m = abs(d)
    return ("\(sign)\(m / 100).\(twoDigits(m % 100))", d)
  }

  /// A count with thousands separators (`1,234,567`).
  public static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = n < 0 ? "-" : ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  /// A relative link to a file in the run folder: ASCII characters that mean something
  /// in a URL (`%`, `#`, `?`, space, quotes, …) are percent-encoded; other characters
  /// stay as they are (the page is UTF-8 and browsers encode them), then the whole is
  /// HTML-escaped for an attribute.
  public static func href(_ relativePath: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(relativePath.utf8.count)
    for b in relativePath.utf8 {
      let isSafe =
        b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E || b == 0x2F
      if isSafe {
        out.append(b)
      } else {
        out += [0x25, hex[Int(b >> 4)], hex[Int(b & 15)]]
      }
    }
    return escape(String(decoding: out, as: UTF8.self))
  }

  /// `YYYY-MM-DD HH:MM:SS` in UTC+8 (the machine files' form).
  public static func time(_ epochSeconds: Int64) -> String { Timestamp.format(epochSeconds) }

  private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// Chinese names of the data-issue codes (the code itself is shown beside them).
  public static func issueLabel(_ code: String) -> String {
    switch code {
    case "csv_syntax": "CSV 格式错误"
    case "missing_field": "必填项为空"
    case "bad_encoding": "编码无效"
    case "id_checksum": "证件号校验不符"
    case "id_mangled": "证件号被 Excel 改写"
    case "invalid_id": "证件号无效"
    case "bad_time": "时间无法识别"
    case "unknown_result": "检测结果无法识别"
    case "sample_after_as_of": "采样晚于截至时间"
    case "report_before_sample": "报告早于采样"
    case "duplicate_resident": "台账重复人员"
    case "name_mismatch": "姓名不一致"
    case "exemption_unmatched": "灰名单无对应居民"
    default: code
    }
  }

  /// Chinese names of the input roles.
  public static func inputRole(_ role: String) -> String {
    switch role {
    case "roster": "居民台账"
    case "tests": "检测结果"
    case "exemptions": "灰名单"
    default: role
    }
  }
}
