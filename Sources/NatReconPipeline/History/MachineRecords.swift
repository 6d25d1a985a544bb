#if canImport(Glibc)
  import Glibc
#endif

/// One record of natrecon's machine CSV as the history's fast path reads it.
enum MachineRecord {
  /// A record without `"` or CR whose bytes are well-formed UTF-8: its fields are the
  /// bytes between commas of `start..<end` (the LF excluded).
  case plain(start: Int, end: Int)
  /// Any other record, as the reference parser (`MachineCSV.rows`) reads it.
  case parsed([String])
}

extension MachineCSV {
  /// Calls `body` with each record of `bytes`, in order: the same records and fields as
  /// `rows(bytes)`, but a plain record (nearly all of them) is handed over as its byte
  /// range, so no `String` is made for its fields. A record with `"` or CR, or with bytes
  /// that are not well-formed UTF-8 (which `rows` repairs), goes through `rows` alone
  /// (per record: it ends at the first LF after an even number of quotes).
  static func forEachRecord<E: Error>(
    _ bytes: UnsafeRawBufferPointer, _ body: (MachineRecord) throws(E) -> Void
  ) throws(E) {
    guard let base = bytes.baseAddress else { return }
    let end = bytes.count
    var i = 0
    while i < end {
      let lf = memchr(base + i, 0x0A, end - i).map { UnsafeRawPointer($0) - base } ?? end
      let n = lf - i
      if memchr(base + i, 0x22, n) == nil && memchr(base + i, 0x0D, n) == nil
        && isWellFormedUTF8(base + i, count: n)
      {
        try body(.plain(start: i, end: lf))
        i = lf + 1
        continue
      }
      var j = i
      var inQuotes = false
      while j < end {
        let b = bytes[j]
        if b == 0x22 {
          inQuotes.toggle()
        } else if b == 0x0A && !inQuotes {
          break
        }
        j += 1
      }
      // One record's bytes, its LF included: zero rows only for a last record that
      // `rows` drops too (e.g. `""` at the very end).
      if let fields = rows(UnsafeRawBufferPointer(rebasing: bytes[i..<min(j + 1, end)])).first {
        try body(.parsed(fields))
      }
      i = j + 1
    }
  }

  /// Whether `count` bytes at `p` are well-formed UTF-8 (Unicode Table 3-7: no overlong
  /// forms, no surrogates, nothing above U+10FFFF): exactly the bytes that
  /// `String(decoding:as: UTF8.self)` keeps as they are. ASCII is skipped 8 bytes at a time.
  static func isWellFormedUTF8(_ p: UnsafeRawPointer, count n: Int) -> Bool {
    func at(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
    var i = 0
    while i < n {
      if i + 8 <= n && p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
        continue
      }
      let b0 = at(i)
      if b0 < 0x80 {
        i += 1
      } else if b0 >= 0xE0 && b0 <= 0xEF {  // 3 bytes: nearly all CJK
        guard i + 2 < n else { return false }
        let b1 = at(i + 1)
        let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
        let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
        guard b1 >= low && b1 <= high && at(i + 2) & 0xC0 == 0x80 else { return false }
        i += 3
      } else if b0 >= 0xC2 && b0 <= 0xDF {
        guard i + 1 < n && at(i + 1) & 0xC0 == 0x80 else { return false }
        i += 2
      } else if b0 >= 0xF0 && b0 <= 0xF4 {
        guard i + 3 < n else { return false }
        let b1 = at(i + 1)
        let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
        let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
        guard b1 >= low && b1 <= high && at(i + 2) & 0xC0 == 0x80 && at(i + 3) & 0xC0 == 0x80 else { return false }
        i += 4
      } else {
        return false
      }
    }
    return true
  }

  /// How many commas the `count` bytes at `p` hold.
  static func commas(_ p: UnsafeRawPointer, count n: Int) -> Int {
    var found = 0
    var i = 0
    while i < n, let comma = memchr(p + i, 0x2C, n - i) {
      found += 1
      i = UnsafeRawPointer(comma) - p + 1
    }
    return found
  }
}

/// summary.csv's numbers as the history stores them, read from a field's bytes. The
/// reference is `Int64(field) ?? 0` and `Double(field)` on the field's `String` (what the
/// history recorded them with before); the common forms are read here without a
/// `String`, the rest go to the reference.
enum SummaryNumber {
  /// A count: up to 18 digits read here, anything else as `Int64(text) ?? 0`.
  static func int(_ p: UnsafeRawPointer, count n: Int) -> Int64 {
    if n > 0 && n <= 18 {
      var value: Int64 = 0
      var k = 0
      while k < n {
        let d = p.load(fromByteOffset: k, as: UInt8.self) &- 0x30
        if d > 9 { break }
        value = value &* 10 &+ Int64(d)
        k += 1
      }
      if k == n { return value }
    }
    return Int64(String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)) ?? 0
  }

  /// Powers of ten that a `Double` holds exactly.
  private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

  /// A ratio: `digits` or `digits.digits` with at most 15 digits in all is the integer of
  /// its digits divided by a power of ten — both exact in a `Double`, so the one rounding
  /// of the division gives the nearest `Double` to the decimal, as `Double(text)` does.
  /// Anything else (an empty field: NULL) as `Double(text)`.
  static func double(_ p: UnsafeRawPointer, count n: Int) -> Double? {
    var mantissa: Int64 = 0
    var digits = 0
    var fraction = -1
    var k = 0
    while k < n {
      let b = p.load(fromByteOffset: k, as: UInt8.self)
      if b == 0x2E && fraction < 0 && digits > 0 {
        fraction = 0
      } else if b &- 0x30 <= 9 {
        mantissa = mantissa &* 10 &+ Int64(b &- 0x30)
        digits += 1
        if fraction >= 0 { fraction += 1 }
      } else {
        break
      }
      k += 1
    }
    if k == n && digits > 0 && digits <= 15 && fraction != 0 {
      return Double(mantissa) / powersOfTen[max(fraction, 0)]
    }
    return Double(String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self))
  }
}
