import Foundation
import NatReconIO
import NatReconTestSupport
import Testing

/// `CSVRecordCopies` gives back the records appended to it — same fields, line, problem
/// (an extra-fields problem reads its value from the copied extra fields), field count —
/// whatever the batch size, after reuse (`removeAll`) and after its buffers grew.
@Suite struct CSVRecordCopiesTests {
  static func describe(_ record: CSVRecord) -> ReadRecord {
    ReadRecord(line: record.line, (0..<record.fieldCount).map { record.string($0) }, record.problem)
  }

  /// Reads `path` once, copying its records into one batch of at most `batch` records
  /// (emptied when full), and returns what the copies gave next to what the reader gave.
  static func readThroughCopies(_ path: String, batch: Int, encoding: TextEncoding = .auto) throws -> (
    copied: [ReadRecord], direct: [ReadRecord]
  ) {
    let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: encoding)
    // Starts small on purpose: the buffers must grow and keep what they held.
    let copies = CSVRecordCopies(records: 1)
    var copied: [ReadRecord] = []
    var direct: [ReadRecord] = []
    func drain() {
      var n = 0
      copies.forEachRecord { record in
        copied.append(describe(record))
        #expect(record.headerFieldCount == reader.headerFieldCount)
        n += 1
      }
      #expect(n == copies.count)
      copies.removeAll()
      #expect(copies.count == 0 && copies.textBytes == 0)
    }
    try reader.forEachRecord { record in
      direct.append(describe(record))
      copies.append(record)
      if copies.count >= batch { drain() }
    }
    drain()
    return (copied, direct)
  }

  @Test(arguments: [1, 3, 1024])
  func everyFixtureAndTheAcceptanceInputs(batch: Int) throws {
    var compared = 0
    for path in RecordRunTests.fixtureFiles {
      guard let (copied, direct) = try? Self.readThroughCopies(path, batch: batch) else { continue }
      #expect(copied == direct, "\(path)")
      compared += direct.count
    }
    #expect(compared > 1000)
  }

  @Test(arguments: [1, 2] as [UInt64])
  func seededRandomText(seed: UInt64) throws {
    let path = Scratch.file(ScannerDifferentialTests.randomText(seed: seed), name: "random-\(seed).csv")
    for batch in [1, 7, 4096] {
      let (copied, direct) = try Self.readThroughCopies(path, batch: batch)
      #expect(direct.count > 3000)
      #expect(direct.contains { $0.problem != nil })
      #expect(copied == direct, "batch \(batch)")
    }
  }

  /// Whole runs copied at once give the records one by one gives (and `forEachRecord`).
  @Test(arguments: [1, 5, 4096])
  func runsCopiedWhole(maxRun: Int) throws {
    var paths = RecordRunTests.fixtureFiles
    paths.append(Scratch.file(ScannerDifferentialTests.randomText(seed: 3), name: "random-3.csv"))
    var compared = 0
    for path in paths {
      guard let expected = try? readAll(path) else { continue }
      let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: .auto)
      let copies = CSVRecordCopies(records: 2)
      var copied: [ReadRecord] = []
      try reader.forEachRecordRun(maxRun: maxRun) { run in
        copies.append(run)
        if copies.count >= maxRun {
          copies.forEachRecord { copied.append(Self.describe($0)) }
          copies.removeAll()
        }
      }
      copies.forEachRecord { copied.append(Self.describe($0)) }
      #expect(copied == expected.records, "\(path)")
      compared += copied.count
    }
    #expect(compared > 3000)
  }

  /// Problems of every kind, short and tolerated extra fields, an empty field list.
  @Test func problemsAndShortRows() throws {
    let text = "a,b,c\n1,2,3,x,\n4\n5,6,7,  ,\t\n\"8\n9\",\u{0},1\n2,3,\"4\n"
    let (copied, direct) = try Self.readThroughCopies(Scratch.file(text), batch: 2)
    #expect(direct.count == 5)
    #expect(direct.first?.problem == .extraFields(fieldCount: 5, headerCount: 3, firstExtraValue: "x"))
    #expect(direct.last?.problem == .unterminatedQuote)
    #expect(copied == direct)
  }
}
