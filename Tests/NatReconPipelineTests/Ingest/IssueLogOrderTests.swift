import NatReconCore
import NatReconGenerator
import Testing

@testable import NatReconPipeline

/// `IssueLog.sorted()` (data_issues.csv order: file by UTF-8 bytes, then line, then the
/// order found) against the plain comparator sort it replaced, on issues that arrive
/// interleaved from several files, with ties on a line and file names that byte order
/// and `String` order would sort differently.
@Suite struct IssueLogOrderTests {
  static let files = [
    "tests/b.csv", "tests/a.csv", "名单.csv", "z.csv", "Z.csv", "tests/a.csv.gz", "é.csv", "e\u{301}.csv",
  ]

  /// The reference: keys of file bytes, line and position, compared in full each time.
  static func reference(_ issues: [DataIssue]) -> [DataIssue] {
    issues.enumerated().sorted { a, b in
      let (x, y) = (Array(a.element.file.utf8), Array(b.element.file.utf8))
      if x != y { return x.lexicographicallyPrecedes(y) }
      if a.element.line != b.element.line { return a.element.line < b.element.line }
      return a.offset < b.offset
    }.map(\.element)
  }

  static func describe(_ issues: [DataIssue]) -> [String] {
    issues.map { "\($0.file):\($0.line):\($0.code.rawValue):\($0.message)" }
  }

  @Test(arguments: [0, 1, 2, 500])
  func sortedMatchesTheReference(count: Int) {
    var log = IssueLog()
    var random = SplitMix64(seed: UInt64(count) + 7)
    for i in 0..<count {
      // Runs of one file, as workers add them, broken now and then by another file.
      let file = Self.files[Int(random.next() % 8) / (i % 5 == 0 ? 1 : 4)]
      let code: DataIssueCode = random.next() % 2 == 0 ? .badTime : .invalidID
      log.add(DataIssue(file: file, line: Int(random.next() % 40), field: "f", value: "", code: code, message: "#\(i)"))
    }
    let sorted = log.sorted()
    #expect(sorted.count == count)
    #expect(Self.describe(sorted) == Self.describe(Self.reference(log.issues)))
    if count == 500 {
      // The decomposed and the composed é (equal as `String`s) are two files, in byte order.
      let names = sorted.map { Array($0.file.utf8) }
      let decomposed = names.firstIndex(of: Array("e\u{301}.csv".utf8))
      let composed = names.firstIndex(of: Array("é.csv".utf8))
      #expect(decomposed != nil && composed != nil && decomposed ?? 0 < composed ?? 0)
    }
  }
}
