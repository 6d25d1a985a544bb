import Testing

@testable import NatReconIO

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

  @Test func everyTwoByteCharacterMatchesIconv() throws {
    // All of the two-byte range through the table, one pair per line, against the iconv
    // command (`-c` drops what it cannot convert; the decoder marks it with 0xFF).
    var gb: [UInt8] = []
    for lead in 0x81...0xFE {
      for trail in 0x40...0xFE where trail != 0x7F { gb += [UInt8(lead), UInt8(trail), 0x0A] }
    }
    let viaIconv = Scratch.run("/usr/bin/iconv -c -f GB18030 -t UTF-8 '\(Scratch.file(gb))'")
    let expected = viaIconv.split(separator: 0x0A, omittingEmptySubsequences: false)
    let decoded = try Self.decode(gb, chunk: 4096).split(separator: 0x0A, omittingEmptySubsequences: false)
    #expect(decoded.count == expected.count)
    var valid = 0
    for (mine, theirs) in zip(decoded, expected) where !mine.contains(GB18030Decoder.invalidMarker) {
      #expect(Array(mine) == Array(theirs))
      valid += 1
    }
    #expect(valid > 21_000)
  }

  @Test(arguments: [1, 2, 3, 5, 7, 64])
  func chunkSizesDoNotMatter(chunk: Int) throws {
    let text = "证件号码,姓名\r\n310101,欧阳𠀀娜€\n𪚥x,龘\n"
    let gb = Scratch.gb18030(text) + [0x81]
    let decoded = try Self.decode(gb, chunk: chunk)
    #expect(decoded == Array(text.utf8) + [GB18030Decoder.invalidMarker])
  }

  @Test func invalidBytesBecomeOneMarkerEach() throws {
    // 0x80, a lead before a space, a bad four-byte sequence, 0xFF.
    let gb: [UInt8] = [0x41, 0x80, 0x42, 0x81, 0x20, 0x81, 0x30, 0xFF, 0x30, 0xFF, 0x44]
    let decoded = try Self.decode(gb, chunk: 4)
    #expect(decoded == [0x41, 0xFF, 0x42, 0xFF, 0x20, 0xFF, 0x30, 0xFF, 0x30, 0xFF, 0x44])
  }
}
