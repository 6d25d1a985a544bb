import NatReconIO
import Testing

/// SHA-256 against the FIPS 180-4 test vectors, whole and in odd-sized pieces.
@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func knownVectors(input: String, hex: String) {
    #expect(SHA256.hex(of: Array(input.utf8)) == hex)
  }

  @Test func chunkingDoesNotChangeTheDigest() {
    let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let whole = SHA256()
    whole.update(data)
    let pieces = SHA256()
    var i = 0
    var step = 1
    while i < data.count {
      let end = min(data.count, i + step)
      pieces.update(Array(data[i..<end]))
      i = end
      step = step * 3 % 127 + 1
    }
    #expect(whole.finalizeHex() == pieces.finalizeHex())
  }
}
