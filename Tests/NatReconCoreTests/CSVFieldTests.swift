import NatReconCore
import Testing

/// `CSVField.append`: RFC 4180 quoting only where SPEC §4 needs it.
@Suite struct CSVFieldTests {
  static func field(_ text: String) -> String {
    var out: [UInt8] = []
    var copy = text
    copy.withUTF8 { CSVField.append($0, to: &out) }
    return String(decoding: out, as: UTF8.self)
  }

  @Test(arguments: [
    ("", ""),
    ("plain", "plain"),
    ("张三 ；x", "张三 ；x"),
    ("a,b", "\"a,b\""),
    ("say \"hi\"", "\"say \"\"hi\"\"\""),
    ("line\nbreak", "\"line\nbreak\""),
    ("cr\r", "\"cr\r\""),
    ("\"", "\"\"\"\""),
  ])
  func quotesOnlyWhenNeeded(input: String, expected: String) {
    #expect(Self.field(input) == expected)
  }

  @Test func appendsAfterWhatIsThere() {
    var out = Array("x,".utf8)
    Array("a\"b".utf8).withUnsafeBufferPointer { CSVField.append($0, to: &out) }
    #expect(String(decoding: out, as: UTF8.self) == "x,\"a\"\"b\"")
  }
}
