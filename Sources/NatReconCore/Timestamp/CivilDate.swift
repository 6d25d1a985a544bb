/// Proleptic Gregorian calendar arithmetic on plain integers.
///
/// `daysFromCivil` and `civilFromDays` are Howard Hinnant's algorithms
/// ("chrono-Compatible Low-Level Date Algorithms", howardhinnant.github.io/date_algorithms):
/// they count days from 1970-01-01 through 400-year eras without tables, loops or
/// Foundation, and are exact for every `Int64` year that does not overflow.
/// Used by `Timestamp` (SPEC §2.4 Times), by `ResidentID`'s birth-date check (SPEC §8) and
/// by the generator (birth dates, export days): the one calendar in natrecon.
public enum CivilDate {
  /// Whether `year` is a Gregorian leap year.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// The number of days in `month` (1–12) of `year`.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Whether year-month-day names a real calendar date (month 1–12, day within the month).
  ///
  /// Any year is accepted; callers add their own year bounds.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year: year, month: month)
  }

  /// Days from 1970-01-01 to the given proleptic Gregorian date (negative before it).
  ///
  /// Hinnant's `days_from_civil`: the year is shifted to start in March so the leap day
  /// is the era's last day, then days are counted per 400-year era (146 097 days).
  ///
  /// - Precondition: `month` is 1–12 and `day` 1–31 (the date need not be checked).
  /// - Complexity: O(1).
  @inlinable
  public static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400  // [0, 399]
    let mp = Int64(month > 2 ? month - 3 : month + 9)  // March = 0
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1  // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy  // [0, 146096]
    return era * 146_097 + doe - 719_468
  }

  /// Days from 1970-01-01 to year-month-day, or nil when that is not a real calendar date
  /// (`isValid`): the fast path of `Timestamp`'s parsers.
  ///
  /// For years 1901–2099, where every fourth year is a leap year and no other, the days
  /// are counted without divisions by a variable or by 100 and 400: 365 a year plus the
  /// leap days since 1970, the month's first day from a closed form
  /// (`(367 m − 362) / 12`, less 2 after February in a common year) and the day. Other
  /// years take the reference, `isValid` then `daysFromCivil`; `CivilDateTests` compares
  /// the two on every year-month-day of 1895–2105, real or not.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func checkedDaysFromCivil(year: Int, month: Int, day: Int) -> Int64? {
    guard year >= 1901 && year <= 2099 else {
      guard isValid(year: year, month: month, day: day) else { return nil }
      return daysFromCivil(year: Int64(year), month: month, day: day)
    }
    guard month >= 1 && month <= 12 && day >= 1 else { return nil }
    let isLeap = year & 3 == 0
    let monthLength = month == 2 ? (isLeap ? 29 : 28) : 30 + ((month + month >> 3) & 1)
    guard day <= monthLength else { return nil }
    let leapDays = (year - 1969) >> 2  // leap years from 1970 up to year − 1 (negative before 1970)
    let monthStart = (367 * month - 362) / 12 - (month <= 2 ? 0 : (isLeap ? 1 : 2))
    return Int64(365 * (year - 1970) + leapDays + monthStart + day - 1)
  }

  /// The proleptic Gregorian date `days` days after 1970-01-01.
  ///
  /// Hinnant's `civil_from_days`, the inverse of `daysFromCivil`.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097  // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365  // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)  // [0, 365]
    let mp = (5 * doy + 2) / 153  // [0, 11], March = 0
    let day = Int(doy - (153 * mp + 2) / 5 + 1)
    let month = Int(mp < 10 ? mp + 3 : mp - 9)
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// Splits seconds into whole days and the second of the day, flooring toward −∞.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func splitDays(_ seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds + 1) / 86_400 - 1
    // Wrapping: the true remainder is in [0, 86_399] even when days * 86_400 overflows.
    return (days, seconds &- days &* 86_400)
  }
}
