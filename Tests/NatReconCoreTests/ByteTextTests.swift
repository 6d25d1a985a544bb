import Testing

@testable import NatReconCore

/// Runs `body` on the UTF-8 bytes of `s`.
private func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
  Array(s.utf8).withUnsafeBufferPointer(body)
}

@Suite struct ByteTextTests {
  @Test(arguments: [
    ("abc", "abc"),
    ("  abc  ", "abc"),
    ("\tabc\t", "abc"),
    ("\r\nabc\r\n", "abc"),
    ("\u{3000}张三\u{3000}", "张三"),
    (" \u{3000}\t\u{3000} a b \u{3000}\r\n", "a b"),
    ("a\u{3000}b", "a\u{3000}b"),
    ("a \t b", "a \t b"),
    ("", ""),
    ("   ", ""),
    ("\u{3000}\u{3000}", ""),
    ("\u{00A0}x\u{00A0}", "\u{00A0}x\u{00A0}"),  // NBSP is not in SPEC §8's list
    ("\u{FF01}", "\u{FF01}"),  // trimming does not fold
  ])
  func trimmed(input: String, expected: String) {
    #expect(withBytes(input) { String(decoding: ByteText.trimmed($0), as: UTF8.self) } == expected)
    #expect(ByteText.trimmed(input) == expected)
  }

  @Test func trimmedReturnsAViewIntoTheInput() {
    let bytes = Array("  abc ".utf8)
    bytes.withUnsafeBufferPointer { b in
      let t = ByteText.trimmed(b)
      #expect(t.baseAddress == b.baseAddress.map { $0 + 2 })
      #expect(t.count == 3)
    }
  }

  /// A zero-length field may come as a buffer without a base address; every byte-level
  /// entry point treats it as an empty value.
  @Test func bufferWithoutBaseAddressIsEmpty() {
    let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    #expect(ByteText.trimmed(none).isEmpty)
    #expect(ByteText.foldedName(none).isEmpty)
    #expect(ResidentID.parse(none, latestBirthDate: 20_220_403) == .empty)
    #expect(Timestamp.parse(none) == nil)
    #expect(ResultClassifier(map: ["x": .positive]).classify(none) == .pending)
  }

  @Test(arguments: [
    // A truncated U+3000 (E3 80) is not white space and stays.
    ([0xE3, 0x80, 0x61, 0xE3, 0x80] as [UInt8], [0xE3, 0x80, 0x61, 0xE3, 0x80] as [UInt8]),
    ([0xE3, 0x80, 0x80, 0x61, 0xE3, 0x80, 0x80], [0x61]),
    ([0x80, 0x80, 0x61], [0x80, 0x80, 0x61]),
    ([0x61, 0x80, 0x80], [0x61, 0x80, 0x80]),
    ([0x20, 0xFF, 0x20], [0xFF]),
  ])
  func trimmedBytes(input: [UInt8], expected: [UInt8]) {
    let actual = input.withUnsafeBufferPointer { Array(ByteText.trimmed($0)) }
    #expect(actual == expected)
  }

  /// The inlined one-look-per-end fast path of `trimmed` against the full trim
  /// (`trimmedEnds`), on every value of up to 4 bytes from the bytes that matter.
  @Test func trimmedFastPathAgreesWithTheFullTrim() {
    let alphabet: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x61, 0x80, 0xE3, 0xFF]
    var values: [[UInt8]] = [[]]
    var last: [[UInt8]] = [[]]
    for _ in 1...4 {
      last = last.flatMap { prefix in alphabet.map { prefix + [$0] } }
      values += last
    }
    values += [[0xE3, 0x80, 0x80], [0x61, 0xE3, 0x80, 0x80], [0xE3, 0x80, 0x80, 0x61]]
    var differences = 0
    for value in values {
      value.withUnsafeBufferPointer { b in
        let fast = ByteText.trimmed(b)
        let full = ByteText.trimmedEnds(b)
        if fast.baseAddress != full.baseAddress || fast.count != full.count { differences += 1 }
      }
    }
    #expect(values.count > 16_000)
    #expect(differences == 0)
  }

  @Test(arguments: [
    ("张三", "张三"),
    ("\u{3000}张三\u{3000}", "张三"),
    ("李\u{3000}四", "李 四"),
    ("Ｊｏｈｎ\u{3000}Ｓｍｉｔｈ", "John Smith"),
    ("！～", "!~"),  // U+FF01 and U+FF5E, the ends of the folded range
    ("Ａ１ａ", "A1a"),  // folding keeps case
    ("｟￥", "｟￥"),  // U+FF5F and U+FFE5 lie outside the range
    ("  Tom  Lee ", "Tom  Lee"),  // inner spaces are kept
    ("", ""),
  ])
  func foldedName(input: String, expected: String) {
    #expect(withBytes(input) { ByteText.foldedName($0) } == Array(expected.utf8))
    #expect(ByteText.foldedName(input) == expected)
  }

  @Test func foldedNameKeepsInvalidBytes() {
    let input: [UInt8] = [0xEF, 0xBC, 0x80, 0xEF, 0xBC, 0x81, 0xEF, 0xBC]
    let folded = input.withUnsafeBufferPointer { ByteText.foldedName($0) }
    #expect(folded == [0xEF, 0xBC, 0x80, 0x21, 0xEF, 0xBC])
  }
}
