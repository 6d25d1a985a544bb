import NatReconCore
import NatReconIO

/// What the test passes add to the roster's state.
struct JoinResult {
  var files: [InputFile] = []
  var accounts: [FileAccount] = []
  var unmatched: [UInt64: UnmatchedPerson] = [:]
  /// Tube IDs with a positive record sampled in `[T − V, T]` (SPEC §3).
  var positiveTubes: Set<String> = []
  /// name_mismatch issues whose message needs the roster name: (issue index, resident).
  var nameMismatches: [(issue: Int, resident: Int)] = []
  var matchedRecords = 0
  var unmatchedRecords = 0
}

/// Streams the test exports through the roster: the join's probe side.
///
/// - Input: a built `Roster`, the pipeline's test input and run times.
/// - Output: per-resident state updated in place, a `JoinResult`.
/// - Memory: constant in export size (one read buffer per file); plus one entry per
///   distinct unmatched ID and per positive tube.
/// - Errors: throws `IngestError`; emits `csv_syntax`, `bad_encoding`, `missing_field`,
///   `id_checksum`, `id_mangled`, `invalid_id`, `bad_time`, `unknown_result`,
///   `sample_after_as_of`, `report_before_sample`, `name_mismatch`.
/// - Order & determinism: files in sorted path order, records in file order; every
///   fold is order-independent except name/phone ties of unmatched IDs (file order).
/// - Lifecycle: build the roster first; probing never inserts into its key table.
struct TestProbe {
  let spec: PipelineSpec
  let times: RunTimes
  let parser: TestRecordParser

  init(spec: PipelineSpec, times: RunTimes) {
    self.spec = spec
    self.times = times
    self.parser = TestRecordParser(asOf: times.asOf, resultMap: spec.resultMap)
  }

  func probe(files: [InputFile], roster: inout Roster, issues: inout IssueLog, progress: ProgressLine)
    throws(IngestError) -> JoinResult
  {
    var join = JoinResult()
    join.files = files
    for file in join.files {
      var account = FileAccount(path: file.path, displayPath: file.displayPath, role: "tests")
      try probe(file, roster: &roster, join: &join, account: &account, issues: &issues, progress: progress)
      join.accounts.append(account)
    }
    return join
  }

  private func probe(
    _ file: InputFile, roster: inout Roster, join: inout JoinResult, account: inout FileAccount,
    issues: inout IssueLog, progress: ProgressLine
  ) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .tests, input: spec.tests)
    account.compression = reader.compression.rawValue
    let c = TestColumnSet(columns)
    let name = file.displayPath
    let t = times
    let anchorIsReport = spec.validityAnchor == .report
    let positiveWindowStart = t.asOf - t.validitySeconds
    try reader.forEachRecord { record in
      account.rows += 1
      progress.tick(rows: 1, bytes: reader.bytesRead, stage: "tests")
      if let problem = record.problem {
        issues.add(problem.issue(file: name, line: record.line))
        account.rowsRejected += 1
        return
      }
      let test = parser.parse(record, columns: c, file: name, issues: &issues)
      switch test.disposition {
      case .rejected:
        account.rowsRejected += 1
        return
      case .afterAsOf:
        account.rowsAfterAsOf += 1
        return
      case .used:
        account.rowsUsed += 1
      }
      guard let key = roster.key(of: test.id) else { return }
      let sample = test.sampleTime
      let result = test.resultAtAsOf
      if result == .positive && sample >= positiveWindowStart {
        let tube = record.trimmed(c.tube)
        if !tube.isEmpty { join.positiveTubes.insert(String(decoding: tube, as: UTF8.self)) }
      }
      guard let found = roster.table.find(key) else {
        join.unmatchedRecords += 1
        join.unmatched[key, default: UnmatchedPerson()].add(
          sampleTime: sample, result: result, name: record.trimmed(c.name),
          phone: record.trimmed(c.phone), site: record.trimmed(c.site))
        return
      }
      join.matchedRecords += 1
      let r = Int(found)
      var last = TestResult(rawValue: roster.residents.lastResult[r]) ?? .pending
      LatestRecord.fold(
        sampleTime: sample, result: result, into: &roster.residents.lastSampleTime[r], lastResult: &last)
      roster.residents.lastResult[r] = last.rawValue
      if sample >= t.roundStart && sample <= t.roundEnd && result != .invalid {
        roster.residents.flags[r] |= ResidentColumns.Flag.testedInRound
      }
      switch result {
      case .negative:
        let anchor = anchorIsReport ? (test.reportTime ?? sample) : sample
        let lastAnchor = roster.residents.lastNegativeAnchor[r]
        if anchor > lastAnchor || (anchor == lastAnchor && sample > roster.residents.lastNegativeSample[r]) {
          roster.residents.lastNegativeAnchor[r] = anchor
          roster.residents.lastNegativeSample[r] = sample
        }
      case .positive:
        if sample > roster.residents.lastPositiveSample[r] { roster.residents.lastPositiveSample[r] = sample }
      case .pending, .invalid: break
      }
      let recordName = record.trimmed(c.name)
      if !recordName.isEmpty && !NameHash.isMasked(recordName)
        && NameHash.hash(recordName) != roster.residents.nameHash[r]
      {
        join.nameMismatches.append((issue: issues.count, resident: r))
        issues.add(
          .nameMismatch, file: name, line: record.line, field: "name", value: recordName,
          message: "name differs from the roster")
      }
    }
    account.encoding = reader.resolvedEncoding.rawValue
  }
}

/// The run's times in epoch seconds (SPEC §3): `T`, `[R0, R1]`, `V`, `W`.
struct RunTimes {
  var asOf: Int64
  var roundStart: Int64
  var roundEnd: Int64
  var validitySeconds: Int64
  var warnSeconds: Int64
}
