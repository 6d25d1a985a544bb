import NatReconCore
import NatReconIO

/// Builds the `Roster` from the roster files: the first stage of a run.
///
/// - Input: `PipelineSpec` roster input, the as-of time (birth dates after it are
///   `id_checksum`).
/// - Output: `Roster`, per-file `FileAccount`s, issues appended to the `IssueLog`.
/// - Memory: proportional to roster size (see `Roster`); files are streamed.
/// - Errors: throws `IngestError` (missing file or column, corrupt gzip, …); emits
///   `csv_syntax`, `bad_encoding`, `missing_field`, `id_checksum`, `id_mangled`,
///   `invalid_id`, `duplicate_resident`.
/// - Order & determinism: a thread reads and splits each file (`ReadAhead`), a worker
///   thread parses and normalises its rows (`RosterBatch`);
///   the calling thread inserts them in file and row order, so the first usable row of
///   an ID is the resident and later ones are `duplicate_resident`.
struct RosterBuilder: Sendable {
  let spec: PipelineSpec
  let latestBirthDate: Int32
  private let exempt: [[UInt8]]
  /// Each file read and split on a thread of its own while its worker parses the records
  /// (`ReadAhead.off`: the worker reads, the reference path).
  var readAhead: ReadAhead

  init(spec: PipelineSpec, asOf: Int64, readAhead: ReadAhead = ReadAhead()) {
    self.spec = spec
    self.readAhead = readAhead
    self.latestBirthDate = Timestamp.shanghaiDate(asOf)
    self.exempt = spec.exemptStatuses.map { Array(ByteText.trimmed($0).utf8) }
  }

  /// Reads every roster file into a new roster.
  func build(files: [InputFile], issues: inout IssueLog, progress: ProgressLine) throws(IngestError)
    -> (Roster, [FileAccount])
  {
    var roster = Roster()
    roster.files = files
    roster.exemptReasons = ExemptReasons(statuses: exempt)
    var accounts = files.map { FileAccount(path: $0.path, displayPath: $0.displayPath, role: "roster") }
    var address = AddressInterner()
    let builder = self
    try ParallelFiles.inFileOrder(files: files) { (index: Int, emit: (RosterBatch) -> Void) throws(IngestError) in
      try builder.parse(files[index], emit: emit)
    } consume: { index, batch in
      progress.tick(rows: batch.rows.count, stage: "roster")
      insert(batch, into: &roster, address: &address, account: &accounts[index], issues: &issues)
    }
    roster.checkAllInvariants()
    roster.households.releaseSlots()
    return (roster, accounts)
  }

  // MARK: - Worker: parse and normalise

  private func parse(_ file: InputFile, emit: (RosterBatch) -> Void) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .roster, input: spec.roster)
    let c = RosterColumnSet(columns)
    let name = file.displayPath
    var batch = RosterBatch()
    batch.compression = reader.compression.rawValue
    batch.estimatedRows = Roster.estimatedRows(
      fileBytes: reader.fileBytes, isCompressed: reader.compression != .none)
    try readAhead.forEachRecord(reader) { record in
      defer {
        if batch.rows.count >= batchRows {
          emit(batch)
          batch = RosterBatch()
        }
      }
      let line = record.line
      if let problem = record.problem {
        batch.issues.append(problem.issue(file: name, line: line))
        var row = RosterBatch.Row(line: line, key: 0, isUsable: false)
        row.storeCommittee(of: record, columns: c, in: &batch)
        batch.rows.append(row)
        return
      }
      let issuesBefore = batch.issues.count
      let idRaw = record.trimmed(c.id)
      let parsed = ResidentID.parse(idRaw, latestBirthDate: latestBirthDate)
      var isUsable = batch.addIDIssues(parsed, raw: idRaw, file: name, line: line)
      for k in 0..<c.requiredColumns.count where record.trimmed(c.requiredColumns[k]).isEmpty {
        let field = RosterColumnSet.requiredNames[k]
        batch.add(
          .missingField, file: name, line: line, field: field, value: record.trimmed(c.requiredColumns[k]),
          message: "empty \(field)")
        isUsable = false
      }
      guard isUsable else {
        var row = RosterBatch.Row(line: line, key: 0, isUsable: false)
        row.storeCommittee(of: record, columns: c, in: &batch)
        batch.rows.append(row)
        return
      }
      var row = RosterBatch.Row(line: line, key: 0, isUsable: true)
      row.hasIssue = batch.issues.count > issuesBefore
      switch parsed {
      case .mainland(let key, _): row.key = key
      case .other(let bytes): row.otherText = batch.store(bytes)
      case .empty, .mangled, .invalid: break
      }
      (row.rawID, row.firstPart) = batch.storeParts(HouseholdTable.partCount, of: record, columns: c, id: idRaw)
      row.nameHash = NameHash.hash(record.trimmed(c.name))
      row.exemptStatus = Int32(ExemptReasons.statusIndex(record.trimmed(c.status), in: exempt))
      batch.rows.append(row)
    }
    batch.encoding = reader.resolvedEncoding.rawValue
    emit(batch)
  }

  // MARK: - Fold: insert in order

  /// Rows per batch from the worker to the insert (tests make it small, so that batch
  /// boundaries fall between the rows of a household and between duplicates).
  var batchRows = RosterBatch.capacity

  /// Rows inserted per run (`insertRun`).
  static let defaultInsertRun = 256

  /// Rows whose key-table slots are loaded together before they are inserted, and whose
  /// new households are interned together after (`AddressInterner`). 1 is the reference
  /// path: each row's slot loaded and its household interned as it is met.
  var insertRun = RosterBuilder.defaultInsertRun

  private func insert(
    _ batch: RosterBatch, into roster: inout Roster, address: inout AddressInterner, account: inout FileAccount,
    issues: inout IssueLog
  ) {
    if let compression = batch.compression { account.compression = compression }
    if let encoding = batch.encoding { account.encoding = encoding }
    if batch.estimatedRows > 0 { roster.reserve(estimatedRows: batch.estimatedRows) }
    for issue in batch.issues { issues.add(issue) }
    account.rows += batch.rows.count
    // Rows are inserted in runs of `insertRun`: the run's key-table slots are loaded first
    // (`KeyTable.touch`), so their cache misses overlap; then each row is inserted, and
    // the run's new households are interned at its end (`AddressInterner`).
    let run = max(1, insertRun)
    var keys = [UInt64](repeating: 0, count: run)
    batch.arena.withUnsafeBufferPointer { arena in
      var start = 0
      while start < batch.rows.count {
        let end = min(start + run, batch.rows.count)
        for j in start..<end { keys[j - start] = batch.rows[j].isUsable ? batch.rows[j].key : 0 }
        keys.withUnsafeBufferPointer { _ = roster.table.touch(UnsafeBufferPointer(rebasing: $0[0..<(end - start)])) }
        for offset in start..<end {
          insert(
            batch.rows[offset], of: batch, arena, into: &roster, address: &address, account: &account, issues: &issues)
        }
        address.assignHouseholds(roster: &roster)
        roster.residents.appendNoneState()
        start = end
      }
    }
  }

  private func insert(
    _ row: RosterBatch.Row, of batch: RosterBatch, _ arena: UnsafeBufferPointer<UInt8>, into roster: inout Roster,
    address: inout AddressInterner, account: inout FileAccount, issues: inout IssueLog
  ) {
    // Rows with an issue remember their committee (a usable row's first three
    // address parts; a rejected row stored just those three).
    let first = Int(row.firstPart)
    func committeePart(_ p: Int) -> UnsafeBufferPointer<UInt8> {
      RosterBatch.slice(arena, batch.partSpans[first + p])
    }
    if row.hasIssue || !row.isUsable {
      roster.issueCommittees.record(file: account.displayPath, line: row.line, parts: committeePart)
    }
    guard row.isUsable else {
      account.rowsRejected += 1
      roster.markRow(isResident: false)
      return
    }
    let key =
      row.key != DocumentKey.unresolved
      ? row.key : DocumentKey.intern(RosterBatch.slice(arena, row.otherText), in: &roster.otherDocuments)
    let index = UInt32(roster.residents.count)
    if let first = roster.table.insertIfAbsent(key, value: index) {
      issues.add(
        .duplicateResident, file: account.displayPath, line: row.line, field: "id_number",
        value: RosterBatch.slice(arena, row.rawID),
        message: "same ID as line \(roster.residents.rosterLine[Int(first)])")
      roster.issueCommittees.record(file: account.displayPath, line: row.line, parts: committeePart)
      account.rowsRejected += 1
      roster.markRow(isResident: false)
      return
    }
    // The household is set by `assignHouseholds` at the end of the run, the test state
    // by `appendNoneState`.
    roster.residents.appendRosterFields(
      household: 0, line: row.line, nameHash: row.nameHash, isEligible: row.exemptStatus < 0)
    address.add(resident: index, roster: &roster) { p in RosterBatch.slice(arena, batch.partSpans[first + p]) }
    if row.exemptStatus >= 0 { roster.exemptReasons.addStatus(resident: index, status: Int(row.exemptStatus)) }
    roster.markRow(isResident: true)
    account.rowsUsed += 1
  }
}
