// MARK: - Format

extension Timestamp {
  /// Appends `YYYY-MM-DD HH:MM:SS` in Asia/Shanghai time (UTC+8, SPEC §2.4) as bytes.
  ///
  /// Years outside 0000–9999 (never produced by `parse(_:)`) are written with as many
  /// digits as they need and a leading `-` when negative.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func append(_ epochSeconds: Int64, to out: inout [UInt8]) {
    let t = shanghaiCivil(epochSeconds)
    appendYear(t.year, to: &out)
    out.append(UInt8(ascii: "-"))
    appendTwoDigits(t.month, to: &out)
    out.append(UInt8(ascii: "-"))
    appendTwoDigits(t.day, to: &out)
    out.append(UInt8(ascii: " "))
    appendTwoDigits(t.hour, to: &out)
    out.append(UInt8(ascii: ":"))
    appendTwoDigits(t.minute, to: &out)
    out.append(UInt8(ascii: ":"))
    appendTwoDigits(t.second, to: &out)
  }

  /// `YYYY-MM-DD HH:MM:SS` in Asia/Shanghai time as a `String`; see `append(_:to:)`.
  ///
  /// - Complexity: O(1); allocates the string.
  public static func format(_ epochSeconds: Int64) -> String {
    var out = [UInt8]()
    out.reserveCapacity(19)
    append(epochSeconds, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `YYYYMMDD-HHMMSS` in Asia/Shanghai time: the run folder's name (SPEC §4).
  ///
  /// - Complexity: O(1); allocates the string.
  public static func runID(_ epochSeconds: Int64) -> String {
    let t = shanghaiCivil(epochSeconds)
    var out = [UInt8]()
    out.reserveCapacity(15)
    appendYear(t.year, to: &out)
    appendTwoDigits(t.month, to: &out)
    appendTwoDigits(t.day, to: &out)
    out.append(UInt8(ascii: "-"))
    appendTwoDigits(t.hour, to: &out)
    appendTwoDigits(t.minute, to: &out)
    appendTwoDigits(t.second, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// The Asia/Shanghai calendar date of an instant as `yyyymmdd`, such as 20220403.
  ///
  /// This is `ResidentID.parse(_:latestBirthDate:)`'s bound: a birth date after `T`'s
  /// date is invalid (SPEC §8 IDs). Clamped to `Int32`'s range for years beyond ±214 748.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func shanghaiDate(_ epochSeconds: Int64) -> Int32 {
    let t = shanghaiCivil(epochSeconds)
    let (scaled, overflow) = t.year.multipliedReportingOverflow(by: 10_000)
    guard !overflow else { return t.year < 0 ? .min : .max }
    return Int32(clamping: scaled + Int64(t.month * 100 + t.day))
  }

  /// The Excel serial day number of an instant (1900 date system: days since 1899-12-30,
  /// Shanghai wall time, the fraction of the day as the fraction), for XLSX date cells.
  ///
  /// The inverse of `parse(_:)` on a serial, up to `Double` precision (≈ 10 µs at
  /// present-day serials, far below one second).
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func excelSerial(_ epochSeconds: Int64) -> Double {
    let (days, secondOfDay) = shanghaiDaysAndSeconds(epochSeconds)
    return Double(days - excelEpochDays) + Double(secondOfDay) / Double(secondsPerDay)
  }

  // MARK: - Helpers

  /// Days from 1970-01-01 and the second of the day of an instant on Shanghai wall time.
  ///
  /// The offset is added after splitting, so no `Int64` instant overflows.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func shanghaiDaysAndSeconds(_ epochSeconds: Int64) -> (days: Int64, secondOfDay: Int64) {
    var (days, secondOfDay) = CivilDate.splitDays(epochSeconds)
    secondOfDay += shanghaiOffsetSeconds
    if secondOfDay >= secondsPerDay {
      secondOfDay -= secondsPerDay
      days += 1
    }
    return (days, secondOfDay)
  }

  /// Shanghai midnight starting the day that holds `epochSeconds`.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func shanghaiDayStart(_ epochSeconds: Int64) -> Int64 {
    shanghaiDaysAndSeconds(epochSeconds).days * secondsPerDay - shanghaiOffsetSeconds
  }

  /// The Shanghai wall-clock fields of an instant.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func shanghaiCivil(_ epochSeconds: Int64)
    -> (year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int)
  {
    let (days, secondOfDay) = shanghaiDaysAndSeconds(epochSeconds)
    let date = CivilDate.civilFromDays(days)
    let s = Int(secondOfDay)
    return (date.year, date.month, date.day, s / 3600, s / 60 % 60, s % 60)
  }

  /// Appends `v` (0–99) as two digits.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func appendTwoDigits(_ v: Int, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "0") + UInt8(v / 10))
    out.append(UInt8(ascii: "0") + UInt8(v % 10))
  }

  /// Appends a year: four digits for 0–9999, otherwise all its digits and a sign.
  ///
  /// - Complexity: O(log |year|).
  @inlinable
  static func appendYear(_ year: Int64, to out: inout [UInt8]) {
    if year >= 0, year <= 9999 {
      appendTwoDigits(Int(year / 100), to: &out)
      appendTwoDigits(Int(year % 100), to: &out)
    } else {
      out.append(contentsOf: String(year).utf8)  // cold: only for instants parse never yields
    }
  }
}
