import NatReconSQLite
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// Summary rows go into the history `HistoryStore.summaryBatch` to an INSERT, the last
/// few one at a time: every row comes back, in order, whatever the count.
@Suite struct HistorySummaryBatchTests {
  static func run(_ id: String, asOf: String, rows: Int) -> HistoryRun {
    var run = HistoryRun(
      runID: id, asOf: asOf, roundStart: "2022-04-01 00:00:00", roundEnd: "2022-04-04 00:00:00", validityHours: 48,
      warnHours: 12, validityAnchor: "report", pipelineName: "t", pipelinePath: "t.yml", toolVersion: "0")
    run.summary = (0..<rows).map { r in
      [
        r == 0 ? "total" : "building", r == 0 ? "" : "区\(r % 3)", r == 0 ? "" : "街道\(r % 5)", r == 0 ? "" : "社区",
        r == 0 ? "" : "", r == 0 ? "" : "\(r)号楼", "\(100 + r)", "\(90 + r)", "\(r)", "\(90)",
        r % 7 == 0 ? "" : "0.\(1000 + r)", r % 7 == 0 ? "" : "0.25\(r % 10)0", "\(r / 2)", "\(r * 3)", "\(r)",
        "\(r % 2)",
      ]
    }
    return run
  }

  @Test(arguments: [0, 1, 31, 32, 33, 64, 70])
  func everyRowComesBackInOrder(rows: Int) throws {
    let tmp = TemporaryDirectory("natrecon-history-batch")
    let store = try HistoryStore(path: tmp.path + "/history.sqlite")
    let first = Self.run("20220403-200000", asOf: "2022-04-03 20:00:00", rows: rows)
    try store.record(first)
    #expect(try store.trendRows(HistoryStore.Query()) == first.summary.map { [first.runID, first.asOf] + $0 })
    // A rerun with the same T replaces the rows, a later run adds its own.
    let again = Self.run("20220403-200000", asOf: "2022-04-03 20:00:00", rows: rows + 5)
    let later = Self.run("20220403-210000", asOf: "2022-04-03 21:00:00", rows: 40)
    try store.record(again)
    try store.record(later)
    #expect(
      try store.trendRows(HistoryStore.Query())
        == again.summary.map { [again.runID, again.asOf] + $0 } + later.summary.map { [later.runID, later.asOf] + $0 })
    #expect(
      try store.query("SELECT min(row), max(row), count(*) FROM summary WHERE run_id = '20220403-200000'") == [
        [.int(rows + 5 > 0 ? 1 : 0), .int(Int64(rows + 5)), .int(Int64(rows + 5))]
      ])
  }
}
