// MARK: - Window bounds

extension Timestamp {
  /// Which end of a window a value bounds: a date alone means the day's first second for
  /// `from` and its last second for `until` (SPEC §2.3).
  public enum Bound: Sendable {
    case start, end
  }

  /// Parses an exemption window's `from` or `until` (SPEC §2.3): every time form of
  /// `parse(_:)`, and also a date alone — `YYYY-M-D`, `YYYY/M/D` or `YYYY年M月D日`, month
  /// and day in 1–2 digits — read as 00:00:00 (`.start`) or 23:59:59 (`.end`) Shanghai
  /// time of that day.
  ///
  /// - Parameters:
  ///   - raw: The field's UTF-8 bytes, trimmed or not.
  ///   - bound: Which end of the window the value is.
  /// - Returns: Epoch seconds, or nil (data issue `bad_time`) when no form matches or the
  ///   date does not exist (`2022-02-30`).
  /// - Complexity: O(n) in the field's length; no allocation.
  public static func parse(_ raw: UnsafeBufferPointer<UInt8>, bound: Bound) -> Int64? {
    if let seconds = parse(raw) { return seconds }
    var cursor = TimeCursor(ByteText.trimmed(raw))
    guard cursor.countDigits() == 4, let year = cursor.number(minDigits: 4, maxDigits: 4) else {
      return nil
    }
    let month: Int
    let day: Int
    if cursor.skip(UInt8(ascii: "-")) || cursor.skip(UInt8(ascii: "/")) {
      let separator = cursor.bytes[cursor.index - 1]
      guard let m = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(separator),
        let d = cursor.number(minDigits: 1, maxDigits: 2)
      else { return nil }
      (month, day) = (m, d)
    } else if cursor.skip(0xE5, 0xB9, 0xB4) {  // 年
      guard let m = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0xE6, 0x9C, 0x88),  // 月
        let d = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0xE6, 0x97, 0xA5)  // 日
      else { return nil }
      (month, day) = (m, d)
    } else {
      return nil
    }
    guard cursor.isAtEnd else { return nil }
    let isEnd = bound == .end
    return epochSeconds(
      year: year, month: month, day: day, hour: isEnd ? 23 : 0, minute: isEnd ? 59 : 0,
      second: isEnd ? 59 : 0, offsetSeconds: shanghaiOffsetSeconds)
  }

  /// Parses a window bound given as a `String` (tests); see `parse(_:bound:)`.
  public static func parse(_ raw: String, bound: Bound) -> Int64? {
    var raw = raw
    return raw.withUTF8 { parse($0, bound: bound) }
  }
}
