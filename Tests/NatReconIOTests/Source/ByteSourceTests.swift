import Testing

@testable import NatReconIO

/// Gzip, binary files and other byte-level failures (SPEC §2, §6).
@Suite struct ByteSourceTests {
  static let text = "id,name\n1,张三\n2,李四\n"

  @Test func gzipIsReadAndDetected() throws {
    let result = try readAll(Scratch.gzipFile(Array(Self.text.utf8)))
    #expect(result.reader.compression == .gzip)
    #expect(result.values == [["1", "张三"], ["2", "李四"]])
  }

  @Test func gzipIsDetectedWithoutTheGzName() throws {
    let result = try readAll(Scratch.gzipFile(Array(Self.text.utf8), name: "export.csv"))
    #expect(result.reader.compression == .gzip)
    #expect(result.values == [["1", "张三"], ["2", "李四"]])
  }

  @Test func plainFileNamedGzIsPlain() throws {
    let result = try readAll(Scratch.file(Self.text, name: "export.csv.gz"))
    #expect(result.reader.compression == .none)
    #expect(result.records.count == 2)
  }

  @Test func concatenatedGzipMembers() throws {
    let first = Scratch.gzip(Array("id,name\n1,a\n".utf8))
    let second = Scratch.gzip(Array("2,b\n3,c".utf8))
    let third = Scratch.gzip(Array("\n4,d\n".utf8))
    let result = try readAll(Scratch.file(first + second + third, name: "x.gz"))
    #expect(result.values == [["1", "a"], ["2", "b"], ["3", "c"], ["4", "d"]])
    #expect(result.lines == [2, 3, 4, 5])
  }

  @Test func largeGzipFile() throws {
    let text = "id,name\n" + String(repeating: "310101199001011234,张三\n", count: 60_000)
    let result = try readAll(Scratch.gzipFile(Array(text.utf8)))
    #expect(result.records.count == 60_000)
    #expect(result.reader.bytesRead == result.reader.fileBytes)
    #expect(result.reader.bytesRead < text.utf8.count / 10)
  }

  @Test(arguments: [1, 4, 8, 100])
  func truncatedGzipIsAnError(cut: Int) throws {
    let text = "id,name\n" + String(repeating: "310101199001011234,张三\n", count: 2_000)
    let gzip = Scratch.gzip(Array(text.utf8))
    let path = Scratch.file(Array(gzip.dropLast(cut)), name: "cut.csv.gz")
    var records = 0
    let error = ingestError {
      let reader = try CSVFileReader(path: path, displayPath: "exports/cut.csv.gz", encoding: .auto)
      try reader.forEachRecord { _ in records += 1 }
    }
    #expect(error?.caseName == "corruptGzip")
    #expect(error?.description.hasPrefix("exports/cut.csv.gz: corrupt or truncated gzip") == true)
    #expect(records <= 2_000)
  }

  @Test func corruptGzipIsAnError() throws {
    let text = "id,name\n" + String(repeating: "310101199001011234,张三\n", count: 2_000)
    var gzip = Scratch.gzip(Array(text.utf8))
    gzip[gzip.count / 2] ^= 0xFF
    gzip[gzip.count / 2 + 1] ^= 0x55
    let error = ingestError { _ = try readAll(Scratch.file(gzip, name: "bad.gz")) }
    #expect(error?.caseName == "corruptGzip")
  }

  @Test func wrongCRCIsAnError() throws {
    var gzip = Scratch.gzip(Array(Self.text.utf8))
    gzip[gzip.count - 8] ^= 0x01  // The trailer's CRC-32.
    let error = ingestError { _ = try readAll(Scratch.file(gzip, name: "crc.gz")) }
    #expect(error?.caseName == "corruptGzip")
  }

  @Test func garbageAfterTheLastMemberIsAnError() throws {
    let gzip = Scratch.gzip(Array(Self.text.utf8)) + Array("trailing".utf8)
    let error = ingestError { _ = try readAll(Scratch.file(gzip, name: "tail.gz")) }
    #expect(error?.caseName == "corruptGzip")
  }

  @Test func gzipOfNothingHasNoHeader() throws {
    let result = try readAll(Scratch.gzipFile([]))
    #expect(result.header == nil)
    #expect(result.records.isEmpty)
  }

  @Test func binaryFileReadsAsBadEncodingNotAsText() throws {
    // No longer `notText`: a NUL makes its record bad_encoding (SPEC §8); a header with
    // NUL bytes shows U+FFFD and so names no required column.
    var bytes = Array("id,name\n1,2\n".utf8)
    bytes += [0x00, 0x01, 0x02, 0x00]
    let result = try readAll(Scratch.file(bytes))
    #expect(result.records.map(\.problem) == [nil, .badEncoding])
  }

  @Test func gzippedBinaryFileHasAGarbledHeader() throws {
    let result = try readAll(Scratch.gzipFile([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]))
    #expect(result.header == ["\u{7F}ELF\u{2}\u{1}\u{1}\u{FFFD}"])
    #expect(result.records.isEmpty)
  }

  @Test func xlsxIsNotText() {
    let bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]
    let error = ingestError { _ = try readAll(Scratch.file(bytes, name: "roster.xlsx")) }
    #expect(error?.caseName == "notText")
    #expect(error?.description.contains("xlsx") == true)
  }

  @Test func utf16IsNotText() {
    let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00]
    let error = ingestError { _ = try readAll(Scratch.file(bytes)) }
    #expect(error?.caseName == "notText")
    #expect(error?.description.contains("UTF-16") == true)
  }
}
