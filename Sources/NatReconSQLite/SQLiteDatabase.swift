// NatReconSQLite owns the one door to SQLite's C library (CSQLite): a connection, prepared
// statements, and SQLite status codes turned into `SQLiteError` at the call site. No C
// type appears in its public API. The history store (NatReconPipeline/History) is its
// only user; nothing here knows natrecon's tables.
import CSQLite

/// A failed SQLite call: the library's message and what was being done.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
  /// SQLite's primary result code (e.g. 5 busy, 8 read-only, 26 not a database).
  public var code: Int32
  public var message: String

  public var description: String { message }

  public init(code: Int32, message: String) {
    self.code = code
    self.message = message
  }

  /// Whether the database file is not a database (corrupt, or some other file).
  public var isCorrupt: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }
}

/// A value bound to or read from a statement.
public enum SQLiteValue: Sendable, Equatable {
  case null
  case int(Int64)
  case double(Double)
  case text(String)
}

/// One connection to an SQLite database file.
///
/// - Warning: not thread-safe; use a connection from one thread at a time.
public final class SQLiteDatabase {
  private var handle: OpaquePointer?

  /// Opens (and with `create`, creates) the database at `path`.
  ///
  /// - Parameters:
  ///   - readOnly: opens for reading only (a reader never takes the writer's lock).
  ///   - busyMilliseconds: how long a statement waits for another connection's lock.
  public init(path: String, readOnly: Bool = false, create: Bool = true, busyMilliseconds: Int32 = 3000)
    throws(SQLiteError)
  {
    var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
    if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
    flags |= SQLITE_OPEN_NOMUTEX
    let status = sqlite3_open_v2(path, &handle, flags, nil)
    if status != SQLITE_OK {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
      sqlite3_close(handle)
      handle = nil
      throw SQLiteError(code: status & 0xff, message: message)
    }
    sqlite3_busy_timeout(handle, busyMilliseconds)
  }

  deinit { sqlite3_close(handle) }

  /// Runs one or more statements that return no rows (`;`-separated).
  public func execute(_ sql: String) throws(SQLiteError) {
    var error: UnsafeMutablePointer<CChar>?
    let status = sqlite3_exec(handle, sql, nil, nil, &error)
    if status != SQLITE_OK {
      let message = error.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(error)
      throw SQLiteError(code: status & 0xff, message: message)
    }
  }

  /// Compiles one statement.
  public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else { throw failure(status) }
    return SQLiteStatement(statement, database: self)
  }

  /// The rows of a query, each as its column values.
  public func rows(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
    let statement = try prepare(sql)
    try statement.bind(values)
    var out: [[SQLiteValue]] = []
    while try statement.step() { out.append(statement.row()) }
    return out
  }

  /// The first column of the first row of a query, if any.
  public func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteValue? {
    try rows(sql, values).first?.first
  }

  var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

  func failure(_ status: Int32) -> SQLiteError { SQLiteError(code: status & 0xff, message: lastMessage) }
}

/// A compiled statement of one `SQLiteDatabase`.
public final class SQLiteStatement {
  private let statement: OpaquePointer
  private let database: SQLiteDatabase

  init(_ statement: OpaquePointer, database: SQLiteDatabase) {
    self.statement = statement
    self.database = database
  }

  deinit { sqlite3_finalize(statement) }

  /// Binds values to `?1`, `?2`, … after resetting the statement.
  public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (i, value) in values.enumerated() {
      let index = Int32(i + 1)
      let status = bind(value, at: index) { v in
        v.utf8CString.withUnsafeBufferPointer {
          natrecon_sqlite3_bind_text_transient(statement, index, $0.baseAddress, Int32($0.count - 1))
        }
      }
      if status != SQLITE_OK { throw database.failure(status) }
    }
  }

  /// Binds one value to `?index`: a number or NULL here, text through `bindText` (which
  /// decides whether SQLite copies it).
  private func bind(_ value: SQLiteValue, at index: Int32, text bindText: (String) -> Int32) -> Int32 {
    switch value {
    case .null: sqlite3_bind_null(statement, index)
    case .int(let v): sqlite3_bind_int64(statement, index, v)
    case .double(let v): sqlite3_bind_double(statement, index, v)
    case .text(let v): bindText(v)
    }
  }

  /// Advances to the next row: true when a row is ready, false when done.
  public func step() throws(SQLiteError) -> Bool {
    let status = sqlite3_step(statement)
    switch status {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw database.failure(status)
    }
  }

  /// The text of the values `run` binds, bound without a copy.
  ///
  /// One buffer reused from run to run. It starts with a byte no value uses, so an
  /// empty text has a non-nil address (a nil one would bind NULL).
  private var texts: [UInt8] = [0]

  /// Binds `values` and runs the statement to its end (an INSERT, UPDATE or DELETE).
  ///
  /// The same as `bind` then `step` to the end, but the text values are gathered into
  /// one reused buffer and bound `SQLITE_STATIC` (no `String` to C string conversion, no
  /// copy and free inside SQLite per value); the bindings are cleared before it
  /// returns, so no pointer into the buffer outlives the call.
  public func run(_ values: [SQLiteValue]) throws(SQLiteError) {
    sqlite3_reset(statement)
    texts.removeSubrange(1...)
    for case .text(let v) in values { texts.append(contentsOf: v.utf8) }
    let failure: SQLiteError? = texts.withUnsafeBufferPointer { buffer in
      guard let start = buffer.baseAddress else { return SQLiteError(code: SQLITE_MISUSE, message: "no text buffer") }
      let base = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
      var offset = 1
      for (i, value) in values.enumerated() {
        let index = Int32(i + 1)
        let status = bind(value, at: index) { v in
          let count = v.utf8.count
          defer { offset += count }
          return natrecon_sqlite3_bind_text_static(statement, index, base + offset, Int32(count))
        }
        if status != SQLITE_OK {
          sqlite3_clear_bindings(statement)
          return database.failure(status)
        }
      }
      var status = sqlite3_step(statement)
      while status == SQLITE_ROW { status = sqlite3_step(statement) }
      let failure = status == SQLITE_DONE ? nil : database.failure(status)
      sqlite3_reset(statement)
      sqlite3_clear_bindings(statement)
      return failure
    }
    if let failure { throw failure }
  }

  // MARK: Binding from the caller's bytes

  /// Binds `count` bytes at `text` to `?index` as text, without a copy (`SQLITE_STATIC`):
  /// the bytes must stay valid and unchanged until `stepToEnd()` returns. `text` must not
  /// be nil, even for an empty text (a nil pointer binds NULL).
  public func bindText(_ index: Int32, _ text: UnsafeRawPointer, count: Int) throws(SQLiteError) {
    let status = natrecon_sqlite3_bind_text_static(
      statement, index, text.assumingMemoryBound(to: CChar.self), Int32(count))
    if status != SQLITE_OK { throw database.failure(status) }
  }

  /// Binds an integer to `?index`.
  public func bindInt(_ index: Int32, _ value: Int64) throws(SQLiteError) {
    let status = sqlite3_bind_int64(statement, index, value)
    if status != SQLITE_OK { throw database.failure(status) }
  }

  /// Binds a real to `?index`.
  public func bindDouble(_ index: Int32, _ value: Double) throws(SQLiteError) {
    let status = sqlite3_bind_double(statement, index, value)
    if status != SQLITE_OK { throw database.failure(status) }
  }

  /// Binds NULL to `?index`.
  public func bindNull(_ index: Int32) throws(SQLiteError) {
    let status = sqlite3_bind_null(statement, index)
    if status != SQLITE_OK { throw database.failure(status) }
  }

  /// Runs what `bindText`/`bindInt`/`bindDouble`/`bindNull` bound to its end (an INSERT,
  /// UPDATE or DELETE), then resets the statement and clears its bindings, so no pointer
  /// to the caller's bytes outlives the call.
  public func stepToEnd() throws(SQLiteError) {
    var status = sqlite3_step(statement)
    while status == SQLITE_ROW { status = sqlite3_step(statement) }
    let failure = status == SQLITE_DONE ? nil : database.failure(status)
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    if let failure { throw failure }
  }

  /// The current row's column values.
  public func row() -> [SQLiteValue] {
    (0..<sqlite3_column_count(statement)).map { i in
      switch sqlite3_column_type(statement, i) {
      case SQLITE_INTEGER: .int(sqlite3_column_int64(statement, i))
      case SQLITE_FLOAT: .double(sqlite3_column_double(statement, i))
      case SQLITE_NULL: .null
      default:
        sqlite3_column_text(statement, i).map { .text(String(cString: $0)) } ?? .null
      }
    }
  }
}
