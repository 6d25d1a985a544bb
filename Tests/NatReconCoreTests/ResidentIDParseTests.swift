import NatReconCore
import Testing

/// The as-of date used throughout: T = 2022-04-03 22:00:00 +08:00.
private let asOfDate: Int32 = 20_220_403

/// What a test expects `ResidentID.parse` to return, with mainland IDs given as text.
enum ExpectedID: Sendable, CustomTestStringConvertible {
  case empty
  case mainland(String, isValid: Bool)
  case other(String)
  case mangled
  case invalid

  /// The expected parse, encoding mainland text with the key formula documented on
  /// `ResidentID` (written out independently here).
  var parse: ResidentIDParse {
    switch self {
    case .empty: .empty
    case .mainland(let text, let isValid): .mainland(key: referenceKey(text), isValid: isValid)
    case .other(let text): .other(Array(text.utf8))
    case .mangled: .mangled
    case .invalid: .invalid
    }
  }

  var testDescription: String {
    switch self {
    case .empty: "empty"
    case .mainland(let text, let isValid): "mainland \(text) \(isValid ? "valid" : "id_checksum")"
    case .other(let text): "other \(text)"
    case .mangled: "mangled"
    case .invalid: "invalid"
    }
  }
}

/// key = body × 11 + check value + 1 for an 18-character ID `[0-9]{17}[0-9X]`.
func referenceKey(_ id: String) -> UInt64 {
  let chars = Array(id.utf8)
  precondition(chars.count == 18)
  var body: UInt64 = 0
  for c in chars[0..<17] { body = body * 10 + UInt64(c - 48) }
  let check: UInt64 = chars[17] == UInt8(ascii: "X") ? 10 : UInt64(chars[17] - 48)
  return body * 11 + check + 1
}

@Suite struct ResidentIDParseTests {
  @Test(arguments: [
    // Plain, valid (check digits computed independently with weights 7 9 10 5 8 4 2 1 6 3 …).
    ("11010519491231002X", ExpectedID.mainland("11010519491231002X", isValid: true)),
    ("310101199003071230", .mainland("310101199003071230", isValid: true)),
    ("440524198001010013", .mainland("440524198001010013", isValid: true)),
    // Step 1: Excel's leading ', trimming, full-width, inner separators, case.
    ("'11010519491231002X", .mainland("11010519491231002X", isValid: true)),
    ("  '11010519491231002X\t", .mainland("11010519491231002X", isValid: true)),
    ("'\u{3000}310101199003071230", .mainland("310101199003071230", isValid: true)),
    ("11010519491231002x", .mainland("11010519491231002X", isValid: true)),
    ("\u{3000}310101199003071230\u{3000}", .mainland("310101199003071230", isValid: true)),
    ("\t310101199003071230\r\n", .mainland("310101199003071230", isValid: true)),
    ("３１０１０１１９９００３０７１２３０", .mainland("310101199003071230", isValid: true)),
    ("１１０１０５１９４９１２３１００２ｘ", .mainland("11010519491231002X", isValid: true)),
    ("１１０１０５１９４９１２３１００２Ｘ", .mainland("11010519491231002X", isValid: true)),
    ("310101 19900307 1230", .mainland("310101199003071230", isValid: true)),
    ("310101-19900307-1230", .mainland("310101199003071230", isValid: true)),
    ("3101\t0119900307\u{3000}1230", .mainland("310101199003071230", isValid: true)),
    ("310101－19900307－1230", .mainland("310101199003071230", isValid: true)),  // U+FF0D
    // Step 3: 15-digit legacy IDs, converted without validation.
    ("310101850307123", .mainland("310101198503071232", isValid: true)),
    ("110105491231002", .mainland("11010519491231002X", isValid: true)),
    ("'440524800101001", .mainland("440524198001010013", isValid: true)),
    ("310101851332123", .mainland("310101198513321231", isValid: true)),  // month 13: not checked
    // Step 2 failures: one id_checksum flag for a bad check digit and/or birth date.
    ("310101199003071231", .mainland("310101199003071231", isValid: false)),
    ("110105194912310020", .mainland("110105194912310020", isValid: false)),
    ("31010119900307123X", .mainland("31010119900307123X", isValid: false)),
    ("310101202202300010", .mainland("310101202202300010", isValid: false)),  // Feb 30
    ("31010119901301001X", .mainland("31010119901301001X", isValid: false)),  // month 13
    ("310101189912310017", .mainland("310101189912310017", isValid: false)),  // year 1899
    ("310101202204040013", .mainland("310101202204040013", isValid: false)),  // after T
    ("310101202202300011", .mainland("310101202202300011", isValid: false)),  // both wrong
    ("000000000000000000", .mainland("000000000000000000", isValid: false)),
    // Step 2 boundaries that pass.
    ("310101202204030018", .mainland("310101202204030018", isValid: true)),  // born on T's date
    ("310101190001010011", .mainland("310101190001010011", isValid: true)),  // 1900-01-01
    ("310104200002290049", .mainland("310104200002290049", isValid: true)),  // 2000-02-29
    // Step 4: Excel scientific notation.
    ("3.10101E+17", .mangled),
    ("3.10101E17", .mangled),
    ("3.10101e+17", .mangled),
    ("'3.10101E+17", .mangled),
    (" 3.10101E+17 ", .mangled),
    ("310101E17", .mangled),
    ("3.1010119900307E+17", .mangled),
    ("3.10101E-17", .mangled),  // step 1 drops the "-" before the pattern is tried
    ("3.10101E+", .invalid),
    ("3.E+17", .invalid),
    ("3.10101E+17.5", .invalid),
    ("E+17", .invalid),
    // Step 5: other documents, keyed as normalised.
    ("E12345678", .other("E12345678")),
    ("e12345678", .other("E12345678")),
    ("H1234567801", .other("H1234567801")),
    ("G1234-5678", .other("G12345678")),
    ("'E1234567８", .other("E12345678")),
    ("12345", .other("12345")),
    ("a1234567z", .other("A1234567Z")),
    ("ｚ１２３４５６７ａ", .other("Z1234567A")),
    ("ABCDEFGHIJ0123456789", .other("ABCDEFGHIJ0123456789")),
    ("31010119900307123", .other("31010119900307123")),  // 17 digits
    ("3101011990030712301", .other("3101011990030712301")),  // 19 digits
    ("3101011990030712A", .other("3101011990030712A")),
    ("31010119900307123A", .other("31010119900307123A")),
    ("3101011990X3071230", .other("3101011990X3071230")),
    ("X10101199003071230", .other("X10101199003071230")),
    // Otherwise invalid.
    ("1234", .invalid),
    ("`1234567", .invalid),  // the bytes next to a–z are not letters
    ("{1234567", .invalid),
    ("@1234567", .invalid),
    ("[1234567", .invalid),
    ("E123", .invalid),
    ("ABCDEFGHIJ01234567890", .invalid),  // 21 characters
    ("310101199003071230310101199003071230", .invalid),
    ("张三", .invalid),
    ("310101199003071230号", .invalid),
    ("E1234.5678", .invalid),
    ("E12345678/", .invalid),
    ("''310101199003071230", .invalid),  // only one ' is stripped
    ("＇310101199003071230", .invalid),  // a full-width ' is not stripped
    ("3101'01199003071230", .invalid),
    ("310101\n199003071230", .invalid),  // inner line breaks are not dropped
    ("#N/A", .invalid),
    // Nothing left after step 1.
    ("", .empty),
    ("   ", .empty),
    ("\u{3000}", .empty),
    ("\t\r\n", .empty),
    ("'", .empty),
    (" ' ", .empty),
    ("-", .empty),
    ("- \u{3000}-", .empty),
  ])
  func parse(input: String, expected: ExpectedID) {
    #expect(ResidentID.parse(input, latestBirthDate: asOfDate) == expected.parse)
    let fromBytes = Array(input.utf8).withUnsafeBufferPointer {
      ResidentID.parse($0, latestBirthDate: asOfDate)
    }
    #expect(fromBytes == expected.parse)
  }

  @Test(arguments: [
    [0x31, 0x32, 0x33, 0x34, 0x35, 0xFF] as [UInt8],  // invalid UTF-8
    [0x31, 0x32, 0x33, 0x34, 0x35, 0xE3, 0x80],  // truncated U+3000
    [0x31, 0x32, 0x33, 0x34, 0x35, 0xEF, 0xBC, 0x80],  // U+FF00, just below the folded range
    [0x31, 0x32, 0x33, 0x34, 0x35, 0xEF, 0xBD, 0x9F],  // U+FF5F, just above it
    [0x31, 0x32, 0x33, 0x34, 0x35, 0xC2, 0xA0],  // U+00A0 no-break space
    [0x31, 0x32, 0x00, 0x34, 0x35, 0x36],
  ])
  func nonASCIIBytesAreInvalid(bytes: [UInt8]) {
    let parsed = bytes.withUnsafeBufferPointer { ResidentID.parse($0, latestBirthDate: asOfDate) }
    #expect(parsed == .invalid)
  }

  @Test(arguments: [
    ("310101850307123", "310101198503071232"),
    ("110105491231002", "11010519491231002X"),
    ("440524800101001", "440524198001010013"),
    ("000000000000000", "000000190000000001"),
    ("999999999999999", "999999199999999998"),
  ])
  func legacyIDMatchesItsEighteenDigitForm(legacy: String, modern: String) throws {
    guard case .mainland(let legacyKey, _) = ResidentID.parse(legacy, latestBirthDate: asOfDate)
    else {
      Issue.record("15-digit \(legacy) did not parse as mainland")
      return
    }
    #expect(ResidentID.text(mainlandKey: legacyKey) == modern)
    // The 18-digit form has the same key (its own birth-date check may still fail).
    guard case .mainland(let modernKey, _) = ResidentID.parse(modern, latestBirthDate: asOfDate)
    else {
      Issue.record("18-digit \(modern) did not parse as mainland")
      return
    }
    #expect(modernKey == legacyKey)
  }

  @Test func birthDateBoundFollowsTheAsOfDate() {
    let id = "310101202204030018"  // born 2022-04-03
    #expect(
      ResidentID.parse(id, latestBirthDate: 20_220_403)
        == .mainland(key: referenceKey(id), isValid: true))
    #expect(
      ResidentID.parse(id, latestBirthDate: 20_220_402)
        == .mainland(key: referenceKey(id), isValid: false))
  }

  @Test(arguments: [
    "000000000000000000", "000000000000000001", "99999999999999999X", "999999999999999999",
  ])
  func keysAreNonZeroAndLeaveTheTopBitFree(id: String) throws {
    guard case .mainland(let key, _) = ResidentID.parse(id, latestBirthDate: asOfDate) else {
      Issue.record("\(id) did not parse as mainland")
      return
    }
    #expect(key != 0)
    #expect(key < 1 << 63)
    #expect(ResidentID.text(mainlandKey: key) == id)
  }
}
