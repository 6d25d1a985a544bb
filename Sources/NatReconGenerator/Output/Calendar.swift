/// Civil-date arithmetic for Asia/Shanghai (UTC+8, no daylight saving, SPEC §2.3):
/// Howard Hinnant's `days_from_civil` / `civil_from_days` on plain integers.
///
/// NatReconCore keeps its own copy internal; the generator needs the fields to write
/// every time form, so it carries this small one.
enum ShanghaiCalendar {
  static let offsetSeconds: Int64 = 28_800

  /// Days from 1970-01-01 to a proleptic Gregorian date.
  static func days(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64(month > 2 ? month - 3 : month + 9)
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `days` after 1970-01-01.
  @inline(__always)
  static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = Int(doy - (153 * mp + 2) / 5 + 1)
    let month = Int(mp < 10 ? mp + 3 : mp - 9)
    return (Int(yoe + era * 400) + (month <= 2 ? 1 : 0), month, day)
  }

  /// Shanghai wall-clock fields of an instant.
  @inline(__always)
  static func fields(_ epochSeconds: Int64)
    -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
  {
    let local = epochSeconds + offsetSeconds
    let days = local >= 0 ? local / 86_400 : (local + 1) / 86_400 - 1
    let s = Int(local - days * 86_400)
    let d = civil(days: days)
    return (d.year, d.month, d.day, s / 3600, s / 60 % 60, s % 60)
  }

  /// The instant of a Shanghai wall-clock time.
  static func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
    days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
      - offsetSeconds
  }

  /// Shanghai midnight starting the day that holds `epochSeconds`.
  static func startOfDay(_ epochSeconds: Int64) -> Int64 {
    let local = epochSeconds + offsetSeconds
    let days = local >= 0 ? local / 86_400 : (local + 1) / 86_400 - 1
    return days * 86_400 - offsetSeconds
  }

  static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
