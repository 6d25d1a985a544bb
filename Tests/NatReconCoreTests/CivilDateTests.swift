import Testing

@testable import NatReconCore

@Suite struct CivilDateTests {
  /// Walks every day from 1600-01-01 to 2400-12-31 with a naive calendar (increment the
  /// day, roll over months and years) and compares both of Hinnant's functions with it.
  @Test func agreesWithANaiveCalendar() {
    let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var (year, month, day) = (1600, 1, 1)
    var days: Int64 = -135_140  // 1600-01-01, from Python's date(1600,1,1) - date(1970,1,1)
    var mismatches = 0
    while year <= 2400 {
      let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
      if CivilDate.daysFromCivil(year: Int64(year), month: month, day: day) != days
        || CivilDate.civilFromDays(days) != (Int64(year), month, day)
      {
        mismatches += 1
      }
      let length = month == 2 && isLeap ? 29 : monthLengths[month - 1]
      if CivilDate.daysInMonth(year: year, month: month) != length { mismatches += 1 }
      days += 1
      day += 1
      if day > length {
        day = 1
        month += 1
        if month > 12 {
          month = 1
          year += 1
        }
      }
    }
    #expect(mismatches == 0)
    #expect(days == 157_420)  // 2401-01-01
  }

  @Test(arguments: [
    (Int64(-1), Int64(-1), Int64(86_399)),
    (0, 0, 0),
    (86_399, 0, 86_399),
    (86_400, 1, 0),
    (-86_400, -1, 0),
    (-86_401, -2, 86_399),
  ])
  func splitDaysFloors(seconds: Int64, days: Int64, secondOfDay: Int64) {
    #expect(CivilDate.splitDays(seconds) == (days, secondOfDay))
  }

  @Test(arguments: [
    (2022, 2, 29, false), (2024, 2, 29, true), (1900, 2, 29, false), (2000, 2, 29, true),
    (2022, 4, 31, false), (2022, 4, 30, true), (2022, 13, 1, false), (2022, 0, 1, false),
    (2022, 1, 0, false), (2022, 12, 31, true),
  ])
  func isValid(year: Int, month: Int, day: Int, expected: Bool) {
    #expect(CivilDate.isValid(year: year, month: month, day: day) == expected)
  }

  /// The fast path against the reference (`isValid`, then `daysFromCivil`) on every
  /// year-month-day of 1895–2105, real or not (months 0–13, days 0–32): both sides of
  /// the 1901–2099 span, 1900 and 2100 (not leap years), 2000 (a leap year).
  @Test func checkedDaysAgreeWithTheReference() {
    var mismatches: [String] = []
    var valid = 0
    for year in 1895...2105 {
      for month in 0...13 {
        for day in 0...32 {
          let expected =
            CivilDate.isValid(year: year, month: month, day: day)
            ? CivilDate.daysFromCivil(year: Int64(year), month: month, day: day) : nil
          if expected != nil { valid += 1 }
          if CivilDate.checkedDaysFromCivil(year: year, month: month, day: day) != expected {
            mismatches.append("\(year)-\(month)-\(day)")
          }
        }
      }
    }
    #expect(mismatches.prefix(10) == [])
    #expect(valid == 77_066)  // 211 years of 365 days and 51 leap days
  }
}
