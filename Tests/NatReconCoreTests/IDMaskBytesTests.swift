import NatReconCore
import Testing

/// `IDMask.write` (bytes, the report pass) and `IDMask.mask` (strings) against SPEC §4's
/// rule restated: 18 characters keep 6 + 4, others 2 + 2, too short ones the first only.
@Suite struct IDMaskBytesTests {
  static func expected(_ id: [UInt8]) -> [UInt8] {
    let (head, tail) = id.count == 18 ? (6, 4) : (2, 2)
    if id.count <= head + tail {
      return Array(id.prefix(1)) + Array(repeating: UInt8(ascii: "*"), count: max(0, id.count - 1))
    }
    return Array(id[0..<head]) + Array(repeating: UInt8(ascii: "*"), count: id.count - head - tail)
      + Array(id.suffix(tail))
  }

  @Test func everyLengthUpToTwentyFive() {
    let source = Array("31010119900307123XABCDEFG".utf8)
    for length in 0...25 {
      let id = Array(source.prefix(length))
      var out = [UInt8](repeating: 0, count: max(1, length))
      let n = id.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { IDMask.write(b, to: $0.baseAddress!) }
      }
      #expect(n == length)
      #expect(Array(out.prefix(n)) == Self.expected(id), "length \(length)")
      #expect(IDMask.mask(String(decoding: id, as: UTF8.self)) == String(decoding: Self.expected(id), as: UTF8.self))
    }
    #expect(IDMask.mask("11010519491231002X") == "110105********002X")
    #expect(IDMask.mask("E12345678") == "E1*****78")
  }
}
