import Foundation
import NatReconGenerator
import NatReconIO
import NatReconTestSupport
import Testing

/// The fast record scanner (quote-free lines split word at a time, STYLE §11) against
/// libcsv alone, the reference (SPEC §8): same header, records, values, line numbers,
/// problems, encoding, encoding evidence and errors, on every CSV fixture and the
/// acceptance inputs, seeded dirty generated data (GB18030 roster, gzip export) and
/// seeded random CSV built from the bytes that matter (blanks, `,` `"` CR LF, NUL,
/// invalid and non-ASCII bytes), large enough that records straddle chunk boundaries.
///
/// `make test` runs this suite a second time with `NATRECON_READER_SMALL_BUFFERS=1`
/// (4 KiB chunks, 8 KiB sniff window), so short files cross many boundaries too.
@Suite struct ScannerDifferentialTests {
  struct Outcome: Equatable, CustomStringConvertible {
    var header: [String]?
    var records: [ReadRecord] = []
    var encoding: TextEncoding?
    var evidence: EncodingEvidence?
    var error: String?
    var description: String {
      "header \(header ?? []), \(records.count) records, \(encoding.map { "\($0)" } ?? "-"), error \(error ?? "-")"
    }
  }

  static func read(_ path: String, _ encoding: TextEncoding, _ scanner: CSVFileReader.Scanner) -> Outcome {
    var outcome = Outcome()
    do {
      let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: encoding, scanner: scanner)
      #expect(reader.scanner == scanner)
      outcome.header = try reader.readHeader()
      try reader.forEachRecord { record in
        outcome.records.append(
          ReadRecord(line: record.line, (0..<record.fieldCount).map { record.string($0) }, record.problem))
      }
      outcome.encoding = reader.resolvedEncoding
      outcome.evidence = reader.encodingEvidence
    } catch {
      outcome.error = "\(error)"
    }
    return outcome
  }

  /// Reads `path` both ways in each encoding; returns the number of records compared.
  @discardableResult
  static func expectSame(
    _ path: String, encodings: [TextEncoding] = [.auto], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> Int {
    var compared = 0
    for encoding in encodings {
      let fast = read(path, encoding, .fast)
      let reference = read(path, encoding, .libcsvOnly)
      compared += reference.records.count
      #expect(fast == reference, "\(path) (\(encoding))", sourceLocation: sourceLocation)
      if fast != reference {
        for (a, b) in zip(fast.records, reference.records) where a != b {
          Issue.record("first difference: fast \(a) vs libcsv \(b)", sourceLocation: sourceLocation)
          break
        }
      }
    }
    return compared
  }

  @Test func everyFixtureAndTheAcceptanceInputs() {
    let files = RecordRunTests.fixtureFiles
    #expect(files.count >= 30)
    #expect(files.contains { $0.contains("/acceptance/small/input/") })
    var records = 0
    for path in files { records += Self.expectSame(path, encodings: [.auto, .utf8, .gb18030]) }
    #expect(records > 1000)
  }

  @Test func generatedDirtyData() throws {
    let dir = Scratch.directory() + "/generated"
    let report = try Generator.generate(GeneratorOptions(residents: 3000, days: 3, seed: 10, outputDirectory: dir))
    let files = [report.roster] + report.exports
    #expect(files.contains { $0.path.hasSuffix(".gz") })
    var records = 0
    for file in files { records += Self.expectSame(file.path) }
    #expect(records > 6000)
  }

  /// Random CSV from the bytes that matter: mostly plain rows (the fast path's case), with
  /// quotes, blanks, line ends of every kind, NUL and invalid bytes sprinkled in.
  static func randomText(seed: UInt64) -> [UInt8] {
    var random = SplitMix64(seed: seed)
    let pieces: [[UInt8]] = [
      Array("abc".utf8), Array("12".utf8), Array("阴性".utf8), [0x20], [0x09], [0x2C], [0x2C], [0x2C], [0x22], [0x0D],
      [0x0A], [0x0D, 0x0A], [0x0A], [0x00], [0xFF], [0xB2, 0xE2], [0xE3, 0x80, 0x80], Array("\"a,b\"".utf8),
      Array("\"x\r\ny\"".utf8), Array("  ".utf8), Array(" \t".utf8), Array("310101199003071230".utf8),
      Array("2022-04-03 08:00:00".utf8), Array("\r \n".utf8), Array(",,,,,,".utf8),
    ]
    var bytes = Array("id,name,time,result\n".utf8)
    let target = 300_000 + Int(random.next() % 300_000)
    // Even seeds: quotes rare (long quote-free stretches); odd seeds: quotes common.
    let quoteRate = UInt64(seed % 2 == 0 ? 400 : 8)
    while bytes.count < target {
      switch random.next() % 8 {
      case 0, 1, 2, 3:
        bytes += Array("310101199003071230, 王 芳 ,2022-04-03 08:00:00,1\n".utf8)
      case 4:
        bytes += Array("110101199003071234,\tLi Lei\t,2022-04-01 08:00:00,阴性\r\n".utf8)
      default:
        for _ in 0..<(1 + random.next() % 12) {
          let piece = pieces[Int(random.next() % UInt64(pieces.count))]
          if piece.contains(0x22) && random.next() % quoteRate != 0 { continue }
          bytes += piece
        }
      }
    }
    return bytes
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
  func seededRandomText(seed: UInt64) {
    let bytes = Self.randomText(seed: seed)
    let records = Self.expectSame(Scratch.file(bytes, name: "random-\(seed).csv"), encodings: [.auto, .utf8, .gb18030])
    #expect(records > 10_000)
  }

  @Test(arguments: [7, 8] as [UInt64])
  func seededRandomTextGzipAndGB18030(seed: UInt64) {
    let bytes = Self.randomText(seed: seed)
    Self.expectSame(Scratch.gzipFile(bytes, name: "random-\(seed).csv.gz"), encodings: [.auto, .utf8])
    // Chinese text in GB18030 (the random pieces' Chinese, converted by iconv; the
    // invalid bytes and NULs stay as they are).
    var text = Array("id,name,time,result\n".utf8)
    for i in 0..<20_000 {
      text += Array(
        "\(310_101_199_003_071_230 + i % 7),\(i % 9 == 0 ? "\"王,芳\"" : " 王 芳 "),2022-04-03,阴性\(i % 5 == 0 ? "\r\n" : "\n")"
          .utf8)
    }
    let gb = Scratch.gb18030(String(decoding: text, as: UTF8.self))
    Self.expectSame(Scratch.file(gb, name: "gb-\(seed).csv"), encodings: [.auto, .gb18030])
    Self.expectSame(Scratch.gzipFile(gb, name: "gb-\(seed).csv.gz"), encodings: [.auto, .gb18030])
  }

  /// The rules the fast path must copy, one small file each: trimming, blank lines and
  /// lines of blanks, lone CR, CR-blanks-LF, short and extra fields, NUL, a quote in the
  /// middle of an unquoted field, a quoted field over several lines followed by plain
  /// lines, an unfinished last line, and fields quoted whole (the fast path's) beside
  /// doubled quotes, blanks around quotes, text after a closing quote and line ends
  /// inside quotes (libcsv's).
  @Test(arguments: [
    "a,b,c\n 1 , 2 ,3\n\n   \n\t\n4,5\r\n6,7,8,9\r\r10,,\n",
    "a,b\r1,2\r \n3,4\r\n\r\n5, \t\n",
    "a,b\n1,\"x\ny\"\n2,3\n4,\"5\n",
    "a,b\n1,x\"y\"z\n2,3\n",
    "a,b\n1,\u{0}\n\u{0},2\n3,4",
    "a,b,c\n1,2,3,   ,\t\n4,5,6,,\n7,8,9,x\n",
    "a,b\n\"1\",2\n3,4\n \"5\" ,6\n",
    "a\n1\n2\r\n3\r4",
    "a,b\n1,2\n,\n , \n",
    // Fields quoted whole (the fast path takes them) and every near miss (libcsv's).
    "a,b,c\n\"x,y\",2,\"\"\n\"\",\"\",\"\"\r\n\"1\"\r\"2\",\"3\"\n\"\"\n\" \",\"\t\"\n",
    "a,b\n\"x\"\"y\",1\n\"x\" ,1\n\"x\"y,1\n \"x\",1\n\"x\ny\",1\n1,\"x\",\"\n\"2\",3\n",
    "a,b\n1,\"x,y\"\n2,\"\u{0}\",\"阴性\"\n3,\"x,y\"",
    "a,b\n1,\"\",\n\",\",\",\"\n\"a\"\"\n",
  ])
  func smallCases(text: String) {
    Self.expectSame(Scratch.file(text), encodings: [.auto, .utf8, .gb18030])
  }
}
