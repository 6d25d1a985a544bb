/// Times as Unix epoch seconds (`Int64`, UTC), parsed from and written to text in bytes.
///
/// Every time in natrecon is one `Int64`: seconds since 1970-01-01 00:00:00 UTC, at
/// one-second resolution (SPEC §8 Times: "every comparison is at one-second
/// resolution"). Times without an offset, Excel serials and every time written out are
/// Asia/Shanghai wall time, UTC+8 with no daylight saving (SPEC §2.4), so a fixed offset
/// replaces any time-zone database. Calendar arithmetic is `CivilDate` (Hinnant's
/// algorithms); there is no Foundation, `Date` or `DateFormatter` here.
///
/// - `parse(_:)` reads the forms of SPEC §2.4 and §8 (see there for the list).
/// - `append(_:to:)` / `format(_:)` write `YYYY-MM-DD HH:MM:SS` in UTC+8.
/// - `runID(_:)`, `shanghaiDate(_:)` and `excelSerial(_:)` give the run folder name,
///   the calendar date for `ResidentID`'s birth-date check and XLSX date cells.
public enum Timestamp {
  /// Asia/Shanghai's offset from UTC in seconds (UTC+8, no daylight saving since 1991).
  @inlinable public static var shanghaiOffsetSeconds: Int64 { 28_800 }

  /// Excel's day 0 in the 1900 date system, 1899-12-30, as days from 1970-01-01.
  ///
  /// Counting from 1899-12-30 rather than 1900-01-01 absorbs Lotus 1-2-3's phantom
  /// 1900-02-29 for every serial from 61 (1900-03-01) on, which covers any real data.
  @inlinable public static var excelEpochDays: Int64 { -25_569 }

  /// Seconds in a day.
  @inlinable public static var secondsPerDay: Int64 { 86_400 }
}
