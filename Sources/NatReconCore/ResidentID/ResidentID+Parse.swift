// MARK: - Parse

extension ResidentID {
  /// Normalises one ID number and classifies it (SPEC §2.4 steps 1–5, SPEC §8 IDs).
  ///
  /// Step 1: trim space, tab, CR, LF and U+3000; strip one leading ASCII `'` (Excel's text
  /// marker; a full-width `＇` is not stripped); fold full-width ASCII U+FF01–U+FF5E to
  /// ASCII; drop inner spaces, tabs, U+3000 and `-`; upper-case. Then, on what is left:
  ///
  /// 1. nothing → `.empty`;
  /// 2. `[0-9]{17}[0-9X]` → `.mainland`, with the ISO 7064 MOD 11-2 check digit and the
  ///    birth date (characters 7–14, `yyyymmdd`: a real date, year ≥ 1900, not after
  ///    `latestBirthDate`) validated; either failure gives `isValid == false`;
  /// 3. `[0-9]{15}` → legacy ID, `19` inserted after the sixth digit, check digit
  ///    computed, not validated (`isValid == true`);
  /// 4. `[0-9]+(\.[0-9]+)?E\+?[0-9]+` → `.mangled` (Excel scientific notation);
  /// 5. 5–20 characters `[A-Z0-9]` → `.other` with those characters;
  /// 6. anything else → `.invalid`. Any non-ASCII byte other than U+3000 and the
  ///    full-width forms (e.g. Chinese text, invalid UTF-8) leads here.
  ///
  /// A plain 18-byte ID takes a word-at-a-time fast path (`parsePlainMainland`);
  /// anything it does not accept goes to `parseReference(_:latestBirthDate:)`, which
  /// normalises and classifies in one pass. Only `.other` allocates.
  ///
  /// - Parameters:
  ///   - raw: The field's UTF-8 bytes, trimmed or not.
  ///   - latestBirthDate: The as-of time's Asia/Shanghai calendar date as `yyyymmdd`
  ///     (`Timestamp.shanghaiDate(_:)` of `T`); later birth dates are invalid.
  /// - Returns: The classification; for mainland IDs the key described on `ResidentID`.
  /// - Complexity: O(n) in the field's length; stops early on long junk.
  @inlinable
  public static func parse(_ raw: UnsafeBufferPointer<UInt8>, latestBirthDate: Int32)
    -> ResidentIDParse
  {
    let trimmed = ByteText.trimmed(raw)
    if trimmed.count == 18,
      let parsed = parsePlainMainland(trimmed, latestBirthDate: latestBirthDate)
    {
      return parsed
    }
    return parseReference(trimmed, latestBirthDate: latestBirthDate)
  }

  /// The general parser: the same contract as `parse(_:latestBirthDate:)`, one byte at
  /// a time and without the fast path. It is the reference the fast path is tested
  /// against (`FixedFormParseTests`, the normalisation fuzz target); the engine calls
  /// `parse`.
  ///
  /// - Complexity: O(n) in the field's length; stops early on long junk.
  @inlinable
  public static func parseReference(_ raw: UnsafeBufferPointer<UInt8>, latestBirthDate: Int32)
    -> ResidentIDParse
  {
    var chars = NormalisedIDBytes(raw)
    var count = 0
    var leadingDigits = 0  // length of the all-digit prefix
    var body: UInt64 = 0  // the first min(leadingDigits, 17) digits as an integer
    var horner: UInt32 = 0  // the same digits folded by Horner's rule base 2 (see checkValue)
    var last: UInt8 = 0
    var isAlphanumeric = true
    var scientific = ScientificNotation.start
    while let c = chars.next() {
      count += 1
      let d = c &- 0x30
      if d < 10 {
        if leadingDigits == count - 1 {
          leadingDigits = count
          if count <= 17 {
            body = body &* 10 &+ UInt64(d)
            horner = horner &* 2 &+ UInt32(d)
          }
        }
      } else if c < 0x41 || c > 0x5A {
        isAlphanumeric = false
      }
      scientific = scientific.advanced(by: c)
      last = c
      // Longer than any ID and not scientific notation: nothing can rescue it.
      if count > 20, scientific == .rejected { return .invalid }
    }

    if count == 0 { return .empty }
    if count == 18, leadingDigits >= 17 {
      let checkCharacterValue: UInt64? =
        leadingDigits == 18 ? UInt64(last &- 0x30) : (last == UInt8(ascii: "X") ? 10 : nil)
      if let given = checkCharacterValue {
        return mainland(
          body: body, horner: horner, checkCharacterValue: given, latestBirthDate: latestBirthDate)
      }
    }
    if count == 15, leadingDigits == 15 {
      return .mainland(key: legacyKey(body15: body), isValid: true)
    }
    if scientific == .accepting { return .mangled }
    if isAlphanumeric, count >= 5, count <= 20 { return otherDocument(raw, count: count) }
    return .invalid
  }

  /// Parses an ID given as a `String` (for tests and the CLI); see `parse(_:latestBirthDate:)`.
  ///
  /// - Complexity: O(n) in the value's length.
  public static func parse(_ raw: String, latestBirthDate: Int32) -> ResidentIDParse {
    var raw = raw
    return raw.withUTF8 { parse($0, latestBirthDate: latestBirthDate) }
  }

  /// The fast path for the common case: exactly 18 bytes `[0-9]{17}[0-9Xx]` needing no
  /// normalisation, read a word at a time (`SWAR`); nil sends anything else through
  /// `parseReference`. The same key and the same check-digit and birth-date rule as the
  /// reference path, which gives the same answer on every input this accepts.
  ///
  /// Three overlapping 8-byte loads: characters 0–7, 8–15 and 10–17 (of which 16 and 17
  /// are used). The body is `decimal8(0–7) × 10^9 + decimal8(8–15) × 10 + d16`, the
  /// Horner fold for the check digit `fold(0–7) × 2^9 + fold(8–15) × 2 + d16`, and the
  /// birth date (characters 6–13) comes from the pairs of a fourth load at 6.
  ///
  /// - Precondition: `t.count == 18`.
  /// - Complexity: O(1).
  @inlinable
  static func parsePlainMainland(_ t: UnsafeBufferPointer<UInt8>, latestBirthDate: Int32)
    -> ResidentIDParse?
  {
    let p = t.baseAddress.unsafelyUnwrapped
    let first = SWAR.load(p, 0)
    let second = SWAR.load(p, 8)
    let tail = SWAR.load(p, 10)
    guard SWAR.isDigits(first), SWAR.isDigits(second) else { return nil }
    let d16 = UInt64(SWAR.byte(tail, 6)) &- 0x30
    guard d16 < 10 else { return nil }
    let last = UInt8(truncatingIfNeeded: SWAR.byte(tail, 7))
    let given: UInt64
    if last &- 0x30 < 10 {
      given = UInt64(last &- 0x30)
    } else if last | 0x20 == UInt8(ascii: "x") {
      given = 10
    } else {
      return nil
    }
    let zeros = 0x3030_3030_3030_3030 as UInt64
    let a = first &- zeros
    let b = second &- zeros
    let body = SWAR.decimal8(a) &* 1_000_000_000 &+ SWAR.decimal8(b) &* 10 &+ d16
    let horner = UInt32(truncatingIfNeeded: SWAR.binaryFold8(a) &<< 9 &+ SWAR.binaryFold8(b) &<< 1 &+ d16)
    // Characters 6–13, yyyymmdd: year = pairs 0 and 2, month pair 4, day pair 6.
    let date = SWAR.pairs(SWAR.load(p, 6) &- zeros)
    let isValid =
      given == UInt64(checkValue(horner: horner))
      && isValidBirthDate(
        year: SWAR.byte(date, 0) &* 100 &+ SWAR.byte(date, 2), month: SWAR.byte(date, 4),
        day: SWAR.byte(date, 6), latestBirthDate: latestBirthDate)
    return .mainland(key: body &* 11 &+ given &+ 1, isValid: isValid)
  }

  /// The `.mainland` result of an 18-character ID: its key and whether both the check
  /// digit and the birth date hold (one `id_checksum` flag, SPEC §8).
  ///
  /// - Parameters:
  ///   - body: The 17 leading digits as an integer.
  ///   - horner: The same digits folded as `h = 2h + d` (see `checkValue(horner:)`).
  ///   - checkCharacterValue: The 18th character's value, 0–9 or 10 for `X`.
  ///   - latestBirthDate: The latest valid birth date as `yyyymmdd`.
  /// - Returns: `.mainland` with the key `body × 11 + checkCharacterValue + 1`.
  /// - Complexity: O(1).
  @inlinable
  static func mainland(
    body: UInt64, horner: UInt32, checkCharacterValue: UInt64, latestBirthDate: Int32
  ) -> ResidentIDParse {
    let isValid =
      checkCharacterValue == UInt64(checkValue(horner: horner))
      && isValidBirthDate(body: body, latestBirthDate: latestBirthDate)
    return .mainland(key: body &* 11 &+ checkCharacterValue &+ 1, isValid: isValid)
  }

  // MARK: - Check digit and birth date

  /// The ISO 7064 MOD 11-2 check value (0–9, 10 for `X`) of 17 digits folded by Horner.
  ///
  /// GB 11643 weights the digits 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, which are
  /// 2^17 … 2^1 mod 11. So the weighted sum is 2 × h (mod 11), where h is the digits
  /// folded as `h = 2h + d`; this needs no weight table. The check character for a sum
  /// S (mod 11) is "10X98765432"[S], whose value is (12 − S) mod 11.
  ///
  /// - Parameter horner: The 17 digits folded as `h = 2h + d` (at most 9 × (2^17 − 1)).
  /// - Returns: The value the 18th character must have: 0–9, or 10 for `X`.
  /// - Complexity: O(1).
  @inlinable
  static func checkValue(horner: UInt32) -> UInt32 {
    let sum = (horner &* 2) % 11
    return (12 &- sum) % 11
  }

  /// Whether digits 7–14 of a 17-digit body are a real date, year ≥ 1900, not after
  /// `latestBirthDate` (SPEC §8 IDs).
  ///
  /// - Complexity: O(1).
  @inlinable
  static func isValidBirthDate(body: UInt64, latestBirthDate: Int32) -> Bool {
    let yyyymmdd = Int((body / 1000) % 100_000_000)
    return isValidBirthDate(
      year: yyyymmdd / 10_000, month: yyyymmdd / 100 % 100, day: yyyymmdd % 100,
      latestBirthDate: latestBirthDate)
  }

  /// The birth-date rule on its parts (both paths end here): a real date, year ≥ 1900,
  /// not after `latestBirthDate` (`yyyymmdd`).
  ///
  /// - Complexity: O(1).
  @inlinable
  static func isValidBirthDate(year: Int, month: Int, day: Int, latestBirthDate: Int32) -> Bool {
    year >= 1900 && year &* 10_000 &+ month &* 100 &+ day <= Int(latestBirthDate)
      && CivilDate.isValid(year: year, month: month, day: day)
  }

  // MARK: - Rare forms (kept out of the inlined hot path)

  /// The key of a 15-digit legacy ID: `19` inserted after the sixth digit and the check
  /// digit computed (SPEC §2.4 step 3).
  ///
  /// - Complexity: O(1) (17 digit extractions).
  @usableFromInline @inline(never)
  static func legacyKey(body15: UInt64) -> UInt64 {
    let region = body15 / 1_000_000_000
    let rest = body15 % 1_000_000_000  // yymmdd + sequence
    let body = region * 100_000_000_000 + 19 * 1_000_000_000 + rest
    var digits = body
    var divisor: UInt64 = 10_000_000_000_000_000  // 10^16, the first digit's place
    var horner: UInt32 = 0
    for _ in 0..<17 {
      horner = horner * 2 + UInt32(digits / divisor)
      digits %= divisor
      divisor /= 10
    }
    return body * 11 + UInt64(checkValue(horner: horner)) + 1
  }

  /// Collects the normalised characters of another document (SPEC §2.4 step 5).
  ///
  /// - Complexity: O(n); allocates the result.
  @usableFromInline @inline(never)
  static func otherDocument(_ raw: UnsafeBufferPointer<UInt8>, count: Int) -> ResidentIDParse {
    var chars = NormalisedIDBytes(raw)
    var out = [UInt8]()
    out.reserveCapacity(count)
    while let c = chars.next() { out.append(c) }
    return .other(out)
  }
}

// MARK: - Step 1 as a byte stream

/// The characters of an ID after SPEC §2.4 step 1, produced one byte at a time.
///
/// Trims the ends, strips one leading ASCII `'`, folds full-width ASCII, drops spaces,
/// tabs, U+3000 and `-`, and upper-cases. Any other non-ASCII byte comes out as 0x80 and
/// ends the stream, which no later step accepts.
@usableFromInline
struct NormalisedIDBytes {
  @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
  @usableFromInline var index = 0

  @inlinable
  init(_ raw: UnsafeBufferPointer<UInt8>) {
    var t = ByteText.trimmed(raw)
    if let first = t.first, first == UInt8(ascii: "'") {
      t = UnsafeBufferPointer(rebasing: t[1...])
    }
    bytes = t
  }

  /// The next normalised character, or nil at the end.
  ///
  /// - Complexity: amortised O(1).
  @inlinable
  mutating func next() -> UInt8? {
    while index < bytes.count {
      var c = bytes[index]
      if c < 0x80 {
        index += 1
      } else if c == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80,
        bytes[index + 2] == 0x80
      {
        index += 3  // U+3000
        continue
      } else if c == 0xEF, index + 2 < bytes.count,
        let ascii = ByteText.foldFullWidth(bytes[index + 1], bytes[index + 2])
      {
        c = ascii
        index += 3
      } else {
        index = bytes.count
        return 0x80
      }
      switch c {
      case 0x20, 0x09, UInt8(ascii: "-"): continue
      case UInt8(ascii: "a")...UInt8(ascii: "z"): return c &- 0x20
      default: return c
      }
    }
    return nil
  }
}

/// A recogniser for `[0-9]+(\.[0-9]+)?E\+?[0-9]+` (SPEC §8 IDs), fed one byte at a time.
@usableFromInline
enum ScientificNotation: UInt8 {
  case start, integer, dot, fraction, exponentMark, exponentSign, accepting, rejected

  /// The state after reading `c` (an upper-cased character).
  ///
  /// - Complexity: O(1).
  @inlinable
  func advanced(by c: UInt8) -> ScientificNotation {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      switch self {
      case .start, .integer: return .integer
      case .dot, .fraction: return .fraction
      case .exponentMark, .exponentSign, .accepting: return .accepting
      case .rejected: return .rejected
      }
    case UInt8(ascii: "."): return self == .integer ? .dot : .rejected
    case UInt8(ascii: "E"): return self == .integer || self == .fraction ? .exponentMark : .rejected
    case UInt8(ascii: "+"): return self == .exponentMark ? .exponentSign : .rejected
    default: return .rejected
    }
  }
}
