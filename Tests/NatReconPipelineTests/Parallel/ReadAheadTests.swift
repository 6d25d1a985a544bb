import Foundation
import NatReconGenerator
import NatReconIO
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `ReadAhead` reads a file on a thread of its own and hands its records over in batches;
/// the calling thread must see exactly what `forEachRecord` gives on one thread (the
/// reference, `ReadAhead.off`) — same records, fields, lines, problems and the same
/// error after the same records — on dirty data (GB18030, gzip, damaged gzip), and a run
/// must write byte-identical files, for batches down to one record.
@Suite struct ReadAheadTests {
  struct Read: Equatable {
    var records: [String] = []
    var error: String?
    var encoding: TextEncoding?
  }

  static func read(_ path: String, _ readAhead: ReadAhead) -> Read {
    var result = Read()
    do {
      let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: .auto)
      _ = try reader.readHeader()
      try readAhead.forEachRecord(reader) { record in
        let fields = (0..<record.fieldCount).map { record.string($0) }.joined(separator: "|")
        result.records.append("\(record.line): \(fields) \(record.problem.map { "\($0)" } ?? "")")
      }
      result.encoding = reader.resolvedEncoding
    } catch {
      result.error = "\(error)"
    }
    return result
  }

  static let variants = [
    ReadAhead(batchRecords: 1, isOn: true), ReadAhead(batchRecords: 5, isOn: true), ReadAhead(isOn: true),
  ]

  /// `plain` compressed with gzip and cut after `part`/`whole` of its bytes (a file that
  /// fails mid-stream); the path of the cut file.
  static func gzipCutShort(_ plain: String, keeping part: Int, of whole: Int, in tmp: TemporaryDirectory) throws
    -> String
  {
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-k", "-n", plain]
    try gzip.run()
    gzip.waitUntilExit()
    let bytes = try #require(FileManager.default.contents(atPath: plain + ".gz"))
    let name = (plain as NSString).lastPathComponent
    return tmp.write("cut-\(name).gz", bytes.prefix(bytes.count * part / whole))
  }

  @Test func sameRecordsAsTheReaderOnDirtyFiles() throws {
    let tmp = TemporaryDirectory()
    let report = try Generator.generate(
      GeneratorOptions(residents: 2000, days: 2, seed: 11, outputDirectory: tmp.path + "/data"))
    // The dirty roster is GB18030, an export is gzip; a gzip cut short fails mid-file
    // (beyond the 1 MiB that `auto` reads ahead with the header).
    #expect(report.exports.contains { $0.path.hasSuffix(".gz") })
    var long = "id,name,remark\n"
    for i in 0..<200_000 { long += "\(i),w\(i % 97),\(i % 13 == 0 ? "\"a\nb\"" : "x")\n" }
    let truncated = try Self.gzipCutShort(tmp.write("long.csv", long), keeping: 2, of: 3, in: tmp)
    var paths = [report.roster.path, truncated] + report.exports.map(\.path)
    paths.append(
      tmp.write("quoted.csv", "a,b,c\n1,\"x\ny\",3\n\n2,\u{0},4\n3,4,5,6\n\"7\n8\",9\r\n10,\"11\n"))
    for path in paths {
      let reference = Self.read(path, .off)
      #expect(reference.records.count > 3, "\(path): \(reference.error ?? "")")
      for variant in Self.variants {
        let parallel = Self.read(path, variant)
        let label = "\(path), batches of \(variant.batchRecords)"
        #expect(parallel.records.count == reference.records.count, "\(label)")
        #expect(parallel.error == reference.error, "\(label)")
        #expect(parallel.encoding == reference.encoding, "\(label)")
        if let k = zip(parallel.records, reference.records).enumerated().first(where: { $0.element.0 != $0.element.1 })?
          .offset
        {
          Issue.record("\(label): record \(k) is \(parallel.records[k]), not \(reference.records[k])")
        }
      }
    }
    let broken = Self.read(truncated, .off)
    #expect(broken.error?.contains("gzip") == true)
    #expect(Self.read(report.roster.path, .off).encoding == .gb18030)
  }

  /// `forEachBatchPair`: every record once, in order, in pairs; a pair's records still
  /// read the same while `body` takes the next pair (the residents pass's helper is
  /// still formatting them); `last` runs once after the final pair, also when the reader
  /// then throws (a gzip cut short), and the error is the reader's.
  @Test(arguments: [(5, true), (1024, true), (5, false)])
  func pairsStayIntactUntilTheNextPair(batchRecords: Int, isOn: Bool) throws {
    let tmp = TemporaryDirectory()
    var text = "id,name\n"
    // Beyond the 1 MiB that `auto` reads ahead with the header, so the cut gzip fails
    // mid-file.
    for i in 0..<200_000 { text += "\(i),n\(i)\n" }
    let plain = tmp.write("pairs.csv", text)
    let truncated = try Self.gzipCutShort(plain, keeping: 1, of: 2, in: tmp)
    let readAhead = ReadAhead(batchRecords: batchRecords, isOn: isOn)
    for path in [plain, truncated] {
      let reader = try CSVFileReader(path: path, displayPath: "pairs.csv", encoding: .auto)
      _ = try reader.readHeader()
      var seen: [String] = []
      var lastCalls = 0
      var previous: [(CSVRecordBlock, [String])] = []
      func fields(_ block: CSVRecordBlock) -> [String] {
        var out: [String] = []
        block.forEachRecord { out.append($0.string(0)) }
        return out
      }
      var failure: String?
      do {
        try readAhead.forEachBatchPair(
          reader,
          { first, second in
            // The previous pair, as it was read.
            for (block, expected) in previous { #expect(fields(block) == expected) }
            previous = [first, second].compactMap { $0 }.map { ($0, fields($0)) }
            for (_, values) in previous { seen += values }
            #expect(lastCalls == 0)
          }, last: { lastCalls += 1 })
      } catch {
        failure = "\(error)"
      }
      #expect(lastCalls == 1, "\(path)")
      #expect(seen == (0..<seen.count).map { "\($0)" }, "\(path)")
      if path == plain {
        #expect(seen.count == 200_000)
        #expect(failure == nil)
      } else {
        #expect(seen.count > 1_000 && seen.count < 200_000)
        #expect(failure?.contains("gzip") == true, "\(failure ?? "no error")")
      }
    }
  }

  static func outputs(pipeline: String, _ readAhead: ReadAhead, in tmp: TemporaryDirectory, name: String) throws
    -> [String: Data]
  {
    try RunFiles.read(pipeline: pipeline, out: tmp.path + "/out-\(name)") { $0.readAhead = readAhead }
  }

  static func expectSameOutputs(pipeline: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> [String: Data]
  {
    let tmp = TemporaryDirectory()
    let reference = try outputs(pipeline: pipeline, .off, in: tmp, name: "reference")
    #expect(reference.count == 8, sourceLocation: sourceLocation)
    for (k, variant) in variants.enumerated() {
      let parallel = try outputs(pipeline: pipeline, variant, in: tmp, name: "\(k)")
      #expect(parallel.keys.sorted() == reference.keys.sorted(), sourceLocation: sourceLocation)
      for (name, data) in reference {
        #expect(
          parallel[name] == data, "\(name) differs with batches of \(variant.batchRecords)",
          sourceLocation: sourceLocation)
      }
    }
    return reference
  }

  @Test func sameFilesOnDirtyGeneratedData() throws {
    let tmp = TemporaryDirectory()
    let report = try Generator.generate(
      GeneratorOptions(residents: 3000, days: 2, seed: 12, outputDirectory: tmp.path + "/data"))
    let files = try Self.expectSameOutputs(pipeline: report.pipelinePath)
    // Roster issues (duplicates, bad IDs, …) and residents must be there to compare.
    let issues = String(decoding: files["data_issues.csv"] ?? Data(), as: UTF8.self)
    #expect(issues.contains("duplicate_resident"))
    #expect(issues.contains("roster"))
    #expect(String(decoding: files["residents.csv"] ?? Data(), as: UTF8.self).split(separator: "\n").count > 2500)
  }

  /// Two roster files (a GB18030 one and a UTF-8 one): the residents pass goes through them
  /// in order, and the row and resident counts carry over from one to the next.
  @Test func sameFilesWithTwoRosterFiles() throws {
    let tmp = TemporaryDirectory()
    let report = try Generator.generate(
      GeneratorOptions(residents: 1500, days: 1, seed: 13, outputDirectory: tmp.path + "/data"))
    let other = try Generator.generate(
      GeneratorOptions(residents: 700, days: 1, seed: 14, outputDirectory: tmp.path + "/other", clean: true))
    try FileManager.default.copyItem(atPath: other.roster.path, toPath: tmp.path + "/data/roster-2.csv")
    let pipeline = try String(contentsOfFile: report.pipelinePath, encoding: .utf8)
    let single = "files: [\"roster.csv\"]"
    #expect(pipeline.contains(single))
    try pipeline.replacing(single, with: "files: [\"roster.csv\", \"roster-2.csv\"]")
      .write(toFile: report.pipelinePath, atomically: false, encoding: .utf8)
    let files = try Self.expectSameOutputs(pipeline: report.pipelinePath)
    #expect(String(decoding: files["residents.csv"] ?? Data(), as: UTF8.self).split(separator: "\n").count > 2000)
  }

  @Test func sameFilesOnTheAcceptanceSet() throws {
    _ = try Self.expectSameOutputs(pipeline: Fixtures.acceptance("small/pipeline.yml"))
  }
}
