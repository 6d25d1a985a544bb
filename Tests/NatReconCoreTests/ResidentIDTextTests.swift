import NatReconCore
import NatReconTestSupport
import Testing

/// The ISO 7064 MOD 11-2 check character, written with the explicit GB 11643 weights.
private func referenceCheckCharacter(_ body: [UInt8]) -> UInt8 {
  let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  var sum = 0
  for (digit, weight) in zip(body, weights) { sum += Int(digit - 48) * weight }
  return Array("10X98765432".utf8)[sum % 11]
}

@Suite struct ResidentIDTextTests {
  @Test(arguments: [
    ("11010519491231002X", UInt64(121_115_714_403_541_033)),
    ("310101199003071230", 341_111_318_903_378_354),
    ("000000000000000001", 2),
    ("99999999999999999X", 1_100_000_000_000_000_000),
  ])
  func textOfKnownKeys(text: String, key: UInt64) {
    #expect(ResidentID.text(mainlandKey: key) == text)
    var out: [UInt8] = Array("id=".utf8)
    ResidentID.appendText(mainlandKey: key, to: &out)
    #expect(out == Array(("id=" + text).utf8))
  }

  /// Random 18-character IDs with plausible birth dates and, one time in eleven, the right
  /// check character: the key round-trips through `text(mainlandKey:)` and `isValid` agrees
  /// with the reference check digit.
  @Test func randomIDsRoundTrip() {
    var rng = SplitMix64(seed: 0x5EED_1D5)
    var validCount = 0
    for _ in 0..<3000 {
      var body = [UInt8]()
      for _ in 0..<6 { body.append(UInt8(ascii: "0") + UInt8(rng.next() % 10)) }
      let year = 1900 + Int(rng.next() % 122)  // 1900–2021
      let month = 1 + Int(rng.next() % 12)
      let day = 1 + Int(rng.next() % 28)
      body += Array(String(year * 10_000 + month * 100 + day).utf8)
      for _ in 0..<3 { body.append(UInt8(ascii: "0") + UInt8(rng.next() % 10)) }
      let checks = Array("0123456789X".utf8)
      let check = checks[Int(rng.next() % 11)]
      let text = String(decoding: body + [check], as: UTF8.self)
      let isValid = check == referenceCheckCharacter(body)
      if isValid { validCount += 1 }

      let parsed = ResidentID.parse(text, latestBirthDate: 20_220_403)
      #expect(parsed == .mainland(key: referenceKey(text), isValid: isValid), "\(text)")
      guard case .mainland(let key, _) = parsed else { continue }
      #expect(ResidentID.text(mainlandKey: key) == text)
      let lower = text.lowercased()  // x → X
      #expect(ResidentID.parse("'" + lower, latestBirthDate: 20_220_403) == parsed)
    }
    #expect(validCount > 150)  // about 3000 / 11; guards against a broken generator
  }

  /// `writeText(mainlandKey:parsedFrom:to:)` (the residents pass: a plain field is its
  /// own text) against `text(mainlandKey:)` (the reference), on random plain IDs with
  /// right and wrong check characters in both cases of `x`, and on forms that are not
  /// plain (full-width digits, inner blanks, a leading quote) which take the reference.
  @Test func textFromTheParsedFieldEqualsTheKeysText() {
    var rng = SplitMix64(seed: 0x7E47)
    var plain = 0
    for i in 0..<4000 {
      var digits = (0..<17).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
      // Plausible birth dates so that most IDs parse as mainland.
      digits.replaceSubrange(
        6..<14, with: Array(String(19_000_101 + Int(rng.next() % 1_000) * 100 + Int(rng.next() % 28)).utf8))
      let check = Array("0123456789Xx".utf8)[Int(rng.next() % 12)]
      var field = String(decoding: digits + [check], as: UTF8.self)
      switch i % 8 {
      case 5: field = "'" + field
      case 6: field = String(field.prefix(6)) + " " + String(field.dropFirst(6))
      case 7: field = field.replacingOccurrences(of: "1", with: "１")
      default: break
      }
      var bytes = Array(field.utf8)
      let parsed = bytes.withUnsafeBufferPointer { ResidentID.parse($0, latestBirthDate: 20_220_403) }
      guard case .mainland(let key, _) = parsed else { continue }
      if i % 8 < 5 { plain += 1 }
      var out = [UInt8](repeating: 0, count: 18)
      bytes.withUnsafeMutableBufferPointer { b in
        out.withUnsafeMutableBufferPointer {
          ResidentID.writeText(mainlandKey: key, parsedFrom: UnsafeBufferPointer(b), to: $0.baseAddress!)
        }
      }
      #expect(String(decoding: out, as: UTF8.self) == ResidentID.text(mainlandKey: key), "\(field)")
    }
    #expect(plain > 2000)  // most plain fields parse as mainland IDs
  }

  /// `writePlainText` (the residents pass, without a second parse) writes exactly the
  /// fields that parse as plain 18-character mainland IDs, whatever their check digit
  /// or birth date, as `text(mainlandKey:)` of their key; every other form (a leading
  /// quote, inner blanks, full-width digits, a wrong length or letter) is left to the
  /// parser and nothing is written.
  @Test func plainTextNeedsNoParse() {
    var rng = SplitMix64(seed: 0x9A17)
    var plain = 0
    for i in 0..<4000 {
      let digits = (0..<17).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
      let check = Array("0123456789XxY".utf8)[Int(rng.next() % 13)]
      var field = String(decoding: digits + [check], as: UTF8.self)
      switch i % 8 {
      case 4: field = "'" + field
      case 5: field = String(field.prefix(6)) + " " + String(field.dropFirst(6))
      case 6: field = field.replacingOccurrences(of: "1", with: "１")
      case 7: field = String(field.dropLast())
      default: break
      }
      let bytes = Array(field.utf8)
      var out = [UInt8](repeating: 0, count: 18)
      let written = bytes.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { ResidentID.writePlainText(b, to: $0.baseAddress!) }
      }
      let parsed = bytes.withUnsafeBufferPointer { ResidentID.parse($0, latestBirthDate: 20_220_403) }
      let isPlain =
        bytes.count == 18 && bytes[0..<17].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        && Array("0123456789Xx".utf8).contains(bytes[17])
      if i % 8 < 4 && check != UInt8(ascii: "Y") { #expect(isPlain) }
      #expect(written == isPlain, "\(field)")
      if written {
        plain += 1
        guard case .mainland(let key, _) = parsed else {
          Issue.record("\(field) written but parsed as \(parsed)")
          continue
        }
        #expect(String(decoding: out, as: UTF8.self) == ResidentID.text(mainlandKey: key), "\(field)")
      } else {
        #expect(out == [UInt8](repeating: 0, count: 18), "\(field)")
      }
    }
    #expect(plain > 1000)
  }

  /// Keys order as their texts do (unmatched_tests.csv sorts mainland IDs by key):
  /// same-prefix pairs that differ in the check character ('9' < 'X') included.
  @Test func keysOrderLikeTheirTexts() {
    var rng = SplitMix64(seed: 0x0DE5)
    let maxKey: UInt64 = 1_100_000_000_000_000_000  // 99999999999999999X
    var keys: [UInt64] = [1, 2, 10, 11, 12, maxKey]
    for _ in 0..<2000 { keys.append(rng.next() % maxKey + 1) }
    for base in [UInt64(341_111_318_903_378_345), 121_115_714_403_541_023] {
      keys += (0..<11).map { base + $0 }
    }
    let byKey = keys.sorted()
    let byText = keys.sorted {
      ResidentID.text(mainlandKey: $0).utf8.lexicographicallyPrecedes(ResidentID.text(mainlandKey: $1).utf8)
    }
    #expect(byKey == byText)
  }
}
