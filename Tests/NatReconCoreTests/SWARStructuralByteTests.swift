import NatReconCore
import NatReconTestSupport
import Testing

/// `SWAR.hasCSVStructuralByte` (a below-0x2D filter, then the exact test) against
/// `csvStructuralBytes` (the exact test alone): every byte value at every position of
/// words of plain bytes, words mixing bytes just below and above the filter's bound, and
/// seeded random words.
@Suite struct SWARStructuralByteTests {
  static func expectAgree(_ word: UInt64, _ failures: inout [UInt64]) {
    if SWAR.hasCSVStructuralByte(word) != (SWAR.csvStructuralBytes(word) != 0) { failures.append(word) }
  }

  @Test func everyByteAtEveryPosition() {
    var failures: [UInt64] = []
    for plain in [0x6161_6161_6161_6161 as UInt64, 0xE4B8_ADE5_9BBD_E4BA, 0x2D2D_2D2D_2D2D_2D2D, 0x8080_8080_8080_8080]
    {
      for position in 0..<8 {
        for byte in 0...255 {
          let shift = UInt64(8 * position)
          Self.expectAgree(plain & ~(0xFF << shift) | UInt64(byte) << shift, &failures)
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test func seededRandomWords() {
    var random = SplitMix64(seed: 0x2D)
    let bytes: [UInt64] = [0x00, 0x0A, 0x0D, 0x20, 0x22, 0x2B, 0x2C, 0x2D, 0x2E, 0x7F, 0x80, 0xAC, 0xAD, 0xFF]
    var failures: [UInt64] = []
    for _ in 0..<100_000 {
      var word = random.next()
      for position in 0..<8 where random.below(3) == 0 {
        let shift = UInt64(8 * position)
        word = word & ~(0xFF << shift) | bytes[random.below(bytes.count)] << shift
      }
      Self.expectAgree(word, &failures)
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }
}
