import Foundation
import NatReconSQLite
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// The history's fast path (summary.csv's bytes bound as they are: `HistoryRun.check`,
/// `MachineCSV.forEachRecord`, `SummaryNumber`, `HistoryStore.insertSummary(csv:)`)
/// against the reference (`MachineCSV.rows` into `[[String]]`, the `String`
/// initialisers, `insertSummary(rows:)`): the same rows and values in the history, the
/// same refusals with the same messages.
@Suite struct HistorySummaryFastPathTests {
  static let header = HistoryStore.summaryColumns.joined(separator: ",")

  /// A generator shared by the random cases (seeded: the same cases every run).
  struct Random {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
  }

  static func run(_ id: String, summary: Data) throws -> HistoryRun {
    let manifest = """
      {"as_of": "\(id.prefix(4))-\(id.dropFirst(4).prefix(2))-\(id.dropFirst(6).prefix(2)) \
      \(id.dropFirst(9).prefix(2)):\(id.dropFirst(11).prefix(2)):\(id.dropFirst(13).prefix(2))",
       "round_start": "2022-04-01 00:00:00", "round_end": "2022-04-04 00:00:00"}
      """
    return try HistoryRun.parse(runID: id, manifest: Data(manifest.utf8), summary: summary, folder: "f")
  }

  /// Every table of a history, typed values in key order.
  static func dump(_ store: HistoryStore) throws -> [[SQLiteValue]] {
    try store.query("SELECT * FROM summary ORDER BY run_id, row")
      + store.query("SELECT * FROM runs ORDER BY run_id")
  }

  /// Records `summaries` (one run each, then the first again: a rerun) both ways and
  /// compares the two histories.
  static func expectSameHistory(_ summaries: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let tmp = TemporaryDirectory("natrecon-history-fast")
    let fast = try HistoryStore(path: tmp.path + "/fast.sqlite")
    let reference = try HistoryStore(path: tmp.path + "/reference.sqlite")
    let ids = summaries.indices.map { String(format: "20220403-%02d0000", 10 + $0) }
    for (id, text) in zip(ids + ids.prefix(1), summaries + summaries.prefix(1)) {
      let run = try Self.run(id, summary: Data(text.utf8))
      #expect(run.summaryCSV != nil && run.summary.isEmpty, sourceLocation: sourceLocation)
      let parsed = run.withParsedSummary()
      #expect(parsed.summaryCSV == nil, sourceLocation: sourceLocation)
      try fast.record(run)
      try reference.record(parsed)
    }
    let a = try dump(fast)
    let b = try dump(reference)
    #expect(a == b, sourceLocation: sourceLocation)
    #expect(
      try fast.query("SELECT count(*) FROM summary") == [[.int(Int64(summaries.map(Self.rowCount).reduce(0, +)))]],
      sourceLocation: sourceLocation)
  }

  static func rowCount(_ summary: String) -> Int { MachineCSV.rows(Data(summary.utf8)).count - 1 }

  /// A summary row with random, mostly realistic fields, sometimes quoted or odd.
  static func row(_ r: inout Random, level: String) -> String {
    let names = ["徐汇区", "徐家汇街道", "建国四村居委会", "A,B", "say \"hi\"", "two\nlines", "", "é", "x\r", "𠀋"]
    func name() -> String {
      let n = names[r.next(names.count)]
      return n.contains(where: { ",\"\n\r".contains($0) })
        ? "\"" + n.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : n
    }
    let counts = ["0", "7", "123456", "999999999999999999", "12345678901234567890", "+5", "-3", "", "x", "07"]
    let ratios = [
      "", "0.8749", "1.0000", "0.0000", "1", "0.1", "12.5", "1e3", "-0.5", "nan", "0.1234567890123456", ".5",
    ]
    var fields = [level]
    for _ in 0..<5 { fields.append(r.next(4) == 0 ? name() : ["徐汇区", "街道", "1号楼", ""][r.next(4)]) }
    for _ in 0..<4 { fields.append(r.next(3) == 0 ? counts[r.next(counts.count)] : String(r.next(100_000))) }
    for _ in 0..<2 { fields.append(r.next(3) == 0 ? ratios[r.next(ratios.count)] : "0.\(1000 + r.next(9000))") }
    for _ in 0..<4 { fields.append(r.next(3) == 0 ? counts[r.next(counts.count)] : String(r.next(1000))) }
    return fields.joined(separator: ",")
  }

  @Test func sameHistoryAsTheReferenceOnRandomSummaries() throws {
    var r = Random(state: 0x5EED_0010)
    var summaries: [String] = []
    for rows in [0, 1, 31, 32, 33, 70] {
      let lines = (0..<rows).map { i in Self.row(&r, level: i == 0 ? "total" : HistoryStore.levels[1 + r.next(5)]) }
      summaries.append(([Self.header] + lines).joined(separator: r.next(2) == 0 ? "\n" : "\r\n") + "\n")
    }
    // No LF at the end; a trailing comma (an empty last field).
    summaries.append(Self.header + "\n" + Self.row(&r, level: "total"))
    summaries.append(Self.header + "\ntotal,,,,,,1,1,1,0,1.0000,1.0000,1,1,1,")
    try Self.expectSameHistory(summaries)
  }

  @Test func sameHistoryAsTheReferenceForTheAcceptanceSummary() throws {
    let tmp = TemporaryDirectory("natrecon-history-fast")
    try HistoryStoreTests.run(out: tmp.path + "/out", asOf: "2022-04-03 22:00")
    let summary = try #require(tmp.read("out/20220403-220000/summary.csv"))
    try Self.expectSameHistory([String(decoding: summary, as: UTF8.self)])
  }

  @Test func bytesThatAreNotUTF8AreRepairedAsTheReferenceRepairsThem() throws {
    var bytes = Array((Self.header + "\ntotal,").utf8)
    bytes += [0xE5, 0xBE, 0x90, 0xFF, 0x41, 0xED, 0xA0, 0x80, 0xC0, 0xAF]  // 徐, then three invalid pieces
    bytes += Array(",,,,,1,1,1,0,,,1,1,1,0\n".utf8)
    let tmp = TemporaryDirectory("natrecon-history-fast")
    let fast = try HistoryStore(path: tmp.path + "/fast.sqlite")
    let reference = try HistoryStore(path: tmp.path + "/reference.sqlite")
    let run = try Self.run("20220403-200000", summary: Data(bytes))
    try fast.record(run)
    try reference.record(run.withParsedSummary())
    #expect(try Self.dump(fast) == Self.dump(reference))
    #expect(
      try fast.query("SELECT district FROM summary") == [[.text("徐\u{FFFD}A\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")]])
  }

  /// The reference checks of summary.csv (before the fast path): header, then widths.
  static func referenceProblem(_ data: Data) -> String? {
    var rows = MachineCSV.rows(data)
    guard rows.first == HistoryStore.summaryColumns else {
      return "header is not \(HistoryStore.summaryColumns.joined(separator: ","))"
    }
    rows.removeFirst()
    if let short = rows.firstIndex(where: { $0.count != HistoryStore.summaryColumns.count }) {
      return "line \(short + 2) has \(rows[short].count) fields, not \(HistoryStore.summaryColumns.count)"
    }
    return nil
  }

  @Test func refusesWhatTheReferenceRefusedWithTheSameMessage() throws {
    let good = "total,,,,,,1,1,1,0,1.0000,1.0000,1,1,1,0"
    let cases = [
      "", "\n", Self.header, Self.header + "\n", "level,district\n" + good,
      "\"level\"" + Self.header.dropFirst(5) + "\n" + good,
      Self.header + "\n" + good + ",extra\n", Self.header + "\n" + good + "\n\n",
      Self.header + "\n" + good + "\ntotal,\"a\nb\"\n",
      Self.header + "\r\n" + good + "\r\n", Self.header + "\n\"\"", Self.header + ",\n" + good,
    ]
    for text in cases {
      let data = Data(text.utf8)
      #expect(HistoryRun.check(summary: data) == Self.referenceProblem(data), "\(text.debugDescription)")
      do {
        _ = try Self.run("20220403-200000", summary: data)
        #expect(Self.referenceProblem(data) == nil, "\(text.debugDescription)")
      } catch {
        #expect("\(error)".contains(try #require(Self.referenceProblem(data))), "\(text.debugDescription)")
      }
    }
    // Random bytes of the pieces that matter: the same verdict.
    var r = Random(state: 0xC4EC)
    let pieces = [
      Self.header, good, ",", "\"", "\"\"", "\r", "\n", "\r\n", "a", "云", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
    ]
    for _ in 0..<2_000 {
      let text = (0..<r.next(10)).map { _ in pieces[r.next(pieces.count)] }.joined()
      let data = Data(text.utf8)
      #expect(HistoryRun.check(summary: data) == Self.referenceProblem(data), "\(text.debugDescription)")
    }
  }

  @Test func recordsAreTheReferencesRowsOnRandomBytes() {
    var r = Random(state: 0x4180_5EED)
    let pieces = ["a", "7", "云", ",", "\"", "\"\"", "\r", "\n", "\r\n", "", "\u{FF}", "\u{E9}"]
    for _ in 0..<3_000 {
      var bytes = Array((0..<r.next(24)).map { _ in pieces[r.next(pieces.count)] }.joined().utf8)
      if r.next(4) == 0 { bytes.insert([0xFF, 0xC0, 0xED, 0xE5][r.next(4)], at: r.next(bytes.count + 1)) }
      var records: [[String]] = []
      bytes.withUnsafeBytes { buffer in
        MachineCSV.forEachRecord(buffer) { (record: MachineRecord) in
          switch record {
          case .plain(let start, let end):
            records.append(
              buffer[start..<end].split(separator: 0x2C, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
              })
          case .parsed(let fields): records.append(fields)
          }
        }
      }
      #expect(records == MachineCSV.rows(Data(bytes)), "\(bytes)")
    }
  }

  @Test func wellFormedUTF8IsWhatStringKeepsAsItIs() {
    var r = Random(state: 0x0071_F8)
    let special: [UInt8] =
      [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF]
      + [0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x8F, 0x90, 0x9F, 0xA0]
    for _ in 0..<20_000 {
      let bytes = (0..<r.next(20)).map { _ in r.next(3) == 0 ? UInt8(r.next(256)) : special[r.next(special.count)] }
      let kept = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
      let valid = bytes.withUnsafeBytes {
        MachineCSV.isWellFormedUTF8($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: $0.count)
      }
      #expect(valid == kept, "\(bytes)")
    }
    for text in ["", "plain ascii text here", "徐汇区建国四村居委会", "𠀋é\u{7F}", "€uro 1234567"] {
      let bytes = Array(text.utf8)
      #expect(
        bytes.withUnsafeBytes {
          MachineCSV.isWellFormedUTF8($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: $0.count)
        })
    }
  }

  @Test func numbersAreTheStringInitialisersNumbers() {
    var texts = [
      "", "0", "7", "07", "123456", "999999999999999999", "9223372036854775807", "9223372036854775808",
      "12345678901234567890", "+5", "-3", "x", " 1", "1 ", "1.5", "0.8749", "1.0000", "0.0000", "12.5", "1e3", "-0.5",
      "nan", "inf", "0.1234567890123456", "0.123456789012345", "999999999999999.9", ".5", "5.", "1..2", "0x10",
      "00000000000000000001", "0.30000000000000004",
    ]
    var r = Random(state: 0xD161_75)
    for _ in 0..<5_000 {
      let digits = (0..<(1 + r.next(16))).map { _ in String(r.next(10)) }.joined()
      let point = r.next(digits.count + 1)
      texts.append(r.next(3) == 0 ? digits : String(digits.prefix(point)) + "." + digits.dropFirst(point))
    }
    for text in texts {
      let bytes = Array(text.utf8)
      bytes.withUnsafeBytes { b in
        let p = b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        #expect(SummaryNumber.int(p, count: b.count) == (Int64(text) ?? 0), "\(text)")
        let fast = SummaryNumber.double(p, count: b.count)
        let reference = Double(text)
        #expect(
          fast?.bitPattern == reference?.bitPattern || (fast?.isNaN == true && reference?.isNaN == true), "\(text)")
      }
    }
  }
}
