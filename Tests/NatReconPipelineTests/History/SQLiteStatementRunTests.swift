import NatReconSQLite
import NatReconTestSupport
import Testing

/// `SQLiteStatement.run` binds text from one reused buffer without copies: every value
/// must come back as it went in, an empty text as '' (not NULL), from run to run.
@Suite struct SQLiteStatementRunTests {
  @Test func valuesComeBackAsBoundAcrossRuns() throws {
    let tmp = TemporaryDirectory("natrecon-sqlite-run")
    let db = try SQLiteDatabase(path: tmp.path + "/t.sqlite")
    try db.execute("CREATE TABLE t (n INTEGER, a, b, c, d, e, f)")
    let insert = try db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    let rows: [[SQLiteValue]] = [
      [.int(1), .text(""), .text("a"), .text("云南省"), .null, .int(-7), .double(0.125)],
      [.int(2), .text(String(repeating: "长", count: 500)), .text(""), .text(""), .text("x,\"y\""), .null, .text("")],
      [.int(3), .text(""), .text(""), .text(""), .text(""), .text(""), .text("")],
      [.int(4), .double(1.5), .text("b"), .null, .int(0), .text("last"), .text("é")],
    ]
    for row in rows { try insert.run(row) }
    // Fewer values than parameters: the rest are NULL, as with `bind`.
    try insert.run([.int(5), .text("only")])
    #expect(
      try db.rows("SELECT n, a, b, c, d, e, f FROM t ORDER BY n") == rows + [
        [.int(5), .text("only")] + Array(repeating: .null, count: 5)
      ])
    #expect(try db.scalar("SELECT count(*) FROM t WHERE a IS NULL") == .int(0))
  }

  @Test func aFailingRunThrowsSQLitesMessage() throws {
    let tmp = TemporaryDirectory("natrecon-sqlite-run")
    let db = try SQLiteDatabase(path: tmp.path + "/t.sqlite")
    try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
    let insert = try db.prepare("INSERT INTO t VALUES (?1)")
    try insert.run([.text("k")])
    #expect(throws: SQLiteError.self) { try insert.run([.text("k")]) }
    do {
      try insert.run([.text("k")])
    } catch {
      #expect(error.message.contains("UNIQUE"), "\(error.message)")
    }
    try insert.run([.text("")])
    #expect(try db.rows("SELECT k FROM t ORDER BY k") == [[.text("")], [.text("k")]])
  }
}
