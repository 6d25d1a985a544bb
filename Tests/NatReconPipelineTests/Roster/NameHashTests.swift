import NatReconCore
import Testing

@testable import NatReconPipeline

/// `NameHash` against `ByteText.foldedName`, the allocating reference it must agree with,
/// and the masked-name rule of SPEC §3.
@Suite struct NameHashTests {
  static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    Array(s.utf8).withUnsafeBufferPointer(body)
  }

  static func referenceHash(_ s: String) -> UInt64 {
    let folded = withBytes(s) { ByteText.foldedName($0) }
    var h = NameHash.empty
    for byte in folded {
      h ^= UInt64(byte)
      h = h &* 0x0000_0100_0000_01B3
    }
    return h
  }

  @Test(arguments: [
    "张三", " 张三　", "ＡＢＣ", "Li Ｌｅｉ", "王　五", "", "　", "\t李四\r\n", "ｘ", "\u{FF5E}\u{FF01}",
    "\u{FF00}", "\u{FF5F}", "\u{E3}\u{80}",
  ])
  func hashEqualsTheHashOfTheFoldedName(name: String) {
    #expect(Self.withBytes(name) { NameHash.hash($0) } == Self.referenceHash(name))
  }

  @Test func foldedEqualNamesHashEqual() {
    #expect(Self.withBytes("ＬＩ　Ｌｅｉ") { NameHash.hash($0) } == Self.withBytes("LI Lei") { NameHash.hash($0) })
    #expect(Self.withBytes("张三") { NameHash.hash($0) } != Self.withBytes("张四") { NameHash.hash($0) })
  }

  @Test(arguments: [
    ("**文", true), ("张*", true), ("＊＊文", true), ("张＊", true), ("张三", false), ("", false),
    ("＋文", false), ("\u{FF0B}", false),
  ])
  func maskedNamesAreRecognised(name: String, masked: Bool) {
    #expect(Self.withBytes(name) { NameHash.isMasked($0) } == masked)
  }
}
