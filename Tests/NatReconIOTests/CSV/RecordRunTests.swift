import Foundation
import NatReconIO
import NatReconTestSupport
import Testing

/// `forEachRecordRun` hands over the records `forEachRecord` gives — same values, lines
/// and problems, in order — in runs of at most `maxRun`, on every CSV fixture.
@Suite struct RecordRunTests {
  /// Every CSV file under Tests/Fixtures and the shared acceptance set's inputs (plain
  /// and gzip).
  static var fixtureFiles: [String] {
    var files: [String] = []
    for root in [Fixtures.root + "/", Fixtures.acceptance("small/input/")] {
      let names = (FileManager.default.subpaths(atPath: root) ?? []).filter {
        $0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz")
      }
      files += names.sorted().map { root + $0 }
    }
    return files
  }

  static func recordsInRuns(_ path: String, maxRun: Int) throws -> (records: [ReadRecord], runs: [Int]) {
    let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: .auto)
    var records: [ReadRecord] = []
    var runs: [Int] = []
    try reader.forEachRecordRun(maxRun: maxRun) { run in
      runs.append(run.count)
      for record in run {
        records.append(ReadRecord(line: record.line, (0..<record.fieldCount).map { record.string($0) }, record.problem))
      }
    }
    return (records, runs)
  }

  @Test func runsHoldTheRecordsOfForEachRecord() throws {
    let files = Self.fixtureFiles
    #expect(files.count >= 30)
    var compared = 0
    for path in files {
      guard let expected = try? readAll(path) else { continue }  // files the reader refuses
      for maxRun in [1, 3, 256] {
        let (records, runs) = try Self.recordsInRuns(path, maxRun: maxRun)
        #expect(records == expected.records, "\(path), runs of \(maxRun)")
        #expect(runs.allSatisfy { $0 >= 1 && $0 <= maxRun }, "\(path): \(runs)")
      }
      compared += 1
    }
    #expect(compared >= 25)
  }

  @Test func aLongFileComesInFullRunsWithinAChunk() throws {
    var text = "id,name\n"
    for i in 0..<1000 { text += "\(i),n\(i)\n" }
    let (records, runs) = try Self.recordsInRuns(Scratch.file(text), maxRun: 64)
    #expect(records.count == 1000)
    #expect(records.last?.line == 1001)
    #expect(runs.dropLast().allSatisfy { $0 == 64 })
    #expect(runs.reduce(0, +) == 1000)
  }
}
