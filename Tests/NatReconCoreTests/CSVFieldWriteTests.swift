import NatReconCore
import NatReconTestSupport
import Testing

/// `CSVField.write` (raw buffer, 8 bytes at a time) against `CSVField.append` (the
/// reference), byte for byte, on fields of every length 0–40 with a structural byte at
/// every position, and on seeded random fields.
@Suite struct CSVFieldWriteTests {
  static func expectSame(_ field: [UInt8]) -> Bool {
    var reference: [UInt8] = []
    field.withUnsafeBufferPointer { CSVField.append($0, to: &reference) }
    var out = [UInt8](repeating: 0xEE, count: CSVField.maxBytes(field.count) + 1)
    let n = field.withUnsafeBufferPointer { f in
      out.withUnsafeMutableBufferPointer { CSVField.write(f, to: $0.baseAddress!) }
    }
    // The canary after the field: nothing written past the reported length.
    return n <= CSVField.maxBytes(field.count) && Array(out.prefix(n)) == reference && out[n] == 0xEE
  }

  @Test func everyLengthAndPosition() {
    var failures: [String] = []
    for length in 0...40 {
      let plain = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
      if !Self.expectSame(plain) { failures.append("plain \(length)") }
      for position in 0..<length {
        for byte in [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A] {
          var field = plain
          field[position] = byte
          if !Self.expectSame(field) { failures.append("\(length) \(position) \(byte)") }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test func seededRandomFields() {
    var random = SplitMix64(seed: 4_180)
    let alphabet = Array("ab,\"\r\n 云;0".utf8)
    var failures = 0
    for _ in 0..<5_000 {
      let field = (0..<random.below(30)).map { _ in alphabet[random.below(alphabet.count)] }
      if !Self.expectSame(field) { failures += 1 }
    }
    #expect(failures == 0)
  }
}
