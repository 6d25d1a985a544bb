import NatReconCore
import Testing

@Suite struct ResultClassifierTests {
  private static let plain = ResultClassifier(map: [:])

  @Test(arguments: [
    // Built-in words (SPEC §2.3).
    ("阴性", TestResult.negative), ("negative", .negative), ("neg", .negative),
    ("N", .negative), ("-", .negative),
    ("阳性", .positive), ("混管阳性", .positive), ("混管可疑阳性", .positive),
    ("positive", .positive), ("pos", .positive), ("P", .positive), ("+", .positive),
    ("待出", .pending), ("报告未出", .pending), ("待检测", .pending), ("检测中", .pending),
    ("待复核", .pending), ("pending", .pending),
    ("无效", .invalid), ("样本不合格", .invalid), ("invalid", .invalid),
    // Latin letters in any case.
    ("NEGATIVE", .negative), ("Negative", .negative), ("nEg", .negative), ("n", .negative),
    ("POSITIVE", .positive), ("Pos", .positive), ("p", .positive), ("PENDING", .pending),
    ("Invalid", .invalid),
    // Trimmed; empty is pending (SPEC §8).
    ("  阴性 ", .negative), ("\u{3000}阳性\u{3000}", .positive), ("\tneg\r\n", .negative),
    ("", .pending), ("   ", .pending), ("\u{3000}", .pending),
    // Contains 阳性 → positive, else contains 阴性 → negative.
    ("ORF1a/b阴性，N基因阴性", .negative), ("新冠病毒核酸检测阴性", .negative),
    ("ORF1a/b阳性，N基因阴性", .positive), ("阴性(-)", .negative), ("疑似阳性", .positive),
    ("阳性阴性", .positive), ("阴性阳性", .positive),
  ])
  func builtIns(input: String, expected: TestResult) {
    #expect(Self.plain.classify(input) == expected)
    let fromBytes = Array(input.utf8).withUnsafeBufferPointer { Self.plain.classify($0) }
    #expect(fromBytes == expected)
  }

  @Test(arguments: [
    "未知", "已作废", "#N/A", "见报告", "1", "0", "2", "01", "1.0", "negativ", "negatives",
    "posit", "neg.", "NN", "--", "++", "阴", "阳", "性", "ｎｅｇ", "Ｎ", "－", "阴 性", "not tested",
    "弱阳", "null",
  ])
  func unknownWithoutAMap(input: String) {
    #expect(Self.plain.classify(input) == nil)
  }

  @Test(arguments: [
    // Numbers only through the map.
    ("1", TestResult?.some(.negative)), ("2", .positive), (" 1 ", .negative), ("3", nil),
    // The map comes first, also over a built-in word, case-insensitively.
    ("N", .positive), ("n", .positive), ("阴性", .negative), ("Pos", .negative),
    ("pos", .negative), ("POS", .negative),
    // Keys are trimmed; values too.
    ("已作废", .invalid), ("  已作废 ", .invalid), ("Neg", .negative),
    // Words the map does not name fall through to the built-ins and the contains rule.
    ("positive", .positive), ("N基因阳性", .positive), ("", .pending), ("未知", nil),
    // Case folding covers the whole Latin alphabet, A to Z.
    ("AZ", .invalid), ("az", .invalid), ("Az", .invalid),
    // …and only it: the bytes next to A and Z (@, [) are not lowered to `, {.
    ("`", .negative), ("@", nil), ("{", .negative), ("[", nil),
  ])
  func mapFirst(input: String, expected: TestResult?) {
    let classifier = ResultClassifier(map: [
      "1": .negative, "2": .positive, "N": .positive, " pOS ": .negative, "\u{3000}已作废": .invalid,
      "aZ": .invalid, "`": .negative, "{": .negative,
    ])
    #expect(classifier.classify(input) == expected)
    let fromBytes = Array(input.utf8).withUnsafeBufferPointer { classifier.classify($0) }
    #expect(fromBytes == expected)
  }

  @Test func emptyMapKeysAreIgnored() {
    let classifier = ResultClassifier(map: ["": .positive, "  ": .invalid])
    #expect(classifier.classify("") == .pending)
    #expect(classifier.classify(" ") == .pending)
  }

  @Test func ambiguousKeysResolveToTheFirstInSortedOrder() {
    // " n" sorts before "N" and "n" (space is 0x20): it wins; the others are reported.
    let classifier = ResultClassifier(map: ["n": .negative, "N": .positive, " n": .invalid])
    #expect(classifier.classify("n") == .invalid)
    #expect(classifier.classify("N") == .invalid)
    #expect(classifier.ambiguousKeys == ["N", "n"])
    let agreeing = ResultClassifier(map: ["neg": .negative, "NEG": .negative])
    #expect(agreeing.ambiguousKeys.isEmpty)
  }

  @Test func mapResultIsNotOverriddenByTheContainsRule() {
    let classifier = ResultClassifier(map: ["阴性转阳性?": .pending])
    #expect(classifier.classify("阴性转阳性?") == .pending)
    #expect(Self.plain.classify("阴性转阳性?") == .positive)
  }

  @Test(arguments: [
    [0xFF, 0xFE] as [UInt8],
    [0xE9, 0x98, 0xB3, 0xE6, 0x80],  // 阳性 cut short
    [0xE9, 0x98, 0xB4, 0xE6, 0x80, 0xA8],  // 阴 followed by U+6028, not 性
  ])
  func strayBytesAreUnknown(bytes: [UInt8]) {
    #expect(bytes.withUnsafeBufferPointer { Self.plain.classify($0) } == nil)
  }
}
