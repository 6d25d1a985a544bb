import NatReconCore
import Testing

/// `TextEscape`: the one escaping walk and its JSON table.
@Suite struct TextEscapeTests {
  @Test func jsonStringEscapesQuotesBackslashesAndControls() {
    #expect(TextEscape.jsonString("plain 张三") == "plain 张三")
    #expect(TextEscape.jsonString("a\"b\\c") == "a\\\"b\\\\c")
    #expect(TextEscape.jsonString("l1\nl2\r\t") == "l1\\nl2\\r\\t")
    #expect(TextEscape.jsonString("\u{1}\u{1f}\u{7f}") == "\\u0001\\u001f\u{7f}")
  }

  @Test func escapingReplacesOnlyWhatTheTableNames() {
    let out = TextEscape.escaping("a-b-c") { $0 == "-" ? "+-+" : nil }
    #expect(out == "a+-+b+-+c")
    #expect(TextEscape.escaping("") { _ in "x" } == "")
  }
}
