import Testing

@testable import NatReconIO

/// Well-formed UTF-8 per Unicode Table 3-7, and the ASCII word test.
@Suite struct UTF8ScanTests {
  @Test(
    arguments: [
      ([0xC2, 0x80], 2), ([0xDF, 0xBF], 2), ([0xC1, 0xBF], 0), ([0xC2, 0x41], 0),
      ([0xE0, 0xA0, 0x80], 3), ([0xE0, 0x9F, 0x80], 0), ([0xED, 0x9F, 0xBF], 3),
      ([0xED, 0xA0, 0x80], 0), ([0xE4, 0xB8, 0xAD], 3), ([0xE4, 0xB8], 0),
      ([0xF0, 0x90, 0x80, 0x80], 4), ([0xF0, 0x8F, 0x80, 0x80], 0), ([0xF4, 0x8F, 0xBF, 0xBF], 4),
      ([0xF4, 0x90, 0x80, 0x80], 0), ([0xF5, 0x80, 0x80, 0x80], 0), ([0xFF], 0), ([0x80], 0),
    ] as [([UInt8], Int)])
  func sequenceLength(bytes: [UInt8], expected: Int) {
    let length = bytes.withUnsafeBufferPointer {
      UTF8Scan.sequenceLength($0.baseAddress.unsafelyUnwrapped, at: 0, end: bytes.count)
    }
    #expect(length == expected)
  }

  @Test func plainASCIIWords() {
    func word(_ text: String) -> UInt64 {
      Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }
    #expect(UTF8Scan.isPlainASCII(word("abcdefgh")))
    #expect(UTF8Scan.isPlainASCII(word("  ~~\u{7F}1,\"")))
    #expect(!UTF8Scan.isPlainASCII(word("abc\ndefg")))
    #expect(!UTF8Scan.isPlainASCII(word("abcdefg\r")))
    #expect(!UTF8Scan.isPlainASCII(word("\tbcdefgh")))
    #expect(!UTF8Scan.isPlainASCII(word("ab中def")))
    for position in 0..<8 {
      for byte: UInt8 in [0x00, 0x0A, 0x0D, 0x1F, 0x80, 0xFF] {
        var bytes = [UInt8](repeating: 0x20, count: 8)
        bytes[position] = byte
        #expect(!UTF8Scan.isPlainASCII(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
      }
    }
  }

  @Test func evidenceLeavesACutSequenceUndecidedUntilTheEnd() {
    let bytes: [UInt8] = [0xE4, 0xB8, 0xAD, 0xE4, 0xB8]
    let open = bytes.withUnsafeBufferPointer {
      EncodingEvidence.weigh($0.baseAddress.unsafelyUnwrapped, count: bytes.count, isComplete: false)
    }
    #expect(open.utf8Sequences == 1 && open.utf8InvalidBytes == 0 && !open.utf8CutAtEnd)
    let complete = bytes.withUnsafeBufferPointer {
      EncodingEvidence.weigh($0.baseAddress.unsafelyUnwrapped, count: bytes.count, isComplete: true)
    }
    #expect(complete.utf8Sequences == 1 && complete.utf8InvalidBytes == 0 && complete.utf8CutAtEnd)
    #expect(complete.choice == .utf8)
  }
}
