import CLibCSV
import Foundation
import Testing

@testable import NatReconIO

/// The reader's limits (`ReaderLimits`, docs/architecture.md "Limits"): a record longer
/// than 1 MiB is one `.tooLong` record and the reader reads on after its line; a header
/// of more than 16,384 columns or 1 MiB stops with `IngestError.headerTooLarge`. The big
/// inputs are generated into temporary files here, never committed.
@Suite struct CSVLimitsTests {
  static let limit = ReaderLimits.maxRecordBytes

  // MARK: - Records

  @Test func fieldLongerThanTheLimitIsOneTooLongRecord() throws {
    let long = String(repeating: "y", count: 2 * Self.limit)
    let result = try readText("a,b\nx,\(long)\n1,2\n3,4\n")
    #expect(result.records.count == 3)
    #expect(result.records.first?.line == 2)
    #expect(result.records.first?.problem == .tooLong(limitBytes: Self.limit))
    #expect(
      Array(result.records.dropFirst()) == [ReadRecord(line: 3, ["1", "2"]), ReadRecord(line: 4, ["3", "4"])])
  }

  @Test func recordJustOverTheLimitThatEndsInItsChunk() throws {
    // Ends in the chunk where it passes the limit: read whole, then flagged.
    let long = String(repeating: "y", count: Self.limit + 100)
    let result = try readText("a,b\nx,\(long)\n1,2\n")
    #expect(result.records.map(\.line) == [2, 3])
    #expect(result.records[0].problem == .tooLong(limitBytes: Self.limit))
    #expect(result.records[1] == ReadRecord(line: 3, ["1", "2"]))
  }

  @Test func recordAtTheLimitIsRead() throws {
    // Field bytes plus one per field: 2 fields.
    let field = String(repeating: "y", count: Self.limit - 2 - 1)
    let result = try readText("a,b\nx,\(field)\n")
    #expect(result.records.count == 1)
    #expect(result.records[0].problem == nil)
    #expect(result.records[0].fields[1].utf8.count == Self.limit - 3)
  }

  @Test func manyEmptyFieldsCountTowardsTheLimit() throws {
    let commas = String(repeating: ",", count: Self.limit + 10)
    let result = try readText("a,b\n\(commas)\n1,2\n")
    #expect(result.records.map(\.line) == [2, 3])
    #expect(result.records[0].problem == .tooLong(limitBytes: Self.limit))
  }

  @Test func longQuotedRecordKeepsLaterLinesRight() throws {
    // 270,000 line ends inside one quoted field (≈ 1.08 MB): read whole and flagged; the
    // next record's line counts every one of them.
    let inner = String(repeating: "abc\n", count: 270_000)
    let result = try readText("a,b\n\"\(inner)\",z\n1,2\n")
    #expect(result.records.count == 2)
    #expect(result.records[0].line == 2)
    #expect(result.records[0].problem == .tooLong(limitBytes: Self.limit))
    #expect(result.records[1] == ReadRecord(line: 270_003, ["1", "2"]))
  }

  @Test func strayQuoteIsGivenUpAndReadingResumesAtTheNextLine() throws {
    // A quote opened on line 2 and not closed for 1.6 MB: given up past the limit, then
    // the reader skips to the next line end and reads each `abc` line as a record, with
    // its true line number.
    let inner = String(repeating: "abc\n", count: 400_000)
    let result = try readText("a,b\n\"\(inner)\",z\n1,2\n")
    let first = try #require(result.records.first)
    #expect(first.line == 2)
    #expect(first.problem == .tooLong(limitBytes: Self.limit))
    let abc = result.records.dropFirst().filter { $0.fields == ["abc"] }
    #expect(abc.count > 50_000)
    #expect(abc.count == result.records.count - 2)
    // Consecutive lines ending on line 400,001, the last `abc` line.
    #expect(abc.last?.line == 400_001)
    #expect(zip(abc, abc.dropFirst()).allSatisfy { $0.line + 1 == $1.line })
    // The closing quote now opens a quoted field that runs to the end of the file.
    let last = try #require(result.records.last)
    #expect(last.line == 400_002)
    #expect(last.problem == .unterminatedQuote)
  }

  @Test func crlfAfterAGivenUpRecordCountsOnce() throws {
    let long = String(repeating: "y", count: 2 * Self.limit)
    let result = try readText("a,b\r\nx,\(long)\r\n1,2\r\n\r\n3,4\r\n")
    #expect(result.records.map(\.line) == [2, 3, 5])
    #expect(result.records.dropFirst().map(\.fields) == [["1", "2"], ["3", "4"]])
  }

  @Test func gb18030LongLineIsGivenUpAndTheNextRowDecodes() throws {
    let long = String(repeating: "阴性", count: Self.limit / 2)  // ≈ 3 MB of UTF-8
    let bytes = Scratch.gb18030("姓名,结果\n张三,\(long)\n李四,阳性\n")
    let result = try readAll(Scratch.file(bytes), encoding: .gb18030)
    #expect(result.records.map(\.line) == [2, 3])
    #expect(result.records[0].problem == .tooLong(limitBytes: Self.limit))
    #expect(result.records[1] == ReadRecord(line: 3, ["李四", "阳性"]))
  }

  @Test func hundredMegabyteLineWithoutLineEndIsBoundedAndQuick() throws {
    let path = Scratch.directory() + "/long-line.csv"
    try BigFile.write(path, head: "id_number,name\n", repeating: "1234567,", megabytes: 100, tail: "")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let peakBefore = PeakMemory.resetAndRead()
    let started = ContinuousClock.now
    let result = try readAll(path)
    let elapsed = ContinuousClock.now - started
    let growth = PeakMemory.read() - peakBefore
    #expect(result.header == ["id_number", "name"])
    #expect(result.records.count == 1)
    #expect(result.records.first?.line == 2)
    #expect(result.records.first?.problem == .tooLong(limitBytes: Self.limit))
    // Without the limit libcsv's field buffer and the record batch each grew to the
    // whole line: the peak grew by about 400 MB and the read took 9 s; with it, by under
    // 1 MB. Other tests run in parallel, hence the margin.
    #expect(growth < 64 << 20, "peak RSS grew by \(growth >> 20) MB")
    #expect(elapsed < .seconds(10), "took \(elapsed)")
  }

  // MARK: - libcsv's field buffer with small buffers

  @Test func smallBufferGrowthDoublesKeepsWhatFitsAndKeepsTheBytes() throws {
    let grow = ReaderLimits.growFieldBuffer
    let first = try #require(grow(nil, 4096))
    for i in 0..<4096 { first.storeBytes(of: UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self) }
    // libcsv asks for 4 KiB more each time; the buffer at least doubles.
    let second = try #require(grow(first, 8192))
    #expect(malloc_usable_size(second) >= 8192)
    let third = try #require(grow(second, 12_288))  // over 8 KiB: doubles to 16 KiB
    #expect(malloc_usable_size(third) >= 16_384)
    #expect(grow(third, 16_384) == third)  // fits: the same buffer, nothing copied
    let fourth = try #require(grow(third, 20_480))
    let kept = (0..<4096).allSatisfy { i in
      fourth.load(fromByteOffset: i, as: UInt8.self) == UInt8(truncatingIfNeeded: i)
    }
    #expect(kept)
    free(fourth)
  }

  // MARK: - Header

  @Test func headerOfTenMillionColumnsStopsNamingTheFile() throws {
    let path = Scratch.directory() + "/wide.csv"
    // 10,000,000 columns "c": 20 MB, no line end needed.
    try BigFile.write(path, head: "", repeating: String(repeating: "c,", count: 500_000), count: 20, tail: "c\n1\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let peakBefore = PeakMemory.resetAndRead()
    let error = ingestError { _ = try readAll(path) }
    let growth = PeakMemory.read() - peakBefore
    #expect(error?.caseName == "headerTooLarge")
    #expect(error?.description.hasPrefix("input.csv: the header row is too large (longer than 1 MiB)") == true)
    #expect(growth < 64 << 20, "peak RSS grew by \(growth >> 20) MB")
  }

  @Test func headerOverTheColumnLimitStops() throws {
    let columns = ReaderLimits.maxHeaderColumns + 1
    let header = (0..<columns).map { "c\($0)" }.joined(separator: ",")
    let error = ingestError { _ = try readText(header + "\n1\n") }
    #expect(error?.caseName == "headerTooLarge")
    #expect(error?.description.contains("(\(columns) columns, more than 16384)") == true)
  }

  @Test func headerAtTheColumnLimitIsRead() throws {
    let header = (0..<ReaderLimits.maxHeaderColumns).map { "c\($0)" }.joined(separator: ",")
    let result = try readText(header + "\n1,2\n")
    #expect(result.header?.count == ReaderLimits.maxHeaderColumns)
    #expect(result.records == [ReadRecord(line: 2, ["1", "2"])])
  }
}

/// Writes large generated files without holding them in memory.
enum BigFile {
  /// `head`, then `repeating` until `megabytes` MB are written, then `tail`.
  static func write(_ path: String, head: String, repeating unit: String, megabytes: Int, tail: String)
    throws
  {
    let unitBytes = Array(unit.utf8)
    let block = Data((0..<((1 << 20) / unitBytes.count)).flatMap { _ in unitBytes })
    try write(path, head: head, block: block, count: (megabytes << 20) / block.count, tail: tail)
  }

  /// `head`, then `repeating` written `count` times, then `tail`.
  static func write(_ path: String, head: String, repeating unit: String, count: Int, tail: String) throws {
    try write(path, head: head, block: Data(unit.utf8), count: count, tail: tail)
  }

  private static func write(_ path: String, head: String, block: Data, count: Int, tail: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(head.utf8)),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw CocoaError(.fileWriteUnknown) }
    defer { try? handle.close() }
    try handle.seekToEnd()
    for _ in 0..<count { try handle.write(contentsOf: block) }
    try handle.write(contentsOf: Data(tail.utf8))
  }
}

/// The process's peak resident set size (`VmHWM` in /proc/self/status).
enum PeakMemory {
  /// Resets the peak to the current RSS (Linux ≥ 4.0: `5` to /proc/self/clear_refs) and
  /// returns it.
  static func resetAndRead() -> Int {
    if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
      try? handle.write(contentsOf: Data("5".utf8))
      try? handle.close()
    }
    return read()
  }

  /// VmHWM in bytes, 0 when unknown.
  static func read() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return (Int(line.filter(\.isNumber)) ?? 0) << 10
    }
    return 0
  }
}
