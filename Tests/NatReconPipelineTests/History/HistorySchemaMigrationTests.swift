import Foundation
import NatReconCore
import NatReconSQLite
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// Schema version 2 (docs/history.md "Schema versions"): a version-1 history made by the
/// last version-1 natrecon (Tests/Fixtures/history) is read as it is, and migrated when
/// opened for writing; both read the same as that natrecon printed.
@Suite struct HistorySchemaMigrationTests {
  static func copyOfVersion1() throws -> TemporaryDirectory {
    let tmp = TemporaryDirectory("natrecon-history-migration")
    try FileManager.default.createDirectory(atPath: tmp.path + "/out", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Fixtures.path("history/version-1.sqlite"), toPath: tmp.path + "/out/history.sqlite")
    return tmp
  }

  /// What the version-1 natrecon printed with `natrecon history out`, as rows.
  static func printed() throws -> [[String]] {
    let data = try #require(FileManager.default.contents(atPath: Fixtures.path("history/version-1-history.csv")))
    let rows = MachineCSV.rows(data)
    #expect(rows.first == ["run_id", "as_of"] + HistoryStore.summaryColumns)
    return Array(rows.dropFirst())
  }

  /// Every table, typed values in key order.
  static func tables(_ store: HistoryStore) throws -> [[[SQLiteValue]]] {
    try [
      "SELECT * FROM runs ORDER BY run_id", "SELECT * FROM run_inputs ORDER BY run_id, position",
      "SELECT * FROM run_counts ORDER BY run_id, name", "SELECT * FROM run_stages ORDER BY run_id, stage",
      "SELECT * FROM summary ORDER BY run_id, row",
    ].map { try store.query($0) }
  }

  @Test func aVersion1HistoryIsReadAsItIsAndMigratedWhenOpenedForWriting() throws {
    let tmp = try Self.copyOfVersion1()
    let out = tmp.path + "/out"
    let printed = try Self.printed()
    let before = try HistoryStore.reading(out: out)
    #expect(try before.query("PRAGMA user_version") == [[.int(1)]])
    #expect(try before.trendRows(HistoryStore.Query()) == printed)
    let tablesBefore = try Self.tables(before)
    #expect(tablesBefore[4].count == printed.count)
    #expect(Set(printed.map { $0[0] }).count == 3)

    // Opening for writing migrates it, in place.
    _ = try HistoryStore(path: HistoryStore.path(out: out))
    let after = try HistoryStore.reading(out: out)
    #expect(try after.query("PRAGMA user_version") == [[.int(2)]])
    #expect(try after.trendRows(HistoryStore.Query()) == printed)
    #expect(try Self.tables(after) == tablesBefore)
    // The same schema as a new file's, and nothing of version 1 left.
    let fresh = try HistoryStore(path: tmp.path + "/fresh.sqlite")
    let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    #expect(try after.query(schema) == fresh.query(schema))
    #expect(
      try after.query("SELECT sql FROM sqlite_master WHERE name = 'summary'").first?.first.map {
        if case .text(let sql) = $0 { sql.contains("WITHOUT ROWID") } else { false }
      } == true)
    #expect(try after.query("PRAGMA integrity_check") == [[.text("ok")]])
    // Opening it again changes nothing.
    _ = try HistoryStore(path: HistoryStore.path(out: out))
    #expect(try Self.tables(HistoryStore.reading(out: out)) == tablesBefore)
  }

  @Test func trendsReadTheSameFromBothVersions() throws {
    let tmp = try Self.copyOfVersion1()
    let out = tmp.path + "/out"
    let committee = TrendArea(level: "committee", district: "徐汇区", street: "徐家汇街道", committee: "建国四村居委会")
    let areas = [TrendArea.total, committee, TrendArea(level: "building", district: "x")]
    let t = try #require(Timestamp.parse("2022-04-04 22:00"))
    let before = HistoryStore.trend(out: out, areas: areas, last: 13, before: t)
    _ = try HistoryStore(path: HistoryStore.path(out: out))
    let after = HistoryStore.trend(out: out, areas: areas, last: 13, before: t)
    #expect(before[.total]?.points.count == 3)
    #expect(before[committee]?.points.count == 3)
    for area in areas {
      #expect(before[area]?.points == after[area]?.points, "\(area)")
      #expect(before[area]?.note == nil && after[area]?.note == nil)
    }
  }

  /// The queries name a level as a literal so SQLite can use the partial area index;
  /// a level outside the six is still bound and finds nothing.
  @Test func queriesByCommitteeUseTheAreaIndex() throws {
    let tmp = try HistoryStoreTests.threeNights()
    let store = try HistoryStore.reading(out: tmp.path + "/out")
    let plan = try store.query(
      "EXPLAIN QUERY PLAN SELECT * FROM summary s WHERE s.level = \(HistoryStore.levelSQL("committee", parameter: "?1"))"
        + " AND s.district = 'a' AND s.street = 'b' AND s.committee = 'c' AND s.compound = '' AND s.building = ''")
    #expect("\(plan)".contains("summary_by_area"), "\(plan)")
    #expect(HistoryStore.levelSQL("building", parameter: "?3") == "'building'")
    #expect(HistoryStore.levelSQL("city' OR 1 --", parameter: "?3") == "?3")
    var query = HistoryStore.Query()
    query.level = "city"
    #expect(try store.trendRows(query).isEmpty)
    query.level = "committee"
    query.committee = "建国四村居委会"
    #expect(try store.trendRows(query).count == 3)
  }
}
