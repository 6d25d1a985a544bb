// MARK: - Parse

extension Timestamp {
  /// Parses one time value into Unix epoch seconds (SPEC §2.4 Times, SPEC §8 Times).
  ///
  /// The value is trimmed first (space, tab, CR, LF, U+3000). Accepted forms:
  ///
  /// | form | example |
  /// |---|---|
  /// | `YYYY-M-D H:MM[:SS[.f]]` | `2022-04-03 22:00`, `2022-4-3 9:05:07.250` |
  /// | `YYYY/M/D H:MM[:SS[.f]]` | `2022/4/3 9:05` |
  /// | `YYYY-MM-DDTHH:MM:SS[.f][Z\|±HH:MM]` | `2022-04-03T14:00:00Z`, `…T09:00:00-05:30` |
  /// | `YYYY年M月D日[ ]H:MM[:SS[.f]]` | `2022年4月3日 22:00`, `2022年4月3日22:00:00` |
  /// | `YYYYMMDDHHMMSS` | `20220403220000` |
  /// | epoch seconds, exactly 10 digits | `1648994400` |
  /// | epoch milliseconds, exactly 13 digits (floored) | `1648994400999` |
  /// | Excel serial `[0-9]{1,5}(\.[0-9]+)?` | `44654.5` |
  ///
  /// Month, day and hour take 1–2 digits in the dash, slash and 年月日 forms; minutes and
  /// seconds always take 2, the year always 4. The dash and slash forms need one or more
  /// ASCII spaces before the time, 年月日 zero or more. ISO forms need 2-digit fields,
  /// seconds and an upper-case `T`/`Z`. A fraction of a second is dropped (truncated).
  /// Without an offset a time is Asia/Shanghai (UTC+8). Excel serials count days from
  /// 1899-12-30 in Shanghai wall time and are rounded to the nearest second, halves up,
  /// computed exactly in decimal (no binary floating point).
  ///
  /// Rejected (nil, data issue `bad_time`): anything else, including a date without a
  /// time (SPEC §2.4 lists no such form; `parse(_:bound:)` reads one as an exemption
  /// window's bound, §2.3), dates that do not exist (`2022-02-30`, month
  /// 13, year 0000), hour 24, minute or second 60, offsets beyond ±23:59, and digit
  /// strings of other lengths (`20220401` is neither a serial nor a timestamp).
  ///
  /// The two forms of nearly every export — `YYYY-MM-DD HH:MM:SS` and 10-digit epoch
  /// seconds — take a word-at-a-time fast path (`parseFixedDateTime`,
  /// `parseEpochSeconds`); anything they do not accept goes to
  /// `parseReference(_:)`, the general parser.
  ///
  /// - Parameter raw: The field's UTF-8 bytes, trimmed or not.
  /// - Returns: Seconds since 1970-01-01 00:00:00 UTC, or nil when no form matches.
  /// - Complexity: O(n) in the field's length; no allocation.
  @inlinable
  public static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
    let trimmed = ByteText.trimmed(raw)
    if trimmed.count == 19, let seconds = parseFixedDateTime(trimmed) { return seconds }
    if trimmed.count == 10, let seconds = parseEpochSeconds(trimmed) { return seconds }
    return parseReference(trimmed)
  }

  /// The general parser: the same contract as `parse(_:)`, every form read field by field,
  /// without the fast paths. It is the reference they are tested against
  /// (`FixedFormParseTests`, the normalisation fuzz target); the engine calls `parse`.
  ///
  /// - Complexity: O(n) in the field's length; no allocation.
  @inlinable
  public static func parseReference(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
    var cursor = TimeCursor(ByteText.trimmed(raw))
    let leadingDigits = cursor.countDigits()
    if leadingDigits == cursor.bytes.count { return parseDigits(cursor.bytes) }
    if leadingDigits >= 1, leadingDigits <= 5, cursor.bytes[leadingDigits] == UInt8(ascii: ".") {
      return parseExcelSerial(cursor.bytes, integerDigits: leadingDigits)
    }
    guard leadingDigits == 4, let year = cursor.number(minDigits: 4, maxDigits: 4) else {
      return nil
    }

    let month: Int
    let day: Int
    var offsetSeconds = shanghaiOffsetSeconds
    let clock: (hour: Int, minute: Int, second: Int)
    if cursor.skip(UInt8(ascii: "-")) {
      let monthStart = cursor.index
      guard let m = cursor.number(minDigits: 1, maxDigits: 2) else { return nil }
      let isTwoDigitMonth = cursor.index - monthStart == 2
      guard cursor.skip(UInt8(ascii: "-")) else { return nil }
      let dayStart = cursor.index
      guard let d = cursor.number(minDigits: 1, maxDigits: 2) else { return nil }
      let isTwoDigitDay = cursor.index - dayStart == 2
      (month, day) = (m, d)
      if cursor.skip(UInt8(ascii: "T")) {
        guard isTwoDigitMonth, isTwoDigitDay, let c = cursor.isoClock(),
          let offset = cursor.isoOffset()
        else { return nil }
        clock = c
        offsetSeconds = offset ?? shanghaiOffsetSeconds
      } else {
        guard cursor.skipSpaces() >= 1, let c = cursor.localClock() else { return nil }
        clock = c
      }
    } else if cursor.skip(UInt8(ascii: "/")) {
      guard let m = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(UInt8(ascii: "/")),
        let d = cursor.number(minDigits: 1, maxDigits: 2), cursor.skipSpaces() >= 1,
        let c = cursor.localClock()
      else { return nil }
      (month, day, clock) = (m, d, c)
    } else if cursor.skip(0xE5, 0xB9, 0xB4) {  // 年
      guard let m = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0xE6, 0x9C, 0x88),  // 月
        let d = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0xE6, 0x97, 0xA5)  // 日
      else { return nil }
      _ = cursor.skipSpaces()
      guard let c = cursor.localClock() else { return nil }
      (month, day, clock) = (m, d, c)
    } else {
      return nil
    }
    guard cursor.isAtEnd else { return nil }
    return epochSeconds(
      year: year, month: month, day: day, hour: clock.hour, minute: clock.minute,
      second: clock.second, offsetSeconds: offsetSeconds)
  }

  /// Parses a time given as a `String` (for tests and the CLI); see `parse(_:)`.
  ///
  /// - Complexity: O(n) in the value's length.
  public static func parse(_ raw: String) -> Int64? {
    var raw = raw
    return raw.withUTF8 { parse($0) }
  }

  // MARK: - Fast paths (SWAR)

  /// `YYYY-MM-DD HH:MM:SS` exactly (19 bytes, 2-digit fields, one space), read as three
  /// overlapping words: characters 0–7 (`YYYY-MM-`), 8–15 (`DD HH:MM`) and 11–18
  /// (`HH:MM:SS`), each checked against its template in one step (`SWAR.templateMismatch`)
  /// and its fields taken from `SWAR.pairs`. nil for any other shape and for a date or
  /// time that does not exist (the general parser then decides, and rejects it too).
  ///
  /// - Precondition: `t.count == 19`.
  /// - Complexity: O(1).
  @inlinable
  static func parseFixedDateTime(_ t: UnsafeBufferPointer<UInt8>) -> Int64? {
    let p = t.baseAddress.unsafelyUnwrapped
    // The templates as little-endian words ("0000-00-", "00 00:00", "00:00:00") and
    // their non-digit bytes.
    let dateWord = SWAR.load(p, 0)
    let middleWord = SWAR.load(p, 8)
    let clockWord = SWAR.load(p, 11)
    let mismatch =
      SWAR.templateMismatch(dateWord, template: 0x2D30_302D_3030_3030, separators: 0xFF00_00FF_0000_0000)
      | SWAR.templateMismatch(middleWord, template: 0x3030_3A30_3020_3030, separators: 0x0000_FF00_00FF_0000)
      | SWAR.templateMismatch(clockWord, template: 0x3030_3A30_303A_3030, separators: 0x0000_FF00_00FF_0000)
    guard mismatch == 0 else { return nil }
    // After the template check each digit byte XOR 0x30 is its value; separators are 0.
    let date = SWAR.pairs(dateWord ^ 0x2D30_302D_3030_3030)
    let middle = SWAR.pairs(middleWord ^ 0x3030_3A30_3020_3030)
    let clock = SWAR.pairs(clockWord ^ 0x3030_3A30_303A_3030)
    return epochSeconds(
      year: SWAR.byte(date, 0) &* 100 &+ SWAR.byte(date, 2), month: SWAR.byte(date, 5),
      day: SWAR.byte(middle, 0), hour: SWAR.byte(middle, 3), minute: SWAR.byte(middle, 6),
      second: SWAR.byte(clock, 6), offsetSeconds: shanghaiOffsetSeconds)
  }

  /// Epoch seconds, exactly 10 digits: two overlapping words (characters 0–7 and 2–9).
  ///
  /// - Precondition: `t.count == 10`.
  /// - Complexity: O(1).
  @inlinable
  static func parseEpochSeconds(_ t: UnsafeBufferPointer<UInt8>) -> Int64? {
    let p = t.baseAddress.unsafelyUnwrapped
    let head = SWAR.load(p, 0)
    let tail = SWAR.load(p, 2)
    guard SWAR.isDigits(head), SWAR.isDigits(tail) else { return nil }
    let zeros = 0x3030_3030_3030_3030 as UInt64
    let lastTwo = SWAR.byte(SWAR.pairs(tail &- zeros), 6)
    return Int64(SWAR.decimal8(head &- zeros) &* 100) &+ Int64(lastTwo)
  }

  // MARK: - Digit-only forms

  /// Parses a value made only of digits: an Excel serial (1–5 digits), epoch seconds (10),
  /// epoch milliseconds (13, floored) or `YYYYMMDDHHMMSS` (14).
  ///
  /// - Complexity: O(n) in the value's length.
  @inlinable
  static func parseDigits(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
    switch digits.count {
    case 1...5:
      return parseExcelSerial(digits, integerDigits: digits.count)
    case 10:
      return decimalValue(digits, 0, 10)
    case 13:
      return decimalValue(digits, 0, 13) / 1000  // non-negative, so this floors
    case 14:
      return epochSeconds(
        year: Int(decimalValue(digits, 0, 4)), month: Int(decimalValue(digits, 4, 2)),
        day: Int(decimalValue(digits, 6, 2)), hour: Int(decimalValue(digits, 8, 2)),
        minute: Int(decimalValue(digits, 10, 2)), second: Int(decimalValue(digits, 12, 2)),
        offsetSeconds: shanghaiOffsetSeconds)
    default:
      return nil
    }
  }

  /// Parses an Excel serial `[0-9]{1,5}(\.[0-9]+)?` as Shanghai wall time, rounded to
  /// the nearest second (halves up).
  ///
  /// The fraction is multiplied by 86 400 in decimal, digit by digit from the right, so
  /// the rounding is exact for any number of fraction digits: the carry out of the first
  /// fraction digit is the whole seconds, and the first digit of the product's fraction
  /// decides the rounding.
  ///
  /// - Parameters:
  ///   - bytes: The trimmed value.
  ///   - integerDigits: The number of leading digits (1–5); a `.` follows if any bytes do.
  /// - Returns: Epoch seconds, or nil when the fraction is empty or not all digits.
  /// - Complexity: O(n) in the value's length.
  @inlinable
  static func parseExcelSerial(_ bytes: UnsafeBufferPointer<UInt8>, integerDigits: Int) -> Int64? {
    let days = decimalValue(bytes, 0, integerDigits)
    var secondsOfDay: Int64 = 0
    if bytes.count > integerDigits {
      // bytes[integerDigits] is the "."; at least one digit and nothing else must follow.
      let fractionStart = integerDigits + 1
      guard bytes.count > fractionStart else { return nil }
      var carry: Int64 = 0
      var firstProductDigit: Int64 = 0
      var i = bytes.count - 1
      while i >= fractionStart {
        let d = bytes[i] &- 0x30
        guard d < 10 else { return nil }
        let t = Int64(d) * secondsPerDay + carry
        firstProductDigit = t % 10
        carry = t / 10
        i -= 1
      }
      secondsOfDay = carry + (firstProductDigit >= 5 ? 1 : 0)
    }
    return (days + excelEpochDays) * secondsPerDay + secondsOfDay - shanghaiOffsetSeconds
  }

  /// The value of `length` ASCII digits starting at `start` (the caller checked them).
  ///
  /// - Complexity: O(length).
  @inlinable
  static func decimalValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int)
    -> Int64
  {
    var value: Int64 = 0
    for i in start..<(start + length) { value = value * 10 + Int64(bytes[i] &- 0x30) }
    return value
  }

  // MARK: - Validation

  /// Epoch seconds of a wall-clock time at `offsetSeconds` east of UTC, or nil when the
  /// date or time does not exist (year 0001–9999, real calendar date, 00:00:00–23:59:59).
  ///
  /// - Complexity: O(1).
  @inlinable
  static func epochSeconds(
    year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetSeconds: Int64
  ) -> Int64? {
    guard year >= 1, hour <= 23, minute <= 59, second <= 59,
      let days = CivilDate.checkedDaysFromCivil(year: year, month: month, day: day)
    else { return nil }
    return days * secondsPerDay + Int64(hour * 3600 + minute * 60 + second) - offsetSeconds
  }
}

// MARK: - Cursor

/// A read position in a trimmed time value, with the small matchers the forms share.
@usableFromInline
struct TimeCursor {
  @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
  @usableFromInline var index = 0

  @inlinable
  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  @inlinable
  var isAtEnd: Bool { index == bytes.count }

  /// The number of ASCII digits from the start of the value (does not move).
  ///
  /// - Complexity: O(n).
  @inlinable
  func countDigits() -> Int {
    var n = 0
    while n < bytes.count, bytes[n] &- 0x30 < 10 { n += 1 }
    return n
  }

  /// Reads up to `maxDigits` digits; nil (position unspecified) if fewer than `minDigits`.
  ///
  /// - Complexity: O(maxDigits).
  @inlinable
  mutating func number(minDigits: Int, maxDigits: Int) -> Int? {
    var value = 0
    var n = 0
    while n < maxDigits, index < bytes.count {
      let d = bytes[index] &- 0x30
      guard d < 10 else { break }
      value = value * 10 + Int(d)
      n += 1
      index += 1
    }
    return n >= minDigits ? value : nil
  }

  /// Consumes `c` if it is next.
  ///
  /// - Complexity: O(1).
  @inlinable
  mutating func skip(_ c: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == c else { return false }
    index += 1
    return true
  }

  /// Consumes the three bytes of a UTF-8 character (年, 月, 日) if they are next.
  ///
  /// - Complexity: O(1).
  @inlinable
  mutating func skip(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    guard index + 2 < bytes.count, bytes[index] == a, bytes[index + 1] == b,
      bytes[index + 2] == c
    else { return false }
    index += 3
    return true
  }

  /// Consumes ASCII spaces and returns how many.
  ///
  /// - Complexity: O(k) in the spaces consumed.
  @inlinable
  mutating func skipSpaces() -> Int {
    let start = index
    while index < bytes.count, bytes[index] == 0x20 { index += 1 }
    return index - start
  }

  /// Consumes an optional fraction of a second (`.` and one or more digits); false when
  /// a `.` has no digit after it.
  ///
  /// - Complexity: O(k) in the fraction's length.
  @inlinable
  mutating func skipFraction() -> Bool {
    guard skip(UInt8(ascii: ".")) else { return true }
    let start = index
    while index < bytes.count, bytes[index] &- 0x30 < 10 { index += 1 }
    return index > start
  }

  /// Reads `H:MM[:SS[.f]]` (hour 1–2 digits) of the dash, slash and 年月日 forms.
  ///
  /// - Complexity: O(k) in the bytes read.
  @inlinable
  mutating func localClock() -> (hour: Int, minute: Int, second: Int)? {
    guard let hour = number(minDigits: 1, maxDigits: 2), skip(UInt8(ascii: ":")),
      let minute = number(minDigits: 2, maxDigits: 2)
    else { return nil }
    guard skip(UInt8(ascii: ":")) else { return (hour, minute, 0) }
    guard let second = number(minDigits: 2, maxDigits: 2), skipFraction() else { return nil }
    return (hour, minute, second)
  }

  /// Reads `HH:MM:SS[.f]` of the ISO forms.
  ///
  /// - Complexity: O(k) in the bytes read.
  @inlinable
  mutating func isoClock() -> (hour: Int, minute: Int, second: Int)? {
    guard let hour = number(minDigits: 2, maxDigits: 2), skip(UInt8(ascii: ":")),
      let minute = number(minDigits: 2, maxDigits: 2), skip(UInt8(ascii: ":")),
      let second = number(minDigits: 2, maxDigits: 2), skipFraction()
    else { return nil }
    return (hour, minute, second)
  }

  /// Reads an ISO offset: nothing (`.some(nil)`), `Z` (0) or `±HH:MM` (hours ≤ 23,
  /// minutes ≤ 59), in seconds east of UTC; nil when something else follows.
  ///
  /// - Complexity: O(1).
  @inlinable
  mutating func isoOffset() -> Int64?? {
    if isAtEnd { return .some(nil) }
    if skip(UInt8(ascii: "Z")) { return 0 }
    let sign: Int64
    if skip(UInt8(ascii: "+")) {
      sign = 1
    } else if skip(UInt8(ascii: "-")) {
      sign = -1
    } else {
      return nil
    }
    guard let hours = number(minDigits: 2, maxDigits: 2), hours <= 23, skip(UInt8(ascii: ":")),
      let minutes = number(minDigits: 2, maxDigits: 2), minutes <= 59
    else { return nil }
    return sign * Int64(hours * 3600 + minutes * 60)
  }
}
