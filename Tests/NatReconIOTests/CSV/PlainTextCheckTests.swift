import Testing

@testable import NatReconIO

/// The record check's vector pre-pass (`CSVFileReader.check`: printable ASCII and the
/// common 3-byte sequences recognised 64 bytes at a time) against the byte-at-a-time
/// reference (`CSVFileReader.scan`): the same validity and line-end count for records of
/// random pieces — ASCII, CJK, the leads that need a range check (E0, ED), 2- and 4-byte
/// sequences, truncated and orphan bytes, NUL, tab, CR, LF — split into fields at random,
/// so sequences also straddle fields and 64-byte blocks.
@Suite struct PlainTextCheckTests {
  static let pieces: [[UInt8]] = [
    Array("abc".utf8), Array("2022-04-03 08:00:00".utf8), Array("310101199003071230".utf8), [0x20], [0x7F],
    Array("王芳".utf8), Array("阴性".utf8), Array("罗店组采样点".utf8), [0xE3, 0x80, 0x80], [0xE1, 0x80, 0x80],
    [0xEC, 0xBF, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBD], [0xE0, 0xA0, 0x80], [0xE0, 0x80, 0x80],
    [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0xE9, 0x98], [0xB4], [0xFF],
    [0x00], [0x09], [0x0D], [0x0A], [0x0D, 0x0A], [0x1F],
  ]

  static func compare(_ fields: [[UInt8]]) -> Bool {
    var bytes: [UInt8] = []
    var bounds = [0]
    for field in fields {
      bytes += field
      bounds.append(bytes.count)
    }
    bytes += [UInt8](repeating: 0xAA, count: 8)  // the batch's bytes go on past a record
    return bytes.withUnsafeBufferPointer { b in
      bounds.withUnsafeBufferPointer { o in
        let base = b.baseAddress.unsafelyUnwrapped
        let offsets = o.baseAddress.unsafelyUnwrapped
        let fast = CSVFileReader.check(base, bounds: offsets, fieldCount: fields.count)
        let reference = CSVFileReader.scan(base, bounds: offsets, fieldCount: fields.count)
        return fast == reference
      }
    }
  }

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomRecordsAgreeWithTheReference(seed: UInt64) {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var differences = 0
    var plain = 0
    for _ in 0..<4000 {
      // Mostly plain text (the fast answer), sometimes one piece of anything.
      let isPlain = next() % 2 == 0
      var bytes: [UInt8] = []
      for _ in 0..<(1 + next() % 40) {
        let piece = Self.pieces[Int(next() % (isPlain ? 12 : UInt64(Self.pieces.count)))]
        bytes += piece
      }
      var fields: [[UInt8]] = []
      var start = 0
      while start < bytes.count {
        let length = min(bytes.count - start, Int(next() % 30))
        fields.append(Array(bytes[start..<(start + length)]))
        start += length
      }
      if fields.isEmpty { fields = [[]] }
      if isPlain { plain += 1 }
      if !Self.compare(fields) { differences += 1 }
    }
    #expect(plain > 1000)
    #expect(differences == 0)
  }

  @Test func blockBoundariesAndTruncatedSequences() {
    let cjk = Array("阴".utf8)
    for length in 0...200 {
      var bytes = [UInt8](repeating: 0x61, count: length)
      bytes += cjk
      #expect(Self.compare([bytes]))
      #expect(Self.compare([Array(bytes.dropLast())]))
      #expect(Self.compare([Array(bytes.dropLast(2))]))
      #expect(Self.compare([Array(bytes.dropLast()), [bytes.last ?? 0]]))
      #expect(Self.compare([Array(bytes.dropLast(2)), Array(bytes.suffix(2))]))
    }
    #expect(Self.compare([]))
    #expect(Self.compare([[], []]))
  }
}
