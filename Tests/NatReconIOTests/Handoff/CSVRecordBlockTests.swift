import Foundation
import NatReconIO
import NatReconTestSupport
import Testing

/// `CSVFileReader.forEachRecordBlock` hands records over in the reader's own buffers
/// (`CSVRecordBlock`): the blocks must give the records `forEachRecord` gives — same
/// fields, line, problem (an extra-fields problem reads its value from the extra fields),
/// header width — whatever the block size and scanner, also when every block is kept
/// until the whole file is read (the buffers handed over are never reused while a block
/// holds them), across chunk boundaries, records left open by a chunk and records given
/// up as too long.
@Suite struct CSVRecordBlockTests {
  static func describe(_ record: CSVRecord) -> ReadRecord {
    ReadRecord(line: record.line, (0..<record.fieldCount).map { record.string($0) }, record.problem)
  }

  /// Reads `path` in blocks of at most `maxRecords`; with `keep` every block is kept
  /// (and read) only after the whole file is read, otherwise each is read and emptied
  /// at once (one block reused throughout).
  static func readThroughBlocks(
    _ path: String, maxRecords: Int, keep: Bool, scanner: CSVFileReader.Scanner = .fast
  ) throws -> [ReadRecord] {
    let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: .auto, scanner: scanner)
    var kept: [CSVRecordBlock] = []
    var records: [ReadRecord] = []
    let reused = CSVRecordBlock(records: 1)
    let take = { keep ? CSVRecordBlock(records: 1) : reused }
    try reader.forEachRecordBlock(maxRecords: maxRecords, take: take) { block in
      #expect(block.count >= 1 && block.count <= maxRecords)
      if keep {
        kept.append(block)
      } else {
        block.forEachRecord { record in
          records.append(describe(record))
          #expect(record.headerFieldCount == reader.headerFieldCount)
        }
        block.removeAll()
        #expect(block.count == 0)
      }
    }
    for block in kept { block.forEachRecord { records.append(describe($0)) } }
    return records
  }

  /// Files larger than a chunk, with quoted line ends that leave records open at chunk
  /// ends, and a record longer than `ReaderLimits.maxRecordBytes`.
  static let longFiles: [String] = {
    var quoted = "id,name,remark\n"
    for i in 0..<60_000 { quoted += "\(i),w\(i % 97),\(i % 13 == 0 ? "\"a\nb,\"\"c\"\"\"" : "x")\n" }
    var tooLong = "a,b\n1,2\n3,\"" + String(repeating: "y", count: 1_100_000) + "\"\n4,5\n"
    tooLong += (0..<5000).map { "\($0),z\n" }.joined()
    return [Scratch.file(quoted, name: "blocks-quoted.csv"), Scratch.file(tooLong, name: "blocks-too-long.csv")]
  }()

  @Test(arguments: [1, 3, 1024])
  func everyFixtureTheAcceptanceInputsAndLongFiles(maxRecords: Int) throws {
    var compared = 0
    var paths = RecordRunTests.fixtureFiles + Self.longFiles
    paths.append(Scratch.file(ScannerDifferentialTests.randomText(seed: 3), name: "random-3.csv"))
    for path in paths {
      guard let expected = try? readAll(path, scanner: .fast) else { continue }
      #expect(try Self.readThroughBlocks(path, maxRecords: maxRecords, keep: false) == expected.records, "\(path)")
      #expect(try Self.readThroughBlocks(path, maxRecords: maxRecords, keep: true) == expected.records, "\(path)")
      compared += expected.records.count
    }
    #expect(compared > 60_000)
  }

  @Test(arguments: [1, 2] as [UInt64])
  func seededRandomTextWithBothScanners(seed: UInt64) throws {
    let path = Scratch.file(ScannerDifferentialTests.randomText(seed: seed), name: "random-\(seed).csv")
    let direct = try readAll(path).records
    #expect(direct.count > 3000)
    #expect(direct.contains { $0.problem != nil })
    for scanner in [CSVFileReader.Scanner.fast, .libcsvOnly] {
      for maxRecords in [1, 7, 4096] {
        #expect(try Self.readThroughBlocks(path, maxRecords: maxRecords, keep: true, scanner: scanner) == direct)
      }
    }
  }

  /// Problems of every kind, short and tolerated extra fields, an empty field list.
  @Test func problemsAndShortRows() throws {
    let text = "a,b,c\n1,2,3,x,\n4\n5,6,7,  ,\t\n\"8\n9\",\u{0},1\n2,3,\"4\n"
    let direct = try readAll(Scratch.file(text)).records
    #expect(direct.count == 5)
    #expect(direct.first?.problem == .extraFields(fieldCount: 5, headerCount: 3, firstExtraValue: "x"))
    #expect(direct.last?.problem == .unterminatedQuote)
    #expect(try Self.readThroughBlocks(Scratch.file(text), maxRecords: 2, keep: true) == direct)
  }

  /// `forEachRecord(in:)` gives the records at those positions only.
  @Test func recordsInARange() throws {
    let path = Scratch.file("n\n" + (0..<10).map { "v\($0)\n" }.joined(), name: "blocks-range.csv")
    let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: .utf8)
    var blocks: [CSVRecordBlock] = []
    let take = { CSVRecordBlock(records: 4) }
    try reader.forEachRecordBlock(maxRecords: 10, take: take) { blocks.append($0) }
    let block = try #require(blocks.first)
    #expect(blocks.count == 1 && block.count == 10)
    var seen: [String] = []
    block.forEachRecord(in: 3..<6) { seen.append($0.string(0)) }
    #expect(seen == ["v3", "v4", "v5"])
    block.forEachRecord(in: 10..<10) { seen.append($0.string(0)) }
    #expect(seen.count == 3)
  }
}
