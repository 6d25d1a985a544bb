import NatReconCore
import NatReconIO

/// Reads the exemption list (灰名单, SPEC §2.3) and folds it into the roster: the second
/// stage of a run, right after the roster.
///
/// - Input: the pipeline's `inputs.exemptions` files, the built `Roster` (its key table
///   and other-document table, read only), the as-of time `T`.
/// - Output: the residents with a row active at `T` lose their eligible flag and get
///   their reasons in `Roster.exemptReasons`; per-file `FileAccount`s (no
///   `rows_after_as_of`); issues appended to the `IssueLog`.
/// - Memory: the list is small (a few percent of the roster): each active, matched row
///   is held as (resident, reason ID) — 8 bytes, each distinct reason text interned once —
///   until the merge; nothing per roster resident. No other input is read again.
/// - Errors: throws `IngestError` (missing file, no id_number or reason column, corrupt
///   gzip, …); emits `csv_syntax`, `bad_encoding`, `missing_field`, `id_checksum`,
///   `id_mangled`, `invalid_id`, `bad_time` (errors reject the row; `id_checksum` is a
///   warning) and `exemption_unmatched` (warning) for a used row whose ID matches no
///   resident.
/// - Workbooks: a row with an issue whose ID names a resident is recorded in
///   `roster.issueCommittees` under that resident's committee (its 数据问题 sheet).
/// - Order & determinism: files in sorted path order, rows in file order; a resident's
///   reasons keep that order (SPEC §2.4).
struct ExemptionReader {
  let input: PipelineSpec.Input
  let asOf: Int64
  let latestBirthDate: Int32

  init(input: PipelineSpec.Input, asOf: Int64) {
    self.input = input
    self.asOf = asOf
    self.latestBirthDate = Timestamp.shanghaiDate(asOf)
  }

  /// Reads every exemption file and applies the active rows to `roster`.
  func apply(files: [InputFile], to roster: inout Roster, issues: inout IssueLog) throws(IngestError)
    -> [FileAccount]
  {
    var accounts: [FileAccount] = []
    var listed: [(resident: UInt32, reason: UInt32)] = []
    var reasons = ByteInterner()
    for file in files {
      var account = FileAccount(path: file.path, displayPath: file.displayPath, role: "exemptions")
      var issueRows: [(line: Int, resident: UInt32)] = []
      try read(
        file, roster: roster, account: &account, listed: &listed, reasons: &reasons, issues: &issues,
        issueRows: &issueRows)
      accounts.append(account)
      // A row with an issue that names a resident belongs to that resident's committee
      // (the workbooks' 数据问题).
      for (line, resident) in issueRows {
        let h = Int(roster.residents.household[Int(resident)])
        let committee = (0..<3).map { roster.strings.string(roster.households.part(h, $0)) }
        roster.issueCommittees.record(file: file.displayPath, line: line, committee: committee)
      }
    }
    roster.residents.withUnsafeMutableColumns { c in
      for (r, _) in listed { c.flags[Int(r)] &= ~ResidentColumns.Flag.eligible }
    }
    roster.exemptReasons.mergeListed(listed, reasons: reasons)
    return accounts
  }

  private func read(
    _ file: InputFile, roster: Roster, account: inout FileAccount,
    listed: inout [(resident: UInt32, reason: UInt32)], reasons: inout ByteInterner, issues: inout IssueLog,
    issueRows: inout [(line: Int, resident: UInt32)]
  ) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .exemptions, input: input)
    account.compression = reader.compression.rawValue
    let id = columns.column(.idNumber)
    let reasonColumn = columns.column(.reason)
    let fromColumn = columns.column(.from)
    let untilColumn = columns.column(.until)
    let name = file.displayPath
    let t = asOf
    try reader.forEachRecord { record in
      account.rows += 1
      let line = record.line
      if let problem = record.problem {
        issues.add(problem.issue(file: name, line: line))
        account.rowsRejected += 1
        return
      }
      let issuesBefore = issues.count
      let idRaw = record.trimmed(id)
      let parsed = ResidentID.parse(idRaw, latestBirthDate: latestBirthDate)
      var isUsable = issues.addIDIssues(parsed, raw: idRaw, file: name, line: line)
      let reason = record.trimmed(reasonColumn)
      if reason.isEmpty {
        issues.add(.missingField, file: name, line: line, field: "reason", value: reason, message: "empty reason")
        isUsable = false
      }
      var bounds: [Int64?] = []
      for (field, column, bound) in [("from", fromColumn, Timestamp.Bound.start), ("until", untilColumn, .end)] {
        let raw = record.trimmed(column)
        guard !raw.isEmpty else {
          bounds.append(nil)
          continue
        }
        let value = Timestamp.parse(raw, bound: bound)
        if value == nil {
          issues.add(.badTime, file: name, line: line, field: field, value: raw, message: "unparsable time")
          isUsable = false
        }
        bounds.append(value)
      }
      var resident: UInt32?
      switch parsed {
      case .mainland(let key, _): resident = roster.table.find(key)
      case .other(let bytes):
        if let document = bytes.withUnsafeBufferPointer({ roster.otherDocuments.find($0) }) {
          resident = roster.table.find(Roster.otherDocumentTag | UInt64(document))
        }
      case .empty, .mangled, .invalid: break
      }
      if let resident, issues.count > issuesBefore { issueRows.append((line, resident)) }
      guard isUsable else {
        account.rowsRejected += 1
        return
      }
      account.rowsUsed += 1
      guard let resident else {
        issues.add(
          .exemptionUnmatched, file: name, line: line, field: "id_number", value: idRaw,
          message: "no resident with this ID")
        return
      }
      // Active at T (SPEC §3): both bounds inclusive; a window ending before it starts never is.
      let (from, until) = (bounds[0], bounds[1])
      if (from ?? t) <= t && t <= (until ?? t) {
        listed.append((resident, reasons.intern(reason)))
      }
    }
    account.encoding = reader.resolvedEncoding.rawValue
  }
}
