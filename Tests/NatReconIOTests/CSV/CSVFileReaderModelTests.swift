import Testing

@testable import NatReconIO

/// The reader against a reference model: seeded random CSV large enough to cross many
/// chunk boundaries, with quoted commas, quotes and line ends, blank lines and every kind
/// of line end; every record's fields and start line must match what was written.
@Suite struct CSVFileReaderModelTests {
  struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  /// Writes records; returns the file text and the expected records.
  static func generate(seed: UInt64, records: Int) -> (String, [ReadRecord]) {
    var random = SplitMix64(state: seed)
    let endings = ["\n", "\r\n", "\r"]
    let words = ["张三", "李四", "x", "abc", "上海市徐汇区", "12345678901234567X", "", "阴性"]
    var text = "id,name,note\n"
    var line = 2
    var expected: [ReadRecord] = []
    for _ in 0..<records {
      var fields: [String] = []
      var raw: [String] = []
      var linesInRecord = 0
      for _ in 0..<3 {
        let word = words[random.below(words.count)]
        switch random.below(6) {
        case 0:  // quoted with a comma and a doubled quote
          fields.append(word + ",\"" + word)
          raw.append("\"" + word + ",\"\"" + word + "\"")
        case 1:  // quoted line end
          let ending = endings[random.below(3)]
          fields.append(word + ending + word)
          raw.append("\"" + word + ending + word + "\"")
          linesInRecord += 1
        default:
          fields.append(word)
          raw.append(word)
        }
      }
      expected.append(ReadRecord(line: line, fields))
      text += raw.joined(separator: ",")
      line += linesInRecord
      // One line end, sometimes followed by blank lines.
      let ending = endings[random.below(3)]
      text += ending
      line += 1
      if random.below(10) == 0 {
        let blank = random.below(2) == 0 ? "  " : ""
        // A blank line after a CR must not start with LF (CR LF would be one ending).
        let blankEnding = ending == "\r" ? "\r" : endings[random.below(3)]
        text += blank + blankEnding
        line += 1
      }
    }
    return (text, expected)
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func randomFileMatchesModel(seed: UInt64) throws {
    let (text, expected) = Self.generate(seed: seed, records: 40_000)
    #expect(text.utf8.count > 3 * ReaderBuffers.chunkBytes)
    let result = try readText(text)
    #expect(result.header == ["id", "name", "note"])
    #expect(result.records.count == expected.count)
    let firstMismatch = zip(result.records, expected).first { $0 != $1 }
    #expect(
      firstMismatch == nil,
      "got \(firstMismatch.map { "\($0.0)" } ?? ""), expected \(firstMismatch.map { "\($0.1)" } ?? "")")
  }

  @Test func gzipFileMatchesModel() throws {
    let (text, expected) = Self.generate(seed: 7, records: 30_000)
    let result = try readAll(Scratch.gzipFile(Array(text.utf8)))
    #expect(result.reader.compression == .gzip)
    #expect(result.records == expected)
  }

  @Test func gb18030FileMatchesModel() throws {
    let (text, expected) = Self.generate(seed: 8, records: 30_000)
    let result = try readAll(Scratch.file(Scratch.gb18030(text)))
    #expect(result.reader.resolvedEncoding == .gb18030)
    #expect(result.records == expected)
  }
}
