import NatReconIO
import Testing

/// The fast scanner's structural-byte search (`StructuralIndex`, CStructuralScan): every
/// vector level this CPU runs (SSE2, AVX2) finds the same offsets as the scalar level,
/// which is checked against a plain filter, at every length and alignment around the
/// 64-byte blocks and on random bytes weighted towards the four structural ones.
@Suite struct StructuralScanTests {
  static func expected(_ bytes: [UInt8]) -> [Int] {
    bytes.indices.filter { [0x2C, 0x22, 0x0D, 0x0A].contains(bytes[$0]) }
  }

  static func expectAllLevels(_ bytes: [UInt8], offset: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) {
    let want = expected(Array(bytes[offset...]))
    bytes.withUnsafeBytes { raw in
      let slice = UnsafeRawBufferPointer(rebasing: raw[offset...])
      for level in StructuralScan.levels {
        #expect(
          StructuralScan.offsets(slice, level: level) == want, "level \(level), \(bytes.count - offset) bytes",
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test func levelsIncludeTheScalarReferenceAndTheReaderLevel() {
    #expect(StructuralScan.levels.first == 0)
    #expect(StructuralScan.levels.contains(StructuralScan.readerLevel))
    #if arch(x86_64)
      #expect(StructuralScan.levels.count >= 2, "SSE2 runs on every x86_64")
    #endif
  }

  @Test func everyLengthAndAlignmentAroundTheBlocks() {
    // Structural bytes at the first and last byte of each block, and a NUL tail (the
    // padding of the last block is zeros: never structural).
    var bytes: [UInt8] = []
    for i in 0..<300 {
      bytes.append(
        i % 64 == 0 || i % 64 == 63 ? [0x2C, 0x22, 0x0D, 0x0A][i / 64 % 4] : (i % 7 == 0 ? 0x2C : UInt8(0x41 + i % 26)))
    }
    for length in 0...200 {
      for offset in [0, 1, 7, 31, 63] where offset <= length {
        Self.expectAllLevels(Array(bytes[0..<length]), offset: offset)
      }
    }
    Self.expectAllLevels([UInt8](repeating: 0x2C, count: 257))
    Self.expectAllLevels([UInt8](repeating: 0, count: 130))
    Self.expectAllLevels(Array((0...255).map { UInt8($0) }))
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func randomBytes(seed: UInt64) {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    for _ in 0..<200 {
      let length = Int(next() % 1000)
      let bytes = (0..<length).map { _ in
        let r = next()
        return r % 4 == 0
          ? [0x2C, 0x22, 0x0D, 0x0A, 0xAC, 0xA2, 0x8D, 0x8A][Int(r >> 8) % 8] : UInt8(truncatingIfNeeded: r >> 16)
      }
      Self.expectAllLevels(bytes, offset: length > 0 ? Int(next() % UInt64(min(length, 64))) : 0)
    }
  }
}
