import Testing

@testable import NatReconPipeline

/// `EncodedTexts` holds each string as the CSV writer's field methods write it (RFC 4180
/// quoting only where needed), followed by the comma a row puts after it.
@Suite struct EncodedTextsTests {
  @Test func eachStringIsItsQuotedFieldAndAComma() {
    let texts = ["", "云锦小区", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "1号", String(repeating: "长", count: 40)]
    let encoded = EncodedTexts(texts)
    for (k, text) in texts.enumerated() {
      let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      let field = needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
      #expect(Array(encoded.field(UInt32(k))) == Array((field + ",").utf8), "\(text)")
    }
    #expect(encoded.maxFieldBytes == 121)
  }

  @Test func noStringsAtAll() {
    #expect(EncodedTexts([]).maxFieldBytes == 1)
  }
}
