import NatReconTestSupport
import Testing

@testable import NatReconCore

/// The word-at-a-time fast paths (STYLE §11) against the general parsers they sit beside:
/// `ResidentID.parse` vs `parseReference` and `Timestamp.parse` vs `parseReference` must
/// agree on every input, and the fast paths must really take the forms they are for.
@Suite struct FixedFormParseTests {
  /// T = 2022-04-03; also the day before, so the "not after T" birth-date edge moves.
  static let birthDateLimits: [Int32] = [20_220_403, 20_220_402]

  // MARK: - Helpers

  /// The check character GB 11643 gives 17 digits (weights written out, independently of
  /// the engine's Horner fold).
  static func checkCharacter(_ body: [UInt8]) -> UInt8 {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    var sum = 0
    for (k, c) in body.enumerated() { sum += Int(c - 48) * weights[k] }
    return Array("10X98765432".utf8)[sum % 11]
  }

  static func expectSameID(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for limit in birthDateLimits {
      let fast = bytes.withUnsafeBufferPointer { ResidentID.parse($0, latestBirthDate: limit) }
      let reference = bytes.withUnsafeBufferPointer { ResidentID.parseReference($0, latestBirthDate: limit) }
      #expect(
        fast == reference, "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(bytes)",
        sourceLocation: sourceLocation)
    }
  }

  static func expectSameTime(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let fast = bytes.withUnsafeBufferPointer { Timestamp.parse($0) }
    let reference = bytes.withUnsafeBufferPointer { Timestamp.parseReference($0) }
    #expect(
      fast == reference, "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(bytes)",
      sourceLocation: sourceLocation)
  }

  /// Whether the ID fast path accepts the (already trimmed) bytes.
  static func idFastPathTakes(_ text: String) -> Bool {
    Array(text.utf8).withUnsafeBufferPointer {
      $0.count == 18 && ResidentID.parsePlainMainland($0, latestBirthDate: birthDateLimits[0]) != nil
    }
  }

  static func timeFastPathTakes(_ text: String) -> Bool {
    Array(text.utf8).withUnsafeBufferPointer {
      ($0.count == 19 && Timestamp.parseFixedDateTime($0) != nil)
        || ($0.count == 10 && Timestamp.parseEpochSeconds($0) != nil)
    }
  }

  /// Bytes a mutation puts in: digits and the characters the forms use, their
  /// neighbours in ASCII, white space, and non-ASCII lead, continuation and invalid bytes.
  static let interestingBytes: [UInt8] =
    Array("0123456789Xx-: /.T+Z'E,".utf8) + [
      0x00, 0x09, 0x0A, 0x0D, 0x2F, 0x3A, 0x40, 0x7F, 0x80, 0xBF, 0xE3, 0xEF, 0xFF,
    ]

  // MARK: - IDs

  @Test(arguments: [
    // Valid.
    "11010519491231002X", "11010519491231002x", "310101199003071230", "440524198001010013",
    "310101200002290015",  // born on a leap day
    "310101202204030018",  // born on T's day
    // The check digit or the birth date wrong: the fast path takes them, isValid false.
    "110105194912310021", "310101199002301235", "310101199013071236", "310101189912311234",
    "310101202204040012", "310101190001010011", "310101000001010012", "310101199000001234",
    "310101202204030010",  // born on T's day: valid
  ])
  func idFastPathTakesAndAgrees(text: String) {
    #expect(Self.idFastPathTakes(text))
    Self.expectSameID(Array(text.utf8))
  }

  @Test func idValidityOnTheFastPath() {
    // The fast path's own verdicts (the differential tests compare it with the reference).
    func isValid(_ text: String, _ limit: Int32 = 20_220_403) -> Bool? {
      Array(text.utf8).withUnsafeBufferPointer {
        guard case .mainland(_, let v)? = ResidentID.parsePlainMainland($0, latestBirthDate: limit) else { return nil }
        return v
      }
    }
    #expect(isValid("11010519491231002X") == true)
    #expect(isValid("11010519491231002x") == true)
    #expect(isValid("310101200002290015") == true)
    #expect(isValid("310101202204030018") == true)
    #expect(isValid("310101202204030018", 20_220_402) == false)
    #expect(isValid("110105194912310021") == false)
  }

  @Test(arguments: [
    // Left to the general parser (normalisation, other forms), same answer either way.
    "'11010519491231002X", "1101051949123100 2X", "11010519491231002Ｘ", "１１010519491231002X",
    "110105-19491231002X", "110105491231002", "11010519491231002", "1101051949123100211",
    "11010519491231002Y", "1101051949123100/X", "A1010519491231002X", "3.10101E+17", "E12345",
    "11010519491231:02X", "\u{3000}11010519491231002X", "11010519491231002X\t", "", " ",
  ])
  func idOtherFormsAgree(text: String) {
    Self.expectSameID(Array(text.utf8))
  }

  @Test func idFastPathRejectsEveryNonDigitInTheBody() {
    // One byte at a time, in each of the 18 positions: the fast path takes exactly
    // digits in 0–16 and a digit, X or x in 17.
    let base = Array("11010519491231002X".utf8)
    for position in 0..<18 {
      for value in 0...255 {
        var bytes = base
        bytes[position] = UInt8(value)
        let isDigit = value >= 0x30 && value <= 0x39
        let expected = position < 17 ? isDigit : isDigit || value == 0x58 || value == 0x78
        let takes = bytes.withUnsafeBufferPointer {
          ResidentID.parsePlainMainland($0, latestBirthDate: 20_220_403) != nil
        }
        #expect(takes == expected, "position \(position), byte \(value)")
        Self.expectSameID(bytes)
      }
    }
  }

  @Test func idRandomisedDifferential() {
    var random = SplitMix64(seed: 20_220_403)
    for _ in 0..<20_000 {
      // A plausible ID: region, a birth date from 1890 to 2030 (month 0–13 and day 0–32
      // now and then, so invalid dates occur), sequence, check character mostly right.
      var body = [UInt8]()
      for _ in 0..<6 { body.append(48 + UInt8(random.next() % 10)) }
      let year = 1890 + Int(random.next() % 141)
      let month = random.next() % 8 == 0 ? Int(random.next() % 14) : 1 + Int(random.next() % 12)
      let day = random.next() % 8 == 0 ? Int(random.next() % 33) : 1 + Int(random.next() % 28)
      let date = year * 10_000 + month * 100 + day
      body += Array(String(date).utf8)
      for _ in 0..<3 { body.append(48 + UInt8(random.next() % 10)) }
      var bytes = body
      bytes.append(
        random.next() % 4 == 0 ? Array("0123456789Xx".utf8)[Int(random.next() % 12)] : Self.checkCharacter(body))
      Self.mutate(&bytes, &random)
      Self.expectSameID(bytes)
    }
  }

  // MARK: - Times

  @Test(arguments: [
    "2022-04-03 22:00:00", "1970-01-01 00:00:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59",
    "2024-02-29 12:34:56", "2000-02-29 00:00:01", "1648994400", "0000000000", "9999999999",
  ])
  func timeFastPathTakesAndAgrees(text: String) {
    #expect(Self.timeFastPathTakes(text))
    Self.expectSameTime(Array(text.utf8))
  }

  @Test(arguments: [
    // Shapes the fast paths leave to the general parser, or reject as dates: same
    // answer either way (nil for the impossible ones).
    "2023-02-29 12:00:00", "1900-02-29 12:00:00", "2022-13-01 00:00:00", "2022-00-10 00:00:00",
    "2022-04-00 00:00:00", "2022-04-31 00:00:00", "2022-04-03 24:00:00", "2022-04-03 23:60:00",
    "2022-04-03 23:59:60", "0000-01-01 00:00:00", "2022-04-03T22:00:00", "2022/04/03 22:00:00",
    "2022-04-03  22:00:00", "2022-4-3 22:00:00", "2022-04-03 22:00", "2022-04-03 9:00:00.5",
    "2022-04-03 22:00:00Z", "2022-04-03T14:00:00Z", "20220403220000", "1648994400999", "164899440",
    "44654.5", "2022年4月3日 22:00", " 2022-04-03 22:00:00\t", "\u{3000}1648994400", "",
  ])
  func timeOtherFormsAgree(text: String) {
    Self.expectSameTime(Array(text.utf8))
  }

  @Test func timeEverySingleByteChangeAgrees() {
    for base in ["2022-04-03 22:00:00", "2024-02-29 23:59:59", "1648994400"] {
      let bytes = Array(base.utf8)
      for position in bytes.indices {
        for value in 0...255 {
          var changed = bytes
          changed[position] = UInt8(value)
          Self.expectSameTime(changed)
        }
      }
    }
  }

  @Test func timeRandomisedDifferential() {
    var random = SplitMix64(seed: 1_648_994_400)
    func digits(_ value: Int, _ count: Int) -> [UInt8] {
      var out = [UInt8](repeating: 48, count: count)
      var v = value
      for k in stride(from: count - 1, through: 0, by: -1) {
        out[k] = 48 + UInt8(v % 10)
        v /= 10
      }
      return out
    }
    for _ in 0..<20_000 {
      var bytes: [UInt8]
      if random.next() % 4 == 0 {
        bytes = digits(Int(random.next() % 10_000_000_000), 10)
      } else {
        // Field values past their range now and then (month 13, hour 24, second 60 …).
        let year = Int(random.next() % 10_000)
        let month = Int(random.next() % 14)
        let day = Int(random.next() % 33)
        let hour = Int(random.next() % 26)
        let minute = Int(random.next() % 61)
        let second = Int(random.next() % 61)
        bytes = digits(year, 4) + [45] + digits(month, 2) + [45] + digits(day, 2) + [32]
        bytes += digits(hour, 2) + [58] + digits(minute, 2) + [58] + digits(second, 2)
      }
      Self.mutate(&bytes, &random)
      Self.expectSameTime(bytes)
    }
  }

  // MARK: - Mutations

  /// Leaves half the inputs alone; mutates the others: a byte replaced, inserted or
  /// removed, two bytes swapped, or white space added around the value.
  static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
    let kind = random.next() % 10
    guard kind >= 5, !bytes.isEmpty else { return }
    let position = Int(random.next() % UInt64(bytes.count))
    let byte =
      random.next() % 3 == 0
      ? UInt8(truncatingIfNeeded: random.next()) : interestingBytes[Int(random.next() % UInt64(interestingBytes.count))]
    switch kind {
    case 5: bytes[position] = byte
    case 6: bytes.insert(byte, at: position)
    case 7: bytes.remove(at: position)
    case 8: bytes.swapAt(position, Int(random.next() % UInt64(bytes.count)))
    default: bytes = Array(" \t".utf8) + bytes + [0xE3, 0x80, 0x80]
    }
  }
}
