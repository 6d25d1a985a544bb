import Foundation
import NatReconSQLite
import NatReconTestSupport
import Testing

/// `SQLiteDatabase.writeAhead`: an open write transaction's pages go into the WAL before
/// the commit, and still count only with it — a reader sees nothing until the commit, a
/// rollback leaves nothing, and a commit after it holds every row.
@Suite struct SQLiteWriteAheadTests {
  static func walBytes(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
  }

  static func open(_ path: String) throws -> SQLiteDatabase {
    let db = try SQLiteDatabase(path: path)
    try db.execute("PRAGMA journal_mode = WAL")
    try db.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    return db
  }

  static func insert(_ db: SQLiteDatabase, _ range: Range<Int>) throws {
    let insert = try db.prepare("INSERT INTO t VALUES (?1, ?2)")
    for n in range { try insert.run([.int(Int64(n)), .text(String(repeating: "户", count: 100))]) }
  }

  @Test func theRowsGoIntoTheWALBeforeTheCommitAndCountOnlyWithIt() throws {
    let tmp = TemporaryDirectory("natrecon-write-ahead")
    let path = tmp.path + "/h.sqlite"
    let db = try Self.open(path)
    let reader = try SQLiteDatabase(path: path, readOnly: true)
    // Outside a transaction there is nothing to write.
    try db.writeAhead()
    try db.execute("BEGIN IMMEDIATE")
    try Self.insert(db, 0..<20_000)
    let before = Self.walBytes(path)
    try db.writeAhead()
    let after = Self.walBytes(path)
    // 20,000 rows of 300 bytes of text: 6 MB, of which SQLite's page cache (2 MB by
    // default) held at least a third until now.
    #expect(after - before > 1_500_000, "WAL \(before) -> \(after) bytes")
    #expect(try reader.scalar("SELECT count(*) FROM t") == .int(0))
    try Self.insert(db, 20_000..<20_010)
    try db.execute("COMMIT")
    #expect(try reader.scalar("SELECT count(*) FROM t") == .int(20_010))
    #expect(try reader.scalar("SELECT count(DISTINCT text) FROM t") == .int(1))
  }

  @Test func aRollbackAfterItLeavesNothing() throws {
    let tmp = TemporaryDirectory("natrecon-write-ahead")
    let path = tmp.path + "/h.sqlite"
    let db = try Self.open(path)
    try Self.insert(db, 0..<3)
    try db.execute("BEGIN IMMEDIATE")
    try Self.insert(db, 3..<20_000)
    try db.writeAhead()
    try db.execute("ROLLBACK")
    #expect(try db.scalar("SELECT count(*) FROM t") == .int(3))
    // Reopened (the WAL read again from the file): still the three committed rows.
    let reopened = try SQLiteDatabase(path: path, readOnly: true)
    #expect(try reopened.scalar("SELECT max(n) FROM t") == .int(2))
    try db.execute("BEGIN IMMEDIATE")
    try Self.insert(db, 3..<5)
    try db.writeAhead()
    try db.execute("COMMIT")
    #expect(try reopened.scalar("SELECT count(*) FROM t") == .int(5))
  }
}
