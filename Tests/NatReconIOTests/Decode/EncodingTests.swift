import Testing

@testable import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

/// UTF-8, GB18030, `auto` detection and bad bytes (SPEC §2, §8 "Reading").
@Suite struct EncodingTests {
  static let chineseTests = "证件号码,姓名,采样时间,检测结果\n310101199001011234,张三,2022-04-01 08:00,阴性\n"

  @Test func gb18030FileIsDetectedAndDecoded() throws {
    let path = Scratch.file(Scratch.gb18030(Self.chineseTests))
    let result = try readAll(path)
    #expect(result.reader.resolvedEncoding == .gb18030)
    #expect(result.header == ["证件号码", "姓名", "采样时间", "检测结果"])
    #expect(result.records == [ReadRecord(line: 2, ["310101199001011234", "张三", "2022-04-01 08:00", "阴性"])])
    let header = try #require(result.header)
    let mapping = try HeaderMapping.resolve(
      headers: header, kind: HeaderMapping.guessKind(headers: header), explicitNames: [:], path: path)
    #expect(mapping.kind == .tests)
    #expect(mapping.column(of: .idNumber) == 0)
    #expect(mapping.column(of: .result) == 3)
  }

  @Test func gb18030Declared() throws {
    let result = try readAll(Scratch.file(Scratch.gb18030(Self.chineseTests)), encoding: .gb18030)
    #expect(result.reader.resolvedEncoding == .gb18030)
    #expect(result.records.first?.fields[1] == "张三")
  }

  @Test func gb18030FourByteCharacters() throws {
    // U+20000 (𠀀) takes 4 bytes in GB18030; € is A2 E3.
    let text = "a,b\n𠀀,€\n"
    let result = try readAll(Scratch.file(Scratch.gb18030(text)), encoding: .gb18030)
    #expect(result.values == [["𠀀", "€"]])
  }

  @Test func utf8Detected() throws {
    let result = try readText(Self.chineseTests)
    #expect(result.reader.resolvedEncoding == .utf8)
    #expect(result.records.first?.fields[1] == "张三")
  }

  @Test func asciiFileIsUTF8() throws {
    let result = try readText("a,b\n1,2\n")
    #expect(result.reader.resolvedEncoding == .utf8)
  }

  @Test func gb18030DeclaredAsUTF8IsBadEncodingPerRecord() throws {
    let bytes = Array("a,b\n1,ok\n".utf8) + Scratch.gb18030("2,张三\n") + Array("3,fine\n".utf8)
    let result = try readAll(Scratch.file(bytes), encoding: .utf8)
    #expect(result.lines == [2, 3, 4])
    #expect(result.records.map(\.problem) == [nil, .badEncoding, nil])
    #expect(result.records[2].fields == ["3", "fine"])
  }

  @Test func invalidUTF8BytesMarkOnlyTheirRecord() throws {
    // A stray continuation byte, an overlong form, a surrogate, a truncated sequence.
    let bad: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE4, 0xB8]]
    var bytes = Array("a,b\n".utf8)
    for sequence in bad { bytes += Array("x,".utf8) + sequence + Array("y\nok,张三\n".utf8) }
    let result = try readAll(Scratch.file(bytes), encoding: .utf8)
    #expect(result.records.count == 8)
    #expect(result.records.map(\.problem) == Array(repeating: [.badEncoding, nil], count: 4).flatMap { $0 })
    #expect(result.lines == Array(2...9))
  }

  @Test func sequenceSplitByADelimiterIsInvalid() throws {
    // E4 B8 | , | AD: each field holds half a character.
    let bytes = Array("a,b\n".utf8) + [0xE4, 0xB8, 0x2C, 0xAD] + Array("\n".utf8)
    let result = try readAll(Scratch.file(bytes), encoding: .utf8)
    #expect(result.records.map(\.problem) == [.badEncoding])
  }

  @Test func invalidGB18030BytesAreBadEncoding() throws {
    // 0x80 and 0xFF cannot start a GB18030 character; 0x81 0x20 is cut short.
    let bytes =
      Scratch.gb18030("姓名,值\n张三,1\n") + [0x80] + Array(",2\n".utf8) + [0x81, 0x20, 0x2C, 0x33, 0x0A]
      + Scratch.gb18030("李四,4\n") + [0xFF]
    let result = try readAll(Scratch.file(bytes), encoding: .gb18030)
    #expect(result.values.count == 5)
    #expect(result.records.map(\.problem) == [nil, .badEncoding, .badEncoding, nil, .badEncoding])
    #expect(result.records[2].fields[1] == "3")  // The ASCII after a bad lead byte survives.
    #expect(result.records[3].fields == ["李四", "4"])
  }

  @Test func headerWithBadBytesMatchesNoAlias() throws {
    let bytes = Array("证件号码,".utf8) + [0xD0, 0xD5] + Array("\n1,2\n".utf8)
    let result = try readAll(Scratch.file(bytes), encoding: .utf8)
    let header = try #require(result.header)
    #expect(header[1].contains("\u{FFFD}"))
    let mapping = HeaderMapping(headers: header, kind: .roster)
    #expect(mapping.column(of: .name) == nil)
    #expect(mapping.unmappedHeaders == [header[1]])
  }

  @Test func autoKeepsUTF8WithAFewBadBytes() throws {
    var bytes = Array("姓名,值\n".utf8)
    for i in 0..<200 { bytes += Array("张三丰,\(i)\n".utf8) }
    bytes += [0xD5, 0xC5] + Array(",bad\n".utf8)
    let result = try readAll(Scratch.file(bytes))
    #expect(result.reader.resolvedEncoding == .utf8)
    #expect(result.records.filter { $0.problem == .badEncoding }.map(\.line) == [202])
    #expect(result.records[0].fields == ["张三丰", "0"])
  }

  @Test func autoDecidesAtTheFirstNonASCIIByte() throws {
    // More than a chunk and more than the sniff window of ASCII, then GB18030.
    var text = "id,name\n"
    var asciiRecords = 0
    while text.utf8.count < ReaderBuffers.sniffWindowBytes + ReaderBuffers.chunkBytes {
      text += "310101199001011234,zhang\n"
      asciiRecords += 1
    }
    let bytes = Array(text.utf8) + Scratch.gb18030("310101199001011234,张三\n")
    let result = try readAll(Scratch.file(bytes))
    #expect(result.reader.resolvedEncoding == .gb18030)
    #expect(result.records.count == asciiRecords + 1)
    #expect(result.records.last?.fields == ["310101199001011234", "张三"])
    #expect(result.records.allSatisfy { $0.problem == nil })
  }

  /// Ambiguous files for `encoding: auto` (SPEC §8): each with the encoding the evidence
  /// must choose and the lines that must be `bad_encoding`.
  static let ambiguousCorpus: [(name: String, bytes: [UInt8], expected: TextEncoding, badLines: [Int])] = [
    // A UTF-8 file whose last character is cut off: UTF-8, that record bad_encoding (not
    // 张三 → 寮犱笁).
    ("truncated UTF-8", Array("姓名,值\n张三,1\n李四,".utf8) + [0xE4, 0xB8], .utf8, [3]),
    ("truncated UTF-8, one character", Array(Array("a,b\n1,张".utf8).dropLast(1)), .utf8, [2]),
    // GB18030 whose bytes happen to be valid UTF-8 (each pair reads as a two-byte
    // sequence: 小 D0A1 reads as Cyrillic С, 史 CAB7 as Greek): GB18030 by its common
    // characters.
    ("tiny GB18030 valid as UTF-8", Scratch.gb18030("a,b\n1,小\n"), .gb18030, []),
    ("short GB18030 valid as UTF-8", Scratch.gb18030("name,id\n史小,1\n毛牛,2\n"), .gb18030, []),
    ("plain GB18030", Scratch.gb18030("姓名,值\n张三,1\n王芳,2\n"), .gb18030, []),
    ("ASCII only", Array("a,b\n1,2\n".utf8), .utf8, []),
    ("tiny UTF-8", Array("a\n张\n".utf8), .utf8, []),
    // UTF-8 Latin names: as GB18030 they would be common hanzi next to Latin letters.
    ("UTF-8 Latin names", Array("name,id\nJosé Müller,1\nRené,2\n".utf8), .utf8, []),
    // Windows-1252 Latin-1 (neither encoding): UTF-8 with bad_encoding records, not
    // GB18030 mojibake of rare characters.
    ("Latin-1", Array("name,id\nJos".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller,1\n".utf8), .utf8, [2]),
    // Mixed: a UTF-8 export with one GB18030 record among many good ones.
    (
      "mixed, mostly UTF-8",
      Array(("姓名,值\n" + String(repeating: "张三丰,1\n", count: 40)).utf8) + Scratch.gb18030("王芳,2\n"), .utf8, [42]
    ),
    // Mixed the other way: GB18030 with one UTF-8 record, whose bytes read as valid
    // (rare) GB18030 characters: the file is GB18030, that record cannot be told apart.
    (
      "mixed, mostly GB18030",
      Scratch.gb18030("姓名,值\n" + String(repeating: "张三丰,1\n", count: 40)) + Array("王芳,2\n".utf8), .gb18030, []
    ),
  ]

  @Test(arguments: 0..<ambiguousCorpus.count)
  func autoWeighsTheEvidence(index: Int) throws {
    let item = Self.ambiguousCorpus[index]
    let result = try readAll(Scratch.file(item.bytes))
    #expect(
      result.reader.resolvedEncoding == item.expected,
      "\(item.name): \(String(describing: result.reader.encodingEvidence))")
    #expect(result.records.filter { $0.problem == .badEncoding }.map(\.line) == item.badLines, "\(item.name)")
    #expect(result.reader.encodingEvidence != nil || item.name == "ASCII only")
  }

  @Test func gb18030AcrossChunkBoundaries() throws {
    // Vary the ASCII prefix so two-byte characters straddle chunk boundaries at every
    // offset; compare with the UTF-8 original record by record.
    var text = "证件号码,姓名,采样点\n"
    var expected: [[String]] = []
    var n = 0
    while text.utf8.count < 3 * ReaderBuffers.chunkBytes {
      let pad = String(repeating: "9", count: n % 7)
      let row = ["31010119900101\(pad)", "欧阳娜娜𠀀", "徐汇区龙华街道采样点\(n)"]
      expected.append(row)
      text += row.joined(separator: ",") + "\r\n"
      n += 1
    }
    for encoding in [TextEncoding.auto, .gb18030] {
      let result = try readAll(Scratch.file(Scratch.gb18030(text)), encoding: encoding)
      #expect(result.reader.resolvedEncoding == .gb18030)
      #expect(result.values == expected)
      #expect(result.records.allSatisfy { $0.problem == nil })
      #expect(result.lines.last == expected.count + 1)
    }
  }

  @Test func utf8AcrossChunkBoundariesIsValid() throws {
    var text = "a,b\n"
    var count = 0
    while text.utf8.count < 3 * ReaderBuffers.chunkBytes {
      text += "\(String(repeating: "x", count: count % 5)),徐汇区𠀀\n"
      count += 1
    }
    let result = try readText(text, encoding: .utf8)
    #expect(result.records.count == count)
    #expect(result.records.allSatisfy { $0.problem == nil && $0.fields[1] == "徐汇区𠀀" })
  }
}

/// The table-driven GB18030 decoder against iconv itself.
@Suite struct GB18030DecoderTests {
  /// Decodes `bytes` in chunks of `chunk` bytes, as the reader does.
  static func decode(_ bytes: [UInt8], chunk: Int) throws -> [UInt8] {
    let decoder = try GB18030Decoder(displayPath: "x")
    var output: [UInt8] = []
    let headroom = ReaderBuffers.headroomBytes
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: headroom + max(chunk, 1))
    defer { buffer.deallocate() }
    var offset = 0
    repeat {
      let count = min(chunk, bytes.count - offset)
      for k in 0..<count { buffer[headroom + k] = bytes[offset + k] }
      offset += count
      try decoder.decode(buffer + headroom, count: count, isLast: false) { start, length in
        output += UnsafeBufferPointer(start: start, count: length)
      }
    } while offset < bytes.count
    try decoder.decode(buffer + headroom, count: 0, isLast: true) { start, length in
      output += UnsafeBufferPointer(start: start, count: length)
    }
    return output
  }

  /// Every byte sequence of `lines` (one per line, LF-separated) as iconv(3) decodes it:
  /// a line iconv rejects (EILSEQ, EINVAL) becomes the single byte 0xFF.
  static func viaIconv(_ lines: [UInt8]) -> [UInt8] {
    let converter = iconv_open("UTF-8", "GB18030")
    defer { iconv_close(converter) }
    var output = [UInt8](repeating: 0, count: lines.count * 2 + 16)
    var produced = 0
    var input = lines
    input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        let base = source.baseAddress.unsafelyUnwrapped
        var consumed = 0
        while consumed < source.count {
          let lineStart = consumed
          let lineOut = produced
          var end = lineStart
          while base[end] != 0x0A { end += 1 }
          var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base + lineStart)
            .assumingMemoryBound(to: CChar.self)
          var inLeft = end + 1 - lineStart
          var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
            target.baseAddress.unsafelyUnwrapped + produced
          ).assumingMemoryBound(to: CChar.self)
          var outLeft = target.count - produced
          let before = outLeft
          let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
          if status == -1 || inLeft != 0 {
            iconv(converter, nil, nil, nil, nil)
            target[lineOut] = GB18030Decoder.invalidMarker
            target[lineOut + 1] = 0x0A
            produced = lineOut + 2
          } else {
            produced += before - outLeft
          }
          consumed = end + 1
        }
      }
    }
    return Array(output[0..<produced])
  }

  /// The decoder's output with every line that holds an invalid marker collapsed to that
  /// one marker (iconv rejects a line as a whole; the decoder marks each bad byte).
  static func collapsingInvalidLines(_ decoded: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(decoded.count)
    decoded.withUnsafeBufferPointer { bytes in
      var start = 0
      while start < bytes.count {
        var end = start
        var isInvalid = false
        while end < bytes.count && bytes[end] != 0x0A {
          if bytes[end] == GB18030Decoder.invalidMarker { isInvalid = true }
          end += 1
        }
        if isInvalid {
          result.append(GB18030Decoder.invalidMarker)
        } else {
          result += bytes[start..<end]
        }
        if end < bytes.count { result.append(0x0A) }
        start = end + 1
      }
    }
    return result
  }

  /// Compares the decoder with iconv(3) over `lines` and reports the first differing line.
  static func expectSameAsIconv(_ lines: [UInt8], minimumValid: Int) throws {
    let expected = viaIconv(lines)
    let decoded = collapsingInvalidLines(try decode(lines, chunk: ReaderBuffers.chunkBytes))
    if decoded != expected {
      let theirs = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
      let mine = decoded.split(separator: 0x0A, omittingEmptySubsequences: false)
      let input = lines.split(separator: 0x0A, omittingEmptySubsequences: false)
      let index = (0..<min(mine.count, theirs.count)).first { mine[$0] != theirs[$0] } ?? min(mine.count, theirs.count)
      let hex = index < input.count ? input[index].map { String($0, radix: 16) }.joined(separator: " ") : "end"
      Issue.record(
        "sequence \(hex): decoder \(index < mine.count ? Array(mine[index]) : []), iconv \(index < theirs.count ? Array(theirs[index]) : [])"
      )
    }
    let valid = expected.split(separator: 0x0A).filter { $0 != [GB18030Decoder.invalidMarker] }.count
    #expect(valid >= minimumValid)
  }

  @Test func everyOneAndTwoByteSequenceMatchesIconv() throws {
    // Every byte 0x80–0xFF alone, every lead 0x81–0xFE with every second byte (LF aside,
    // it separates the sequences), one sequence per line (SPEC §2: exactly as iconv). The
    // six pairs FE51 FE52 FE53 FE6C FE76 FE91 decode outside the BMP.
    var lines: [UInt8] = []
    for lone in 0x80...0xFF { lines += [UInt8(lone), 0x0A] }
    for lead in 0x81...0xFE {
      for trail in 0x00...0xFF where trail != 0x0A { lines += [UInt8(lead), UInt8(trail), 0x0A] }
    }
    try Self.expectSameAsIconv(lines, minimumValid: 23_940)
    let six = try Self.decode([0xFE, 0x51, 0xFE, 0x52, 0xFE, 0x53, 0xFE, 0x6C, 0xFE, 0x76, 0xFE, 0x91], chunk: 64)
    #expect(String(decoding: six, as: UTF8.self) == "\u{20087}\u{20089}\u{200CC}\u{215D7}\u{2298F}\u{241FE}")
  }

  @Test func everyFourByteSequenceMatchesIconv() throws {
    // The assigned ranges, b1 0x81–0x84 (BMP) and 0x90–0xE3 (supplementary planes), and
    // the first unassigned b1 on each side; b2 0x30–0x39, b3 0x81–0xFE, b4 0x30–0x39:
    // 1.2 million sequences in one bulk buffer.
    let firstBytes = Array(UInt8(0x81)...0x85) + Array(UInt8(0x8F)...0xE4) + [0xFE]
    var lines: [UInt8] = []
    lines.reserveCapacity(firstBytes.count * 10 * 126 * 10 * 5)
    for b1 in firstBytes {
      for b2 in UInt8(0x30)...0x39 {
        for b3 in UInt8(0x81)...0xFE {
          for b4 in UInt8(0x30)...0x39 { lines += [b1, b2, b3, b4, 0x0A] }
        }
      }
    }
    try Self.expectSameAsIconv(lines, minimumValid: 1_087_000)
  }

  @Test(arguments: [1, 2, 3, 5, 7, 64])
  func chunkSizesDoNotMatter(chunk: Int) throws {
    let text = "证件号码,姓名\r\n310101,欧阳𠀀娜€\n𪚥x,龘\n"
    let gb = Scratch.gb18030(text) + [0x81]
    let decoded = try Self.decode(gb, chunk: chunk)
    #expect(decoded == Array(text.utf8) + [GB18030Decoder.invalidMarker])
  }

  /// Runs of two-byte characters (decoded in the decoder's inner loop) give what the same
  /// bytes give one at a time (chunks of 1 byte: no run is ever longer than a character),
  /// whatever surrounds them: ASCII, four-byte sequences, the pairs decoded outside the
  /// BMP, pairs the table marks invalid, stray 0x80 and 0xFF, a lead before ASCII.
  @Test func runsDecodeAsCharactersOneAtATime() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    let fourByte = Scratch.gb18030("𪚥")
    var bytes: [UInt8] = []
    for _ in 0..<40_000 {
      let kind = random(100)
      if kind < 70 {
        bytes += [UInt8(0x81 + random(0x7E)), UInt8(0x40 + random(0xBF))]  // any pair, 0x7F and 0xFF trails too
      } else if kind < 85 {
        bytes.append(UInt8(0x20 + random(0x5F)))
      } else if kind < 90 {
        bytes += fourByte
      } else if kind < 93 {
        bytes += [0xFE, [0x51, 0x52, 0x53, 0x6C, 0x76, 0x91][random(6)]]
      } else if kind < 96 {
        bytes.append(random(2) == 0 ? 0x80 : 0xFF)
      } else {
        bytes += [UInt8(0x81 + random(0x7E)), UInt8(0x20 + random(0x20))]
      }
    }
    let oneAtATime = try Self.decode(bytes, chunk: 1)
    #expect(try Self.decode(bytes, chunk: bytes.count) == oneAtATime)
    #expect(try Self.decode(bytes, chunk: 4096) == oneAtATime)
    #expect(oneAtATime.count > bytes.count)  // mostly three-byte UTF-8 from two-byte pairs
  }

  @Test func invalidBytesBecomeOneMarkerEach() throws {
    // 0x80, a lead before a space, a bad four-byte sequence, 0xFF.
    let gb: [UInt8] = [0x41, 0x80, 0x42, 0x81, 0x20, 0x81, 0x30, 0xFF, 0x30, 0xFF, 0x44]
    let decoded = try Self.decode(gb, chunk: 4)
    #expect(decoded == [0x41, 0xFF, 0x42, 0xFF, 0x20, 0xFF, 0x30, 0xFF, 0x30, 0xFF, 0x44])
  }
}
