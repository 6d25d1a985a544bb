import NatReconCore
import NatReconIO

/// Builds the `Roster` from the roster files: the first stage of a run.
///
/// - Input: `PipelineSpec` roster input, the as-of time (birth dates after it are
///   `id_checksum`).
/// - Output: `Roster`, per-file `FileAccount`s, issues appended to the `IssueLog`.
/// - Memory: proportional to roster size (see `Roster`); the file is streamed.
/// - Errors: throws `IngestError` (missing file or column, corrupt gzip, …); emits
///   `csv_syntax`, `bad_encoding`, `missing_field`, `id_checksum`, `id_mangled`,
///   `invalid_id`, `duplicate_resident`.
/// - Order & determinism: files in sorted path order, records in file order; the first
///   usable row of an ID is the resident, later ones are `duplicate_resident`.
struct RosterBuilder {
  let spec: PipelineSpec
  let latestBirthDate: Int32
  private let exempt: [[UInt8]]

  init(spec: PipelineSpec, asOf: Int64) {
    self.spec = spec
    self.latestBirthDate = Timestamp.shanghaiDate(asOf)
    self.exempt = spec.exemptStatuses.map { Array(ByteText.trimmed($0).utf8) }
  }

  /// Reads every roster file into a new roster.
  func build(files: [InputFile], issues: inout IssueLog, progress: ProgressLine) throws(IngestError)
    -> (Roster, [FileAccount])
  {
    var roster = Roster()
    roster.files = files
    var accounts: [FileAccount] = []
    for file in roster.files {
      var account = FileAccount(path: file.path, displayPath: file.displayPath, role: "roster")
      try read(file, into: &roster, account: &account, issues: &issues, progress: progress)
      accounts.append(account)
    }
    return (roster, accounts)
  }

  private func read(
    _ file: InputFile, into roster: inout Roster, account: inout FileAccount, issues: inout IssueLog,
    progress: ProgressLine
  ) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .roster, input: spec.roster)
    account.compression = reader.compression.rawValue
    let c = RosterColumnSet(columns)
    let name = file.displayPath
    var address = AddressInterner()
    roster.reserve(estimatedRows: Roster.estimatedRows(fileBytes: reader.fileBytes, isCompressed: reader.compression != .none))
    try reader.forEachRecord { record in
      account.rows += 1
      progress.tick(rows: 1, bytes: reader.bytesRead, stage: "roster")
      let line = record.line
      if let problem = record.problem {
        issues.add(problem.issue(file: name, line: line))
        account.rowsRejected += 1
        roster.markRow(isResident: false)
        return
      }
      var hasError = false
      let idRaw = record.trimmed(c.id)
      let parsed = ResidentID.parse(idRaw, latestBirthDate: latestBirthDate)
      switch parsed {
      case .empty:
        issues.add(.missingField, file: name, line: line, field: "id_number", value: idRaw, message: "empty id_number")
        hasError = true
      case .mangled:
        issues.add(.idMangled, file: name, line: line, field: "id_number", value: idRaw, message: "unusable ID")
        hasError = true
      case .invalid:
        issues.add(.invalidID, file: name, line: line, field: "id_number", value: idRaw, message: "not an ID number")
        hasError = true
      case .mainland(_, let isValid):
        if !isValid {
          issues.add(
            .idChecksum, file: name, line: line, field: "id_number", value: idRaw,
            message: "check digit or birth date invalid")
        }
      case .other: break
      }
      for (field, column) in c.requiredText {
        let value = record.trimmed(column)
        if value.isEmpty {
          issues.add(.missingField, file: name, line: line, field: field, value: value, message: "empty \(field)")
          hasError = true
        }
      }
      guard !hasError, let key = roster.key(of: parsed) else {
        account.rowsRejected += 1
        roster.markRow(isResident: false)
        return
      }
      let index = UInt32(roster.residents.count)
      if let first = roster.table.insertIfAbsent(key, value: index) {
        issues.add(
          .duplicateResident, file: name, line: line, field: "id_number", value: idRaw,
          message: "same ID as line \(roster.residents.rosterLine[Int(first)])")
        account.rowsRejected += 1
        roster.markRow(isResident: false)
        return
      }
      let household = address.household(of: record, columns: c.address, roster: &roster)
      let status = record.trimmed(c.status)
      let isExempt = exempt.contains { $0.elementsEqual(status) }
      roster.residents.append(
        household: household, line: line, nameHash: NameHash.hash(record.trimmed(c.name)),
        isEligible: !isExempt)
      roster.markRow(isResident: true)
      account.rowsUsed += 1
    }
    account.encoding = reader.resolvedEncoding.rawValue
  }
}

/// The roster columns a pass needs, resolved once per file.
struct RosterColumnSet {
  let id: Int
  let name: Int
  let phone: Int
  let status: Int
  let tags: Int
  /// district, street, committee, compound, building, unit, room.
  let address: [Int]
  /// Required text fields besides the ID (SPEC §8): name, committee, building, room.
  let requiredText: [(String, Int)]

  init(_ c: FieldColumns) {
    id = c.column(.idNumber)
    name = c.column(.name)
    phone = c.column(.phone)
    status = c.column(.status)
    tags = c.column(.tags)
    address = [
      c.column(.district), c.column(.street), c.column(.committee), c.column(.compound),
      c.column(.building), c.column(.unit), c.column(.room),
    ]
    requiredText = [
      ("name", c.column(.name)), ("committee", c.column(.committee)),
      ("building", c.column(.building)), ("room", c.column(.room)),
    ]
  }
}

/// Interns a row's seven address parts and its household, reusing the previous row's
/// IDs for parts whose bytes did not change.
///
/// Rosters are exported sorted by address, so consecutive rows share district, street,
/// committee, compound and building (and often the room): comparing a few bytes with the
/// previous row skips most hash lookups.
struct AddressInterner {
  private var previous: [[UInt8]] = Array(repeating: [], count: HouseholdTable.partCount)
  private var ids = [UInt32](repeating: 0, count: HouseholdTable.partCount)
  private var lastHousehold: UInt32?

  mutating func household(of record: CSVRecord, columns: [Int], roster: inout Roster) -> UInt32 {
    var changed = lastHousehold == nil
    for p in 0..<HouseholdTable.partCount {
      let value = record.trimmed(columns[p])
      // Same bytes as the previous row: its ID in `ids[p]` still holds.
      if lastHousehold != nil && previous[p].elementsEqual(value) { continue }
      changed = true
      ids[p] = roster.strings.intern(value)
      previous[p].removeAll(keepingCapacity: true)
      previous[p].append(contentsOf: value)
    }
    if !changed, let lastHousehold { return lastHousehold }
    let household = ids.withUnsafeBufferPointer { roster.households.intern($0) }
    lastHousehold = household
    return household
  }
}
