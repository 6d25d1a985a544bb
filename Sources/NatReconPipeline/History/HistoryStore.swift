import Foundation
import NatReconCore
import NatReconPlatform
import NatReconReports
import NatReconSQLite

/// `<out>/history.sqlite`: every published run's summary.csv rows and manifest figures
/// (SPEC §4 History), for `natrecon history`, the trend in workbooks and dashboard, and
/// analysts with `sqlite3` or DuckDB. The schema is documented in docs/history.md.
///
/// - One transaction per run; recording a run again (same `T`) replaces its rows.
/// - WAL journal: a reader never blocks the nightly writer, nor the writer a reader.
/// - `PRAGMA user_version` is the schema version: a file ahead of `schemaVersion` is
///   refused and never altered.
/// - The history can always be rebuilt from the run folders (`rebuild(out:)`): a run
///   records itself and any published folder the history lacks.
public final class HistoryStore {
  /// The schema version this natrecon writes (`PRAGMA user_version`). Version 1 (the
  /// same tables, `summary` a rowid table with an index over every row's area) is
  /// migrated when a run opens it for writing, and read as it is.
  public static let schemaVersion = 2
  /// The file name inside the output folder.
  public static let fileName = "history.sqlite"
  /// summary.csv's columns (SPEC §4), which the `summary` table keeps by name.
  public static let summaryColumns = [
    "level", "district", "street", "committee", "compound", "building", "residents", "eligible", "tested",
    "untested", "coverage", "cert_rate", "cert_valid", "households", "households_complete", "positive",
  ]
  /// Levels in summary.csv's order.
  public static let levels = ["total", "district", "street", "committee", "compound", "building"]

  /// How long a writer waits for another writer (milliseconds); `NATRECON_HISTORY_BUSY_MS`
  /// overrides it (tests of a locked history).
  static var busyMilliseconds: Int32 {
    ProcessInfo.processInfo.environment["NATRECON_HISTORY_BUSY_MS"].flatMap { Int32($0) } ?? 3000
  }

  public let path: String
  private let db: SQLiteDatabase

  /// The history file of an output folder.
  public static func path(out: String) -> String { out + "/" + fileName }

  /// Opens the history for writing, creating it (and its schema) when new.
  ///
  /// - Throws: `HistoryError.schemaAhead` for a newer file, `.database` otherwise.
  public init(path: String) throws(HistoryError) {
    self.path = path
    do {
      db = try SQLiteDatabase(path: path, busyMilliseconds: Self.busyMilliseconds)
      try db.execute(Self.writerPragmas)
      let version = try Self.version(of: db)
      if version > Self.schemaVersion { throw HistoryError.schemaAhead(path: path, version: version) }
      if version == 0 {
        // Before the first table: a new file's page size (an existing file keeps its own).
        try db.execute("PRAGMA page_size = \(Self.pageSize)")
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute("BEGIN IMMEDIATE; \(Self.schema) PRAGMA user_version = \(Self.schemaVersion); COMMIT")
      } else if version == 1 {
        try db.execute("BEGIN IMMEDIATE; \(Self.migrationFromVersion1) PRAGMA user_version = 2; COMMIT")
      }
    } catch let error as HistoryError {
      throw error
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  /// Opens `<out>/history.sqlite` for reading only (never creates or changes it).
  public static func reading(out: String) throws(HistoryError) -> HistoryStore {
    try HistoryStore(readingPath: path(out: out))
  }

  /// Opens an existing history for reading only (never creates or changes it).
  init(readingPath path: String) throws(HistoryError) {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
    do {
      db = try SQLiteDatabase(path: path, readOnly: true, busyMilliseconds: Self.busyMilliseconds)
      let version = try Self.version(of: db)
      if version > Self.schemaVersion { throw HistoryError.schemaAhead(path: path, version: version) }
      if version < 1 { throw HistoryError.database(path: path, detail: "not a natrecon history") }
    } catch let error as HistoryError {
      throw error
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  private static func version(of db: SQLiteDatabase) throws(SQLiteError) -> Int {
    if case .int(let v)? = try db.scalar("PRAGMA user_version") { return Int(v) }
    return 0
  }

  /// The writer's connection settings (docs/history.md, "Crashes"): statement journals
  /// in memory (`temp_store`) — each multi-row INSERT's journal of the pages it changes,
  /// which SQLite otherwise writes to a temporary file and never needs after the
  /// statement; none of it is on the path that makes a commit durable.
  static let writerPragmas = "PRAGMA temp_store = MEMORY"

  /// The page size of a new history file: 64 KiB, SQLite's largest. A night adds its
  /// summary rows (1 M rows, 136 MB at 25 M residents) at the end of one b-tree; the
  /// commit writes each page into the WAL and its checkpoint copies each into the file,
  /// with system calls of their own: 16 times fewer of them than at the default 4 KiB
  /// (docs/history.md, "Page size": the 25 M `history` stage median 1.65 → 0.96 s).
  static let pageSize = 65536

  // MARK: - Schema

  /// The tables, as `sqlite3 history.sqlite .schema` shows them (comments included).
  static let schema = """
    CREATE TABLE runs (
      run_id TEXT PRIMARY KEY,        -- the run folder's name, T as YYYYMMDD-HHMMSS
      as_of TEXT NOT NULL,            -- T, 'YYYY-MM-DD HH:MM:SS' in UTC+8 (sorts as time)
      round_start TEXT NOT NULL,      -- R0
      round_end TEXT NOT NULL,        -- R1
      validity_hours INTEGER NOT NULL,
      warn_hours INTEGER NOT NULL,
      validity_anchor TEXT NOT NULL,  -- report or sample
      pipeline TEXT NOT NULL,         -- the pipeline's name
      pipeline_path TEXT NOT NULL,
      tool_version TEXT NOT NULL,     -- natrecon version that made the run
      status TEXT,                    -- ok, reject_rate_exceeded or stale_inputs (NULL: older manifest)
      exit_status INTEGER,            -- 0, 3 or 4 (the status's exit status)
      newest_sample_time TEXT,        -- latest sample_time of a used test record
      newest_sample_file TEXT,        -- the export it came from
      seconds_total REAL              -- sum of the stage seconds
    );
    CREATE TABLE run_inputs (         -- one row per input file of a run (manifest inputs)
      run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
      position INTEGER NOT NULL,      -- order in the manifest
      role TEXT NOT NULL,             -- roster, tests, ...
      path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      encoding TEXT NOT NULL,
      rows INTEGER NOT NULL,
      rows_used INTEGER NOT NULL,
      rows_rejected INTEGER NOT NULL,
      rows_after_as_of INTEGER NOT NULL,
      PRIMARY KEY (run_id, position)
    );
    CREATE TABLE run_counts (         -- manifest counts: residents, eligible, tested, matched_records, ...
      run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      value INTEGER NOT NULL,
      PRIMARY KEY (run_id, name)
    );
    CREATE TABLE run_stages (         -- manifest stages_seconds
      run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
      stage TEXT NOT NULL,
      seconds REAL NOT NULL,
      PRIMARY KEY (run_id, stage)
    );
    \(summarySchema)
    """

  /// The `summary` table and its index (schema version 2), in a new file and after the
  /// migration alike. A WITHOUT ROWID table keyed by (run_id, row): one b-tree, which a
  /// night's rows enter at its end in summary.csv's order and a rerun's rows leave as one
  /// range. The area index holds only the levels down to committee (about 1% of the rows;
  /// building rows are 98% at 25 M residents), so a night adds a few thousand entries to
  /// it however long the history is; a query names such a level as a literal
  /// (`level = 'committee'`) for SQLite to use it (`levelTerm`).
  static let summarySchema = """
    CREATE TABLE summary (            -- every row of the run's summary.csv, same columns
      run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
      row INTEGER NOT NULL,           -- position in summary.csv (1 = the total)
      level TEXT NOT NULL,            -- total, district, street, committee, compound, building
      district TEXT NOT NULL,         -- key columns below the row's level are ''
      street TEXT NOT NULL,
      committee TEXT NOT NULL,
      compound TEXT NOT NULL,
      building TEXT NOT NULL,
      residents INTEGER NOT NULL,
      eligible INTEGER NOT NULL,
      tested INTEGER NOT NULL,
      untested INTEGER NOT NULL,
      coverage REAL,                  -- tested / eligible; NULL when eligible = 0
      cert_rate REAL,                 -- cert_valid / eligible; NULL when eligible = 0
      cert_valid INTEGER NOT NULL,
      households INTEGER NOT NULL,
      households_complete INTEGER NOT NULL,
      positive INTEGER NOT NULL,
      PRIMARY KEY (run_id, row)
    ) WITHOUT ROWID;                  -- stored in (run_id, row) order: a night's rows go in at one end
    CREATE INDEX summary_by_area      -- committees and above by area; a compound or building by its run
      ON summary (level, district, street, committee, compound, building)
      WHERE level = 'total' OR level = 'district' OR level = 'street' OR level = 'committee';
    """

  /// Version 1 → 2 (in the caller's transaction): `summary` copied into the version-2
  /// table in key order, the old table and its index dropped. Same columns and values.
  static let migrationFromVersion1 = """
    DROP INDEX IF EXISTS summary_by_area;
    ALTER TABLE summary RENAME TO summary_version_1;
    \(summarySchema)
    INSERT INTO summary SELECT * FROM summary_version_1 ORDER BY run_id, row;
    DROP TABLE summary_version_1;
    """

  /// A level in a query: one of `levels` as an SQL literal (`'committee'`), so that SQLite
  /// can use the partial index `summary_by_area` (it does not for a bound value); any
  /// other text as the bound `parameter`.
  static func levelSQL(_ level: String, parameter: String) -> String {
    levels.contains(level) ? "'\(level)'" : parameter
  }

  // MARK: - Record

  /// Records one run in one transaction, replacing the rows of an earlier recording.
  public func record(_ run: HistoryRun) throws(HistoryError) {
    try beginRecording(runID: run.runID, summaryCSV: run.summaryCSV, summaryRows: run.summary)
    try finishRecording(run)
  }

  /// The run whose transaction `beginRecording` opened (nil: none open).
  private var openRunID: String?

  /// `record`'s first half, which a run does while its reports are still being written:
  /// opens the run's transaction, removes an earlier recording's rows and inserts the
  /// summary rows (summary.csv's bytes, else the reference rows). Readers see none of it
  /// until `finishRecording` commits; `abandonRecording` rolls it back. Holds the
  /// history's write lock until then (another writer waits `busyMilliseconds`).
  ///
  /// - Throws: `HistoryError.database`; the transaction is rolled back first.
  func beginRecording(runID: String, summaryCSV: Data?, summaryRows: [[String]]) throws(HistoryError) {
    precondition(openRunID == nil, "a history recording is already open")
    do {
      try db.execute("BEGIN IMMEDIATE")
      do {
        for table in ["summary", "run_stages", "run_counts", "run_inputs", "runs"] {
          try db.prepare("DELETE FROM \(table) WHERE run_id = ?1").run([.text(runID)])
        }
        if let csv = summaryCSV {
          try insertSummary(csv: csv, runID: runID)
        } else {
          try insertSummary(rows: summaryRows, runID: runID)
        }
      } catch {
        try? db.execute("ROLLBACK")
        throw error
      }
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
    openRunID = runID
  }

  /// `record`'s second half: adds `run`'s manifest figures (its summary rows went in with
  /// `beginRecording`, for the same run) and commits.
  ///
  /// - Throws: `HistoryError.database`; the transaction is rolled back first.
  func finishRecording(_ run: HistoryRun) throws(HistoryError) {
    precondition(openRunID == run.runID, "finishRecording without beginRecording for run \(run.runID)")
    openRunID = nil
    do {
      do {
        try insertFigures(run)
        try db.execute("COMMIT")
      } catch {
        try? db.execute("ROLLBACK")
        throw error
      }
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  /// Rolls back the transaction `beginRecording` opened (nothing when none is open).
  func abandonRecording() {
    guard openRunID != nil else { return }
    openRunID = nil
    try? db.execute("ROLLBACK")
  }

  /// The `runs`, `run_inputs`, `run_counts` and `run_stages` rows of `run`.
  private func insertFigures(_ run: HistoryRun) throws(SQLiteError) {
    func optional(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }
    try db.prepare("INSERT INTO runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)").run([
      .text(run.runID), .text(run.asOf), .text(run.roundStart), .text(run.roundEnd), .int(Int64(run.validityHours)),
      .int(Int64(run.warnHours)), .text(run.validityAnchor), .text(run.pipelineName), .text(run.pipelinePath),
      .text(run.toolVersion), optional(run.status), run.exitStatus.map { .int(Int64($0)) } ?? .null,
      optional(run.newestSampleTime), optional(run.newestSampleFile),
      .double(run.stageSeconds.values.reduce(0, +)),
    ])
    let input = try db.prepare("INSERT INTO run_inputs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
    for (i, f) in run.inputs.enumerated() {
      try input.run([
        .text(run.runID), .int(Int64(i + 1)), .text(f.role), .text(f.path), .text(f.sha256), .int(Int64(f.bytes)),
        .text(f.encoding), .int(Int64(f.rows)), .int(Int64(f.rowsUsed)), .int(Int64(f.rowsRejected)),
        .int(Int64(f.rowsAfterAsOf)),
      ])
    }
    let count = try db.prepare("INSERT INTO run_counts VALUES (?1, ?2, ?3)")
    for (name, value) in run.counts.sorted(by: { $0.key < $1.key }) {
      try count.run([.text(run.runID), .text(name), .int(Int64(value))])
    }
    let stage = try db.prepare("INSERT INTO run_stages VALUES (?1, ?2, ?3)")
    for (name, seconds) in run.stageSeconds.sorted(by: { $0.key < $1.key }) {
      try stage.run([.text(run.runID), .text(name), .double(seconds)])
    }
  }

  /// The reference: summary rows as `String`s, each field converted by the `String`
  /// initialisers. Rows go in `summaryBatch` to a statement (one statement's start-up and
  /// halt for many rows), the last few one at a time; in summary.csv's order either way.
  private func insertSummary(rows: [[String]], runID: String) throws(SQLiteError) {
    let width = 2 + Self.summaryColumns.count
    let batch = rows.count >= Self.summaryBatch ? try db.prepare(Self.summaryInsert(rows: Self.summaryBatch)) : nil
    let single = try db.prepare(Self.summaryInsert(rows: 1))
    var values: [SQLiteValue] = []
    values.reserveCapacity(width * Self.summaryBatch)
    var pending = 0
    for (i, fields) in rows.enumerated() {
      values.append(contentsOf: Self.referenceValues(runID: runID, row: i + 1, fields: fields))
      pending += 1
      if pending == Self.summaryBatch, let batch {
        try batch.run(values)
        values.removeAll(keepingCapacity: true)
        pending = 0
      }
    }
    for r in 0..<pending { try single.run(Array(values[r * width..<(r + 1) * width])) }
  }

  /// One summary row's values as the reference binds them.
  static func referenceValues(runID: String, row: Int, fields: [String]) -> [SQLiteValue] {
    var values: [SQLiteValue] = [.text(runID), .int(Int64(row))]
    for (c, field) in fields.enumerated() {
      switch c {
      case 0...5: values.append(.text(field))
      case 10, 11: values.append(Double(field).map { .double($0) } ?? .null)
      default: values.append(.int(Int64(field) ?? 0))
      }
    }
    return values
  }

  /// The fast path: summary.csv's bytes bound as they are. A plain record's fields are
  /// byte ranges of the file, bound without a copy (`SQLiteStatement.bindText`), its
  /// numbers read by `SummaryNumber`; the same rows, values and order as the reference
  /// (`insertSummary(rows:)`, which `HistorySummaryFastPathTests` compares it with). A
  /// record `MachineCSV.forEachRecord` parses (a quote, a CR, bytes that are not UTF-8)
  /// goes in alone with the reference's values, after the rows before it.
  private func insertSummary(csv: Data, runID: String) throws(SQLiteError) {
    let columns = Self.summaryColumns.count
    let width = 2 + columns
    let batch = try db.prepare(Self.summaryInsert(rows: Self.summaryBatch))
    let single = try db.prepare(Self.summaryInsert(rows: 1))
    let id = Array(runID.utf8) + [0]
    // Per pending row: its number, then each field's start and end in the file.
    var spans = [Int](repeating: 0, count: Self.summaryBatch * (1 + 2 * columns))
    var pending = 0
    var row = 0
    // (`withUnsafeBytes` rethrows untyped: a failure comes out as the closures' result.)
    let failure: SQLiteError? = id.withUnsafeBytes { idBytes in
      csv.withUnsafeBytes { bytes in
        guard let base = bytes.baseAddress, let idBase = idBytes.baseAddress else { return nil }
        func bind(_ slot: Int, into statement: SQLiteStatement, at offset: Int32) throws(SQLiteError) {
          let s = slot * (1 + 2 * columns)
          try statement.bindText(offset + 1, idBase, count: id.count - 1)
          try statement.bindInt(offset + 2, Int64(spans[s]))
          for c in 0..<columns {
            let start = spans[s + 1 + 2 * c]
            let count = spans[s + 2 + 2 * c] - start
            let index = offset + 3 + Int32(c)
            switch c {
            case 0...5: try statement.bindText(index, base + start, count: count)
            case 10, 11:
              if let v = SummaryNumber.double(base + start, count: count) {
                try statement.bindDouble(index, v)
              } else {
                try statement.bindNull(index)
              }
            default: try statement.bindInt(index, SummaryNumber.int(base + start, count: count))
            }
          }
        }
        func flushSingly() throws(SQLiteError) {
          for slot in 0..<pending {
            try bind(slot, into: single, at: 0)
            try single.stepToEnd()
          }
          pending = 0
        }
        var header = true
        do throws(SQLiteError) {
          try MachineCSV.forEachRecord(bytes) { (record: MachineRecord) throws(SQLiteError) in
            if header {
              header = false  // checked by HistoryRun.parse
              return
            }
            row += 1
            switch record {
            case .plain(let start, let end):
              let s = pending * (1 + 2 * columns)
              spans[s] = row
              var c = 0
              var fieldStart = start
              while c < columns {
                let comma = memchr(base + fieldStart, 0x2C, end - fieldStart).map { UnsafeRawPointer($0) - base } ?? end
                spans[s + 1 + 2 * c] = fieldStart
                spans[s + 2 + 2 * c] = comma
                c += 1
                fieldStart = comma + 1
                if comma == end { break }
              }
              guard c == columns && fieldStart == end + 1 else {
                throw SQLiteError(code: 20, message: "summary.csv line \(row + 1) does not have \(columns) fields")
              }
              pending += 1
              if pending == Self.summaryBatch {
                for slot in 0..<pending { try bind(slot, into: batch, at: Int32(slot * width)) }
                try batch.stepToEnd()
                pending = 0
              }
            case .parsed(let fields):
              try flushSingly()
              try single.run(Self.referenceValues(runID: runID, row: row, fields: fields))
            }
          }
          try flushSingly()
        } catch {
          return error
        }
        return nil
      }
    }
    if let failure { throw failure }
  }

  /// Summary rows per multi-row INSERT (32 × 18 parameters, far below SQLite's limit).
  static let summaryBatch = 32

  /// `INSERT INTO summary VALUES (?1, …, ?18), (?19, …), …` for `rows` rows.
  static func summaryInsert(rows: Int) -> String {
    let width = 2 + summaryColumns.count
    let tuples = (0..<rows).map { r in "(" + (1...width).map { "?\(r * width + $0)" }.joined(separator: ", ") + ")" }
    return "INSERT INTO summary VALUES " + tuples.joined(separator: ", ")
  }

  /// The run IDs recorded, oldest first.
  public func runIDs() throws(HistoryError) -> [String] {
    do {
      return try db.rows("SELECT run_id FROM runs ORDER BY run_id").compactMap {
        if case .text(let id)? = $0.first { return id }
        return nil
      }
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  // MARK: - Catch up, rebuild

  /// The published run folders of `out` (names `YYYYMMDD-HHMMSS`), oldest first.
  public static func runFolders(out: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
    return names.filter { name in
      var isDirectory: ObjCBool = false
      return isRunID(name) && FileManager.default.fileExists(atPath: out + "/" + name, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }

  /// `YYYYMMDD-HHMMSS`.
  static func isRunID(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard bytes.count == 15, bytes[8] == UInt8(ascii: "-") else { return false }
    return bytes.enumerated().allSatisfy { $0.offset == 8 || ($0.element >= 0x30 && $0.element <= 0x39) }
  }

  /// Records every run folder of `out` the history lacks; returns their run IDs.
  ///
  /// A folder that cannot be read (its manifest is missing or broken) is skipped and
  /// named in `skipped`, so one broken folder does not keep the others out.
  public func catchUp(out: String, skipped: inout [String]) throws(HistoryError) -> [String] {
    let known = Set(try runIDs())
    var added: [String] = []
    for id in Self.runFolders(out: out) where !known.contains(id) {
      do {
        try record(try HistoryRun.load(folder: out + "/" + id, runID: id))
        added.append(id)
      } catch {
        if case .unreadableRun = error { skipped.append("\(error)") } else { throw error }
      }
    }
    return added
  }

  /// Builds the history of `out` afresh from its run folders and puts it in place of the
  /// old file (a newer schema is refused first; a corrupt file is replaced).
  ///
  /// - Returns: the runs recorded and the folders skipped (with why).
  @discardableResult
  public static func rebuild(out: String) throws(HistoryError) -> (recorded: [String], skipped: [String]) {
    let target = path(out: out)
    if FileManager.default.fileExists(atPath: target) {
      do {
        _ = try HistoryStore(readingPath: target)
      } catch {
        if case .schemaAhead = error { throw error }
      }
    }
    let scratch = out + "/.history-rebuild-\(getpid()).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
    var skipped: [String] = []
    let recorded: [String]
    do {
      let store = try HistoryStore(path: scratch)
      recorded = try store.catchUp(out: out, skipped: &skipped)
      try store.checkpoint()
    } catch {
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
      throw error
    }
    for suffix in ["-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: target + suffix)
      try? FileManager.default.removeItem(atPath: scratch + suffix)
    }
    if rename(scratch, target) != 0 {
      throw .database(path: target, detail: FileDescriptor.errorText())
    }
    return (recorded, skipped)
  }

  /// Moves the WAL's pages into the main file (before the file is renamed).
  private func checkpoint() throws(HistoryError) {
    do {
      try db.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA journal_mode = WAL")
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  // MARK: - Read

  /// A filter for `trendRows`: one level, the last N runs, areas by name.
  public struct Query: Sendable {
    public var level: String?
    public var last: Int?
    public var district: String?
    public var street: String?
    public var committee: String?
    public init() {}
  }

  /// `natrecon history`'s rows: `run_id`, `as_of`, then summary.csv's columns as text
  /// (printed exactly as summary.csv prints them), oldest run first, each run's rows in
  /// summary.csv's order.
  public func trendRows(_ query: Query) throws(HistoryError) -> [[String]] {
    var conditions: [String] = []
    var values: [SQLiteValue] = []
    func add(_ column: String, _ value: String?) {
      guard let value else { return }
      values.append(.text(value))
      conditions.append("s.\(column) = ?\(values.count)")
    }
    if let level = query.level {
      let sql = Self.levelSQL(level, parameter: "?\(values.count + 1)")
      if sql.hasPrefix("?") { values.append(.text(level)) }
      conditions.append("s.level = \(sql)")
    }
    add("district", query.district)
    add("street", query.street)
    add("committee", query.committee)
    if let last = query.last {
      values.append(.int(Int64(last)))
      conditions.append("s.run_id IN (SELECT run_id FROM runs ORDER BY as_of DESC LIMIT ?\(values.count))")
    }
    let columns = Self.summaryColumns.map { "s.\($0)" }.joined(separator: ", ")
    let sql =
      "SELECT r.run_id, r.as_of, \(columns) FROM summary s JOIN runs r USING (run_id)"
      + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY r.as_of, s.row"
    do {
      return try db.rows(sql, values).map { row in
        row.map { value in
          switch value {
          case .null: ""
          case .int(let v): String(v)
          case .double(let v): DecimalText.fixed4(v)
          case .text(let v): v
          }
        }
      }
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  func rows(_ sql: String, _ values: [SQLiteValue]) throws(HistoryError) -> [[SQLiteValue]] {
    do {
      return try db.rows(sql, values)
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }

  /// Runs an analyst's query (docs/history.md examples are tested through this).
  public func query(_ sql: String) throws(HistoryError) -> [[SQLiteValue]] {
    do {
      return try db.rows(sql)
    } catch {
      throw .database(path: path, detail: "\(error)")
    }
  }
}
