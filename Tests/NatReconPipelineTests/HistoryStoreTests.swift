import Foundation
import NatReconCore
import NatReconReports
import NatReconSQLite
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// The history store in process: the trend API for report stages, the documented
/// example queries, retention's choice of folders.
@Suite struct HistoryStoreTests {
  /// Runs the acceptance inputs at `asOf` into `out` (machine files only).
  @discardableResult
  static func run(out: String, asOf: String, maxInputAgeHours: Int? = nil) throws -> RunOutcome {
    var spec = try PipelineSpec.load(path: Fixtures.acceptance("small/pipeline.yml"))
    var o = PipelineOverrides()
    o.out = out
    o.formats = ["csv"]
    o.asOf = asOf
    try spec.apply(o)
    if let maxInputAgeHours { spec.maxInputAgeHours = maxInputAgeHours }
    return try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
  }

  static func threeNights() throws -> TemporaryDirectory {
    let tmp = TemporaryDirectory("natrecon-history")
    for t in ["2022-04-03 20:00", "2022-04-03 21:00", "2022-04-03 22:00"] {
      let outcome = try run(out: tmp.path + "/out", asOf: t)
      #expect(outcome.exitStatus == 0, "\(outcome.summary)")
    }
    return tmp
  }

  /// summary.csv's total row of a run folder.
  static func totalRow(_ tmp: TemporaryDirectory, _ runID: String) throws -> [String] {
    let data = try #require(tmp.read("out/\(runID)/summary.csv"))
    return String(decoding: data, as: UTF8.self).split(separator: "\n")[1].split(
      separator: ",", omittingEmptySubsequences: false
    )
    .map(String.init)
  }

  @Test func trendGivesEarlierRunsOldestFirstAndLeavesStaleRunsOut() throws {
    let tmp = try Self.threeNights()
    let out = tmp.path + "/out"
    // A stale night two days on: recorded, but not a trend point.
    #expect(try Self.run(out: out, asOf: "2022-04-05 22:00").exitStatus == 4)
    let t = try #require(Timestamp.parse("2022-04-06 22:00"))
    let trend = HistoryStore.trend(out: out, area: .total, last: 2, before: t)
    #expect(trend.note == nil)
    #expect(trend.points.map(\.runID) == ["20220403-210000", "20220403-220000"])
    let withStale = HistoryStore.trend(out: out, area: .total, last: 14, before: t, includeStale: true)
    #expect(withStale.points.map(\.runID).last == "20220405-220000")
    #expect(withStale.points.last?.status == "stale_inputs")
    // Strictly before T: the run at 21:00 sees only the one at 20:00.
    let early = HistoryStore.trend(
      out: out, area: .total, last: 14, before: try #require(Timestamp.parse("2022-04-03 21:00")))
    #expect(early.points.map(\.runID) == ["20220403-200000"])
    // The figures are summary.csv's.
    let total = try Self.totalRow(tmp, "20220403-220000")
    let point = try #require(trend.points.last)
    #expect(point.asOf == "2022-04-03 22:00:00")
    #expect([point.residents, point.eligible, point.tested, point.untested].map(String.init) == Array(total[6...9]))
    #expect(point.coverage.map(DecimalText.fixed4) == total[10])
    #expect(point.certRate.map(DecimalText.fixed4) == total[11])
    // A committee by its key.
    let committee = TrendArea(level: "committee", district: "徐汇区", street: "徐家汇街道", committee: "建国四村居委会")
    let points = HistoryStore.trend(out: out, areas: [committee, .total], last: 3, before: t)
    #expect(points[committee]?.points.count == 3)
    #expect(points[committee]?.points.allSatisfy { $0.eligible > 0 } == true)
  }

  @Test func trendOfAMissingOrCorruptHistoryIsEmptyWithANote() throws {
    let tmp = TemporaryDirectory("natrecon-history")
    let missing = HistoryStore.trend(out: tmp.path, area: .total, last: 3, before: 0)
    #expect(missing.points.isEmpty)
    #expect(missing.note?.contains("no history yet") == true)
    tmp.write("history.sqlite", String(repeating: "garbage ", count: 200))
    let corrupt = HistoryStore.trend(out: tmp.path, area: .total, last: 3, before: 0)
    #expect(corrupt.points.isEmpty)
    #expect(corrupt.note?.contains("history.sqlite") == true)
  }

  /// Every ```sql block of docs/history.md runs against a real history.
  @Test func documentedQueriesRun() throws {
    let tmp = try Self.threeNights()
    let doc = try String(contentsOfFile: Fixtures.packageRoot + "/docs/history.md", encoding: .utf8)
    let blocks = doc.components(separatedBy: "```sql\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    #expect(blocks.count == 4)
    let store = try HistoryStore.reading(out: tmp.path + "/out")
    var results: [[[SQLiteValue]]] = []
    for sql in blocks { results.append(try store.query(sql)) }
    // Coverage of one committee: three nights, newest first.
    #expect(results[0].count == 3)
    #expect(results[0].first?.first == .text("2022-04-03 22:00:00"))
    // Below 90% three nights running: exactly the committees whose coverage stayed under.
    var query = HistoryStore.Query()
    query.level = "committee"
    var maxima: [String: Double] = [:]
    for row in try store.trendRows(query) {
      let key = row[3...5].joined(separator: "/")
      maxima[key] = max(maxima[key] ?? 0, Double(row[12]) ?? 1)
    }
    let expected = Set(maxima.filter { $0.value < 0.9 }.keys)
    let found = Set(
      results[1].map { row in
        row[0...2].map { if case .text(let s) = $0 { s } else { "" } }.joined(separator: "/")
      })
    #expect(!expected.isEmpty)
    #expect(found == expected)
    #expect(results[2].count == 3)
    #expect(results[3].count == 9)
  }

  /// `beginRecording` writes a run's summary rows out of readers' sight; `abandonRecording`
  /// rolls them back (an earlier recording of the same run stays) and frees the write
  /// lock; `finishRecording` commits the same history as `record`.
  @Test func aRecordingIsInvisibleUntilFinishedAndAbandoningKeepsTheEarlierOne() throws {
    let tmp = TemporaryDirectory("natrecon-history-draft")
    let summary = Data(
      (HistorySummaryFastPathTests.header + "\ntotal,,,,,,5,4,3,1,0.7500,0.5000,2,2,1,0\n").utf8)
    let run = try HistorySummaryFastPathTests.run("20220403-220000", summary: summary)
    let store = try HistoryStore(path: tmp.path + "/h.sqlite")
    try store.record(run)
    let recorded = try HistorySummaryFastPathTests.dump(store)

    let changed = Data((HistorySummaryFastPathTests.header + "\ntotal,,,,,,9,9,9,0,1.0000,1.0000,9,3,3,0\n").utf8)
    try store.beginRecording(runID: run.runID, summaryCSV: changed, summaryRows: [])
    let reader = try HistoryStore(readingPath: tmp.path + "/h.sqlite")
    #expect(try HistorySummaryFastPathTests.dump(reader) == recorded)
    store.abandonRecording()
    #expect(try HistorySummaryFastPathTests.dump(store) == recorded)
    // The lock is free again: another writer records.
    let other = try HistoryStore(path: tmp.path + "/h.sqlite")
    try other.record(try HistorySummaryFastPathTests.run("20220403-230000", summary: changed))

    try store.beginRecording(runID: run.runID, summaryCSV: changed, summaryRows: [])
    var figures = try HistorySummaryFastPathTests.run(run.runID, summary: changed)
    figures.summaryCSV = nil
    try store.finishRecording(figures)
    let reference = try HistoryStore(path: tmp.path + "/reference.sqlite")
    try reference.record(try HistorySummaryFastPathTests.run("20220403-230000", summary: changed))
    try reference.record(try HistorySummaryFastPathTests.run(run.runID, summary: changed))
    #expect(try HistorySummaryFastPathTests.dump(reader) == HistorySummaryFastPathTests.dump(reference))
  }

  @Test func schemaCommentsNameEveryTable() throws {
    let tmp = try Self.threeNights()
    let store = try HistoryStore.reading(out: tmp.path + "/out")
    let tables = try store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    #expect(tables == ["run_counts", "run_inputs", "run_stages", "runs", "summary"].map { [.text($0)] })
    #expect(try store.query("PRAGMA user_version") == [[.int(Int64(HistoryStore.schemaVersion))]])
  }

  /// The writer keeps statement journals in memory (`PRAGMA temp_store = MEMORY`, 2): on
  /// disk they were most of what recording wrote; the WAL and `synchronous` stay as they
  /// were, so a commit is as durable as before.
  @Test func theWriterKeepsStatementJournalsInMemoryAndCommitsDurably() throws {
    let tmp = TemporaryDirectory("natrecon-history")
    let store = try HistoryStore(path: tmp.path + "/history.sqlite")
    #expect(try store.query("PRAGMA temp_store") == [[.int(2)]])
    #expect(try store.query("PRAGMA journal_mode") == [[.text("wal")]])
    #expect(try store.query("PRAGMA synchronous") == [[.int(2)]])  // FULL
  }

  /// A new history file has 64 KiB pages (`HistoryStore.pageSize`); a file made with
  /// another page size keeps it.
  @Test func aNewFileHasLargePagesAndAnOlderFileKeepsItsOwn() throws {
    let tmp = TemporaryDirectory("natrecon-history")
    let store = try HistoryStore(path: tmp.path + "/new.sqlite")
    #expect(try store.query("PRAGMA page_size") == [[.int(Int64(HistoryStore.pageSize))]])
    #expect(HistoryStore.pageSize == 65536)

    let older = try SQLiteDatabase(path: tmp.path + "/older.sqlite")
    try older.execute("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL")
    try older.execute("BEGIN; \(HistoryStore.schema) PRAGMA user_version = \(HistoryStore.schemaVersion); COMMIT")
    let reopened = try HistoryStore(path: tmp.path + "/older.sqlite")
    #expect(try reopened.query("PRAGMA page_size") == [[.int(4096)]])
    try reopened.record(try HistorySummaryFastPathTests.run("20220403-220000", summary: Self.summary(rows: 500)))
    #expect(try reopened.query("SELECT count(*) FROM summary") == [[.int(501)]])
  }

  /// A summary.csv of a total row and `rows` building rows.
  static func summary(rows: Int) -> Data {
    var text = HistorySummaryFastPathTests.header + "\ntotal,,,,,,5,4,3,1,0.7500,0.5000,2,2,1,0\n"
    for i in 0..<rows {
      text += "building,徐汇区,徐家汇街道,建国四村居委会,建国四村,\(i)号楼,5,4,3,1,0.7500,0.5000,2,2,1,0\n"
    }
    return Data(text.utf8)
  }

  @Test func rebuildSkipsAFolderItCannotReadAndRecordsTheOthers() throws {
    let tmp = try Self.threeNights()
    let out = tmp.path + "/out"
    let before = try HistoryStore.reading(out: out).trendRows(HistoryStore.Query())
    tmp.write("out/20220401-000000/manifest.json", "{}")
    tmp.write(
      "out/20220402-000000/manifest.json",
      String(decoding: try #require(tmp.read("out/20220403-220000/manifest.json")), as: UTF8.self))
    let (recorded, skipped) = try HistoryStore.rebuild(out: out)
    #expect(recorded == ["20220403-200000", "20220403-210000", "20220403-220000"])
    #expect(skipped.count == 2)
    #expect(skipped.first?.contains("20220401-000000/manifest.json") == true)
    #expect(skipped.last?.contains("is not the folder's run 20220402-000000") == true)
    #expect(try HistoryStore.reading(out: out).trendRows(HistoryStore.Query()) == before)
  }

  @Test func retentionKeepsTheGreatestAndLatest() {
    let ids = ["20220401-220000", "20220403-220000", "20220402-220000", "20220404-220000"]
    #expect(Retention.surplus(runIDs: ids, keep: 0, latest: nil).isEmpty)
    #expect(
      Retention.surplus(runIDs: ids, keep: 2, latest: "20220404-220000") == ["20220401-220000", "20220402-220000"])
    #expect(
      Retention.surplus(runIDs: ids, keep: 1, latest: "20220402-220000") == ["20220401-220000", "20220403-220000"])
    #expect(Retention.surplus(runIDs: ids, keep: 9, latest: nil).isEmpty)
  }

  @Test func runIDsAreRecognisedExactly() {
    #expect(HistoryStore.isRunID("20220403-220000"))
    for name in ["latest", "history.sqlite", ".tmp-20220403-220000-1", "20220403220000", "2022040x-220000"] {
      #expect(!HistoryStore.isRunID(name))
    }
  }

  @Test func statusPrefersStaleOverRejectRate() {
    var account = FileAccount(path: "t.csv", displayPath: "t.csv", role: "tests")
    account.rows = 10
    account.rowsRejected = 5
    let t: Int64 = 1_000_000
    let fresh = NewestSample(time: t - 3600, file: "t.csv")
    let old = NewestSample(time: t - 25 * 3600, file: "t.csv")
    #expect(
      RunStatus.of(accounts: [account], newest: fresh, asOf: t, maxRejectRate: 0.05, maxInputAgeHours: 24)
        == .rejectRateExceeded)
    #expect(
      RunStatus.of(accounts: [account], newest: old, asOf: t, maxRejectRate: 0.05, maxInputAgeHours: 24) == .staleInputs
    )
    #expect(
      RunStatus.of(accounts: [account], newest: old, asOf: t, maxRejectRate: 0.05, maxInputAgeHours: 0)
        == .rejectRateExceeded)
    #expect(RunStatus.of(accounts: [], newest: nil, asOf: t, maxRejectRate: 0.05, maxInputAgeHours: 24) == .staleInputs)
    #expect(RunStatus.staleInputs.exitStatus == 4)
    // Exactly max_input_age_hours old is still fresh (bounds are inclusive).
    let edge = NewestSample(time: t - 24 * 3600, file: "t.csv")
    #expect(RunStatus.of(accounts: [], newest: edge, asOf: t, maxRejectRate: 0.05, maxInputAgeHours: 24) == .ok)
  }
}
