import Testing

@testable import NatReconIO

/// Records, fields and line numbers (SPEC §8 "Reading").
@Suite struct CSVFileReaderTests {
  @Test func headerOnlyHasNoRecords() throws {
    for text in ["id,name\n", "id,name", "id,name\r\n\r\n\n"] {
      let result = try readText(text)
      #expect(result.header == ["id", "name"])
      #expect(result.records.isEmpty)
    }
  }

  @Test func fileOfBlankLinesHasNoHeader() throws {
    let result = try readText("\n  \n\r\n")
    #expect(result.header == nil)
    #expect(result.records.isEmpty)
  }

  @Test func recordsStartAtLineTwo() throws {
    let result = try readText("a,b\n1,2\n3,4\n")
    #expect(result.records == [ReadRecord(line: 2, ["1", "2"]), ReadRecord(line: 3, ["3", "4"])])
    #expect(result.reader.headerFieldCount == 2)
  }

  @Test func lastRecordWithoutLineEnd() throws {
    let result = try readText("a,b\n1,2\n3,4")
    #expect(result.records == [ReadRecord(line: 2, ["1", "2"]), ReadRecord(line: 3, ["3", "4"])])
  }

  @Test func crlfLineEndsCountOnce() throws {
    let result = try readText("a,b\r\n1,2\r\n\r\n3,4\r\n")
    #expect(result.records == [ReadRecord(line: 2, ["1", "2"]), ReadRecord(line: 4, ["3", "4"])])
  }

  @Test func loneCRLineEnds() throws {
    let result = try readText("a,b\r1,2\r\r3,4\r")
    #expect(result.records == [ReadRecord(line: 2, ["1", "2"]), ReadRecord(line: 4, ["3", "4"])])
  }

  @Test func mixedLineEnds() throws {
    // LF, CR, CRLF, CR CR (two), LF CR (two).
    let result = try readText("h\n1\r2\r\n3\r\r4\n\r5")
    #expect(result.lines == [2, 3, 4, 6, 8])
    #expect(result.values == [["1"], ["2"], ["3"], ["4"], ["5"]])
  }

  @Test func blankLinesAreNotRecords() throws {
    let result = try readText("a,b\n\n1,2\n   \n\t\n\n3,4\n\n")
    #expect(result.records == [ReadRecord(line: 3, ["1", "2"]), ReadRecord(line: 7, ["3", "4"])])
  }

  @Test func quotedCommaQuoteAndNewline() throws {
    let text = "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,2,3\n"
    let result = try readText(text)
    #expect(
      result.records == [
        ReadRecord(line: 2, ["x,y", "say \"hi\"", "two\nlines"]),
        ReadRecord(line: 4, ["1", "2", "3"]),
      ])
  }

  @Test(arguments: [
    ("LF", "\n", 1), ("CRLF", "\r\n", 1), ("lone CR", "\r", 1), ("CR CR", "\r\r", 2),
    ("LF LF", "\n\n", 2), ("CRLF LF", "\r\n\n", 2),
  ])
  func quotedLineEndsCount(name: String, ending: String, count: Int) throws {
    let text = "a,b\n1,\"x\(ending)y\"\n2,3\n"
    let result = try readText(text)
    #expect(result.values == [["1", "x\(ending)y"], ["2", "3"]], "\(name)")
    #expect(result.lines == [2, 3 + count], "\(name)")
  }

  @Test func quotedCRThenRecordLF() throws {
    // A CR closing a quoted field and the LF ending the row are two line ends.
    let result = try readText("a,b\n1,\"x\r\"\n2,3\n")
    #expect(result.values == [["1", "x\r"], ["2", "3"]])
    #expect(result.lines == [2, 4])
  }

  @Test func quotedCRAndLFInAdjacentFieldsAreTwoLineEnds() throws {
    let result = try readText("a,b\n\"x\r\",\"\ny\"\n2,3\n")
    #expect(result.values == [["x\r", "\ny"], ["2", "3"]])
    #expect(result.lines == [2, 5])
  }

  @Test func headerWithQuotedNewline() throws {
    let result = try readText("\"id\nnumber\",name\r\n1,x\r\n2,y\r\n")
    #expect(result.header == ["id\nnumber", "name"])
    #expect(result.lines == [3, 4])
  }

  @Test func extraNonEmptyFieldsAreASyntaxProblem() throws {
    let result = try readText("a,b\n1,2\n3,4,,x,y\n5,6\n")
    #expect(
      result.records == [
        ReadRecord(line: 2, ["1", "2"]),
        ReadRecord(
          line: 3, ["3", "4", "", "x", "y"],
          .extraFields(fieldCount: 5, headerCount: 2, firstExtraValue: "x")),
        ReadRecord(line: 4, ["5", "6"]),
      ])
  }

  @Test func extraEmptyFieldsAreTolerated() throws {
    let result = try readText("a,b\n1,2,,\n3,4, ,\"\"\n")
    #expect(result.records == [ReadRecord(line: 2, ["1", "2"]), ReadRecord(line: 3, ["3", "4"])])
  }

  @Test func extraFieldsEmptyOnceTrimmedAreTolerated() throws {
    // A quoted blank, an unquoted U+3000, a tab, a quoted CRLF: all empty once trimmed
    // (SPEC §8 Reading); a blank before real content does not hide it.
    let result = try readText("a,b\n1,2,\" \"\n3,4,\u{3000}\n5,6,\t,\"\r\n\"\n7,8,\" \",x\n")
    #expect(
      result.records == [
        ReadRecord(line: 2, ["1", "2"]), ReadRecord(line: 3, ["3", "4"]), ReadRecord(line: 4, ["5", "6"]),
        ReadRecord(
          line: 6, ["7", "8", " ", "x"], .extraFields(fieldCount: 4, headerCount: 2, firstExtraValue: "x")),
      ])
  }

  @Test func nulByteMakesItsRecordBadEncodingWherever() throws {
    // In the first chunk and in a later one; in a field, alone, in the last record.
    var text = "a,b\n1,x\u{0}y\n2,ok\n"
    var records = 2
    while text.utf8.count < 2 * ReaderBuffers.chunkBytes + 100 {
      text += "\(records + 1),filler\n"
      records += 1
    }
    text += "\u{0},z\n\(records + 2),fine\n3,\u{0}"
    let result = try readText(text)
    let bad = result.records.filter { $0.problem == .badEncoding }.map(\.line)
    #expect(bad == [2, records + 2, records + 4])
    #expect(result.records.count == records + 3)
    #expect(result.records[1].fields == ["2", "ok"])
    #expect(result.records[records + 1].problem == nil)
  }

  @Test func nulByteInGB18030IsBadEncoding() throws {
    let bytes = Scratch.gb18030("姓名,值\n张三,1\n") + [0x00] + Scratch.gb18030(",2\n李四,3\n")
    for encoding in [TextEncoding.auto, .gb18030] {
      let result = try readAll(Scratch.file(bytes), encoding: encoding)
      #expect(result.records.map(\.problem) == [nil, .badEncoding, nil])
    }
  }

  @Test func shortRowsArePadded() throws {
    let path = Scratch.file("a,b,c\n1\n")
    let reader = try CSVFileReader(path: path, displayPath: "x.csv", encoding: .auto)
    _ = try reader.readHeader()
    var seen = 0
    try reader.forEachRecord { record in
      seen += 1
      #expect(record.fieldCount == 1)
      #expect(record.problem == nil)
      #expect(Array(record.field(0)) == Array("1".utf8))
      #expect(record.field(1).isEmpty)
      #expect(record.field(2).isEmpty)
      #expect(record.field(99).isEmpty)
      #expect(record.field(-1).isEmpty)
    }
    #expect(seen == 1)
  }

  @Test func unterminatedQuoteAtEndOfFile() throws {
    let result = try readText("a,b\n1,2\n3,\"open\nstill open\n4,5\n")
    #expect(
      result.records == [
        ReadRecord(line: 2, ["1", "2"]),
        ReadRecord(line: 3, ["3", "open\nstill open\n4,5\n"], .unterminatedQuote),
      ])
  }

  @Test func unterminatedQuoteAfterQuotedNewlines() throws {
    let result = try readText("a,b\n\"x\ny\",1\n\n2,\"z")
    #expect(
      result.records == [ReadRecord(line: 2, ["x\ny", "1"]), ReadRecord(line: 5, ["2", "z"], .unterminatedQuote)])
  }

  @Test func closedQuoteAtEndOfFileIsFine() throws {
    let result = try readText("a,b\n1,\"x\"")
    #expect(result.records == [ReadRecord(line: 2, ["1", "x"])])
  }

  @Test func malformedQuotingReadsAsLibcsvDoes() throws {
    // A quote inside an unquoted field is literal; text after a closing quote keeps the
    // quote and continues the (still quoted) field, up to the next lone quote.
    let result = try readText("a,b\nab\"c,d\n\"x\"y,z\"\n1,2\n")
    #expect(result.values == [["ab\"c", "d"], ["x\"y,z"], ["1", "2"]])
    #expect(result.records.allSatisfy { $0.problem == nil })
    #expect(result.lines == [2, 3, 4])
  }

  @Test func valuesAreNotTrimmedBeyondLibcsv() throws {
    // libcsv trims blanks around unquoted fields; quoted blanks and U+3000 stay.
    let result = try readText("a,b,c\n  x  ,\" y \",\u{3000}z\u{3000}\n")
    #expect(result.values == [["x", " y ", "\u{3000}z\u{3000}"]])
  }

  @Test func bomIsStripped() throws {
    let result = try readAll(Scratch.file([0xEF, 0xBB, 0xBF] + Array("证件号码,姓名\n1,张三\n".utf8)))
    #expect(result.header == ["证件号码", "姓名"])
    #expect(result.reader.hadBOM)
    #expect(result.reader.resolvedEncoding == .utf8)
    #expect(result.records == [ReadRecord(line: 2, ["1", "张三"])])
  }

  @Test func withoutBOM() throws {
    let result = try readText("a\n1\n")
    #expect(!result.reader.hadBOM)
    #expect(result.reader.compression == .none)
  }

  @Test func forEachRecordReadsTheHeaderItself() throws {
    let reader = try CSVFileReader(
      path: Scratch.file("a,b\n1,2\n"), displayPath: "x.csv", encoding: .utf8)
    var lines: [Int] = []
    try reader.forEachRecord { lines.append($0.line) }
    #expect(lines == [2])
    #expect(reader.headerFieldCount == 2)
    #expect(try reader.readHeader() == ["a", "b"])
  }

  @Test func bytesReadReachesTheFileSize() throws {
    let text = "a,b\n" + String(repeating: "1,2\n", count: 100_000)
    let result = try readText(text)
    #expect(result.records.count == 100_000)
    #expect(result.reader.bytesRead == text.utf8.count)
    #expect(result.reader.fileBytes == text.utf8.count)
  }

  @Test func emptyFileIsAnError() {
    let error = ingestError { _ = try readAll(Scratch.file([UInt8]())) }
    #expect(error?.caseName == "emptyFile")
    #expect(error?.description.contains("input.csv") == true)
  }

  @Test func missingFileIsAnError() {
    let error = ingestError {
      _ = try CSVFileReader(path: "/nonexistent/x.csv", displayPath: "in/x.csv", encoding: .auto)
    }
    #expect(error?.caseName == "fileNotFound")
    #expect(error?.description.hasPrefix("in/x.csv:") == true)
  }

  @Test func directoryIsAnError() {
    let error = ingestError {
      _ = try CSVFileReader(path: Scratch.directory(), displayPath: "dir", encoding: .auto)
    }
    #expect(error?.caseName == "readFailed")
  }
}
