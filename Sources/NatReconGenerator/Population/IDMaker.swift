/// Mainland resident ID numbers (公民身份号码, GB 11643-1999) and the other documents a
/// roster holds.
///
/// An 18-character ID is a 6-digit region code (GB/T 2260), the birth date `yyyymmdd`, a
/// 3-digit sequence (odd for men, even for women) and a check character: ISO 7064
/// MOD 11-2 over the 17 digits with weights 2^(17−i) mod 11, mapped through
/// `1 0 X 9 8 7 6 5 4 3 2`.
enum IDMaker {
  /// ISO 7064 MOD 11-2 weights of the 17 body digits, left to right.
  static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

  /// `sum mod 11` → check value.
  static let checkMap: [UInt8] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2]

  /// The 17-digit body as an integer.
  @inline(__always)
  static func body(region: Int, birthDate: Int, sequence: Int) -> UInt64 {
    UInt64(region) * 100_000_000_000 + UInt64(birthDate) * 1000 + UInt64(sequence)
  }

  /// The check value (0–10, 10 written `X`) of a 17-digit body.
  @inline(__always)
  static func checkValue(body: UInt64) -> UInt8 {
    var b = body
    var sum = 0
    var i = 16
    while i >= 0 {
      sum += Int(b % 10) * weights[i]
      b /= 10
      i -= 1
    }
    return checkMap[sum % 11]
  }

  /// Appends the 17 body digits and the check character (`X` upper-case, or lower-case
  /// when `lowerX`).
  @inline(__always)
  static func appendMainland(body: UInt64, check: UInt8, lowerX: Bool = false, to out: inout [UInt8]) {
    appendDigits(body, width: 17, to: &out)
    appendCheck(check, lowerX: lowerX, to: &out)
  }

  @inline(__always)
  static func appendCheck(_ check: UInt8, lowerX: Bool = false, to out: inout [UInt8]) {
    if check == 10 {
      out.append(lowerX ? UInt8(ascii: "x") : UInt8(ascii: "X"))
    } else {
      out.append(UInt8(ascii: "0") + check)
    }
  }

  /// The 15-digit legacy form (before 1999: 2-digit birth year, no check digit) of a
  /// body whose birth year is 19xx.
  static func appendLegacy(body: UInt64, to out: inout [UInt8]) {
    let region = body / 100_000_000_000
    let rest = body % 100_000_000_000  // yyyymmddsss
    appendDigits(region, width: 6, to: &out)
    appendDigits(rest % 1_000_000_000, width: 9, to: &out)  // yymmddsss
  }

  /// Whether a body's birth year is 19xx (only those have a legacy form).
  static func hasLegacyForm(body: UInt64) -> Bool {
    (body / 10_000_000) % 10_000 / 100 == 19
  }

  /// Appends `value` as exactly `width` decimal digits (zero-padded, high digits cut).
  @inline(__always)
  static func appendDigits(_ value: UInt64, width: Int, to out: inout [UInt8]) {
    let start = out.count
    for _ in 0..<width { out.append(0) }
    var v = value
    var i = start + width - 1
    while i >= start {
      out[i] = UInt8(ascii: "0") + UInt8(v % 10)
      v /= 10
      i -= 1
    }
  }

  /// Appends a non-negative integer in as many digits as it needs.
  @inline(__always)
  static func appendNumber(_ value: Int64, to out: inout [UInt8]) {
    if value < 0 {
      out.append(UInt8(ascii: "-"))
      appendNumber(-value, to: &out)
      return
    }
    var width = 1
    var p: Int64 = 10
    while width < 19 && value >= p {
      width += 1
      p = p &* 10
    }
    appendDigits(UInt64(value), width: width, to: &out)
  }

  /// Appends another document's number: passport `E12345678`, HK/Macao permit
  /// `H1234567801`, Taiwan permit `12345678`, foreign permanent-resident ID
  /// `USA310115123456`.
  static func appendOther(kind: IDKind, number: UInt64, to out: inout [UInt8]) {
    switch kind {
    case .passport:
      out.append(UInt8(ascii: "E"))
      appendDigits(number % 100_000_000, width: 8, to: &out)
    case .hkMacao:
      out.append(number % 5 == 0 ? UInt8(ascii: "M") : UInt8(ascii: "H"))
      appendDigits(number % 10_000_000_000, width: 10, to: &out)
    case .taiwan:
      appendDigits(number % 100_000_000, width: 8, to: &out)
    case .foreigner:
      let nations: [[UInt8]] = [Array("USA".utf8), Array("JPN".utf8), Array("KOR".utf8), Array("FRA".utf8)]
      out.append(contentsOf: nations[Int(number % 4)])
      appendDigits(number % 1_000_000_000_000, width: 12, to: &out)
    case .mainland:
      preconditionFailure("mainland IDs use appendMainland")
    }
  }
}

/// The kind of document a resident's ID number is.
enum IDKind: UInt8, Sendable {
  case mainland = 0
  case passport
  case hkMacao
  case taiwan
  case foreigner
}
