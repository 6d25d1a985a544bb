// MARK: - Cached formatting (the fast path beside `append(_:to:)`)

extension Timestamp {
  /// Writes `YYYY-MM-DD HH:MM:SS` (Asia/Shanghai) straight into a byte buffer, byte for
  /// byte what `Timestamp.append(_:to:)` writes (the reference; `TimestampTextCacheTests`
  /// compares them), for report rows that write millions of times.
  ///
  /// A day has 86,400 seconds and a report names few days, so the date part
  /// (`YYYY-MM-DD `, 11 bytes, the calendar arithmetic) is cached per day in a small
  /// direct-mapped table (16 days); `HH:MM:SS` is one 8-byte word, `HH:MM:` from a table
  /// of the day's 1,440 minutes and `SS` from a table of 60 pairs, both filled at `init`
  /// (11.6 KB; computing the word took ≈ 90 instructions, the tables ≈ 10).
  /// Years outside 0000–9999 go to the reference.
  ///
  /// Lifecycle: one per writer and thread (not `Sendable`: it mutates its table).
  public final class TextCache {
    /// Bytes `write(_:to:)` needs at most for a year in 0000–9999.
    public static let width = 19

    @inlinable static var slots: Int { 16 }
    /// Per slot: the day (days from 1970-01-01, Shanghai) and its 11 date bytes in two words.
    @usableFromInline let days: UnsafeMutablePointer<Int64>
    @usableFromInline let words: UnsafeMutablePointer<UInt64>
    /// `HH:MM:` of each minute of the day (`clockWord` without the seconds), and the
    /// seconds' `SS` already shifted to bytes 6–7.
    @usableFromInline let minuteWords: UnsafeMutablePointer<UInt64>
    @usableFromInline let secondWords: UnsafeMutablePointer<UInt64>

    public init() {
      days = .allocate(capacity: Self.slots)
      days.initialize(repeating: .min, count: Self.slots)
      words = .allocate(capacity: 2 * Self.slots)
      words.initialize(repeating: 0, count: 2 * Self.slots)
      minuteWords = .allocate(capacity: 1440)
      for m in 0..<1440 { (minuteWords + m).initialize(to: Self.clockWord(m * 60)) }
      secondWords = .allocate(capacity: 60)
      for s in 0..<60 { (secondWords + s).initialize(to: Self.pair(s) << 48) }
    }

    deinit {
      days.deallocate()
      words.deallocate()
      minuteWords.deallocate()
      secondWords.deallocate()
    }

    /// Writes the time at `out` and returns the bytes written (19 for years 0000–9999).
    ///
    /// - Precondition: `out` has room for `width` bytes, or for the reference's output
    ///   when the year is outside 0000–9999 (`append(_:to:)`; at most 32 bytes).
    /// - Complexity: O(1); the calendar only on the first time of a day in its slot.
    @inlinable
    public func write(_ epochSeconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
      let (day, secondOfDay) = Timestamp.shanghaiDaysAndSeconds(epochSeconds)
      // The day's slot inline; the calendar (a day not in its slot) in `dateWords`.
      let slot = Int(truncatingIfNeeded: day) & (Self.slots - 1)
      let first: UInt64
      let second: UInt64
      if days[slot] == day {
        first = words[2 * slot]
        second = words[2 * slot + 1]
      } else if let words = dateWords(day) {
        (first, second) = words
      } else {
        return writeReference(epochSeconds, to: out)
      }
      let raw = UnsafeMutableRawPointer(out)
      raw.storeBytes(of: first.littleEndian, as: UInt64.self)
      // "DD " is the low 3 bytes of `second`; bytes 11… are overwritten by the clock.
      raw.storeBytes(of: second.littleEndian, toByteOffset: 8, as: UInt64.self)
      let minute = Int(truncatingIfNeeded: secondOfDay) / 60
      let clock = minuteWords[minute] | secondWords[Int(truncatingIfNeeded: secondOfDay) - minute * 60]
      raw.storeBytes(of: clock.littleEndian, toByteOffset: 11, as: UInt64.self)
      return Self.width
    }

    /// `HH:MM:SS` of a second of the day as 8 bytes, first byte lowest (how the tables
    /// are filled).
    @usableFromInline
    static func clockWord(_ s: Int) -> UInt64 {
      let hour = s / 3600
      let minute = s / 60 % 60
      let second = s % 60
      return pair(hour) | 0x3A << 16 | pair(minute) << 24 | 0x3A << 40 | pair(second) << 48
    }

    /// Two ASCII digits of `v` (0–99), tens first, as the low 16 bits.
    @usableFromInline
    static func pair(_ v: Int) -> UInt64 {
      UInt64(0x30 + v / 10) | UInt64(0x30 + v % 10) << 8
    }

    /// The date words of `day`, from the table or computed into it; nil outside 0000–9999.
    @usableFromInline
    func dateWords(_ day: Int64) -> (UInt64, UInt64)? {
      let slot = Int(truncatingIfNeeded: day) & (Self.slots - 1)
      if days[slot] == day { return (words[2 * slot], words[2 * slot + 1]) }
      let date = CivilDate.civilFromDays(day)
      guard date.year >= 0, date.year <= 9999 else { return nil }
      let y = Int(date.year)
      let first =
        Self.pair(y / 100) | Self.pair(y % 100) << 16 | 0x2D << 32 | Self.pair(date.month) << 40 | 0x2D << 56
      let second = Self.pair(date.day) | 0x20 << 16
      days[slot] = day
      words[2 * slot] = first
      words[2 * slot + 1] = second
      return (first, second)
    }

    /// The reference formatter for the years the table does not hold.
    @usableFromInline
    func writeReference(_ epochSeconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
      var bytes: [UInt8] = []
      Timestamp.append(epochSeconds, to: &bytes)
      out.update(from: bytes, count: bytes.count)
      return bytes.count
    }
  }
}
