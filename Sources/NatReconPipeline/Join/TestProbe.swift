import NatReconCore
import NatReconIO

/// What the test passes add to the roster's state.
struct JoinResult {
  var files: [InputFile] = []
  var accounts: [FileAccount] = []
  var unmatched: [UInt64: UnmatchedPerson] = [:]
  /// Sampling-site names of unmatched records (`UnmatchedPerson.sites` index them).
  var sites = ByteInterner()
  /// Tube IDs with a positive record sampled in `[T − V, T]` (SPEC §3).
  var positiveTubes: Set<String> = []
  /// name_mismatch issues whose message needs the roster name: (issue index, resident).
  var nameMismatches: [(issue: Int, resident: Int)] = []
  var matchedRecords = 0
  var unmatchedRecords = 0
  /// Per test file, its `TubeSpillWriter` file, or nil when none was written completely.
  var tubeSpills: [String?] = []
  /// Distinct unmatched IDs (kept when `unmatched` is released).
  fileprivate(set) var unmatchedIDs = 0

  /// Frees the unmatched IDs once unmatched_tests.csv is written.
  mutating func releaseUnmatched() {
    unmatchedIDs = unmatched.count
    unmatched = [:]
    sites = ByteInterner()
  }
}

/// Streams the test exports through the roster: the join's probe side.
///
/// - Input: a built `Roster`, the pipeline's test input and run times.
/// - Output: per-resident state updated in place, a `JoinResult`.
/// - Memory: constant in export size (per worker one read buffer and a few
///   `ProbeBatch`es); plus one entry per distinct unmatched ID and per positive tube.
/// - Errors: throws `IngestError`; emits `csv_syntax`, `bad_encoding`, `missing_field`,
///   `id_checksum`, `id_mangled`, `invalid_id`, `bad_time`, `unknown_result`,
///   `sample_after_as_of`, `report_before_sample`, `name_mismatch`.
/// - Order & determinism: worker threads parse files (`ParallelFiles`); the fold runs
///   on the calling thread, batches in arrival order (each file's in record order). Every
///   fold is commutative, so the result does not depend on which file's batch came first.
/// - Lifecycle: build the roster first; while workers run, the key table, the name
///   hashes and the other-document table are read-only (probing never inserts).
struct TestProbe {
  let spec: PipelineSpec
  let times: RunTimes
  let parser: TestRecordParser

  /// Records whose key-table slots are loaded together (`ProbeWorker.touchRun`; 1 probes
  /// one record at a time, which the tests compare with the default).
  let touchRun: Int

  init(spec: PipelineSpec, times: RunTimes, touchRun: Int = ProbeWorker.defaultTouchRun) {
    self.spec = spec
    self.times = times
    self.parser = TestRecordParser(asOf: times.asOf, resultMap: spec.resultMap)
    self.touchRun = touchRun
  }

  /// Folds every test file into `roster`. With a `spillDirectory`, each worker also
  /// writes its file's `TubeSpillWriter` scratch file there for `PositiveTubeScan`.
  func probe(
    files: [InputFile], roster: inout Roster, issues: inout IssueLog, progress: ProgressLine,
    spillDirectory: String? = nil
  ) throws(IngestError) -> JoinResult {
    var join = JoinResult()
    join.files = files
    join.tubeSpills = Array(repeating: nil, count: files.count)
    var accounts = files.map { FileAccount(path: $0.path, displayPath: $0.displayPath, role: "tests") }
    let frozen = Frozen(
      (table: roster.table, nameHash: roster.residents.nameHash, otherDocuments: roster.otherDocuments))
    let worker = ProbeWorker(spec: spec, times: times, parser: parser, touchRun: touchRun)
    // Every fold below is commutative (latest-record maxima, flags, counts, read-order
    // stamps; issues keep their order within a file and are sorted by file and line),
    // so batches are folded as they arrive and both workers stay busy.
    try ParallelFiles.inArrivalOrder(files: files) { (index: Int, emit: (ProbeBatch) -> Void) throws(IngestError) in
      let spill = spillDirectory.flatMap { TubeSpillWriter(path: "\($0)/.tube-spill-\(index)") }
      try worker.parse(
        files[index], table: frozen.value.table, nameHash: frozen.value.nameHash,
        otherDocuments: frozen.value.otherDocuments, spill: spill, emit: emit)
    } consume: { index, batch in
      if let spill = batch.tubeSpill { join.tubeSpills[index] = spill }
      progress.tick(rows: batch.rows, stage: "tests")
      fold(batch, fileIndex: index, into: &roster, join: &join, account: &accounts[index], issues: &issues)
    }
    join.accounts = accounts
    join.unmatchedIDs = join.unmatched.count
    return join
  }

  /// Applies one batch to the per-resident state (calling thread only).
  private func fold(
    _ batch: ProbeBatch, fileIndex: Int, into roster: inout Roster, join: inout JoinResult, account: inout FileAccount,
    issues: inout IssueLog
  ) {
    account.rows += batch.rows
    account.rowsUsed += batch.rowsUsed
    account.rowsRejected += batch.rowsRejected
    account.rowsAfterAsOf += batch.rowsAfterAsOf
    if batch.newestSample > (account.newestSampleTime ?? .min) { account.newestSampleTime = batch.newestSample }
    if let compression = batch.compression { account.compression = compression }
    if let encoding = batch.encoding { account.encoding = encoding }
    let base = issues.count
    for issue in batch.issues { issues.add(issue) }
    for (issue, resident) in batch.nameMismatches { join.nameMismatches.append((base + issue, resident)) }
    for tube in batch.positiveTubes { join.positiveTubes.insert(tube) }
    join.matchedRecords += batch.updates.count
    roster.residents.withUnsafeMutableColumns { c in
      for u in batch.updates {
        let r = Int(u.resident)
        let sample = u.sampleTime
        if sample > c.lastSampleTime[r] {
          c.lastSampleTime[r] = sample
          c.lastResult[r] = u.result.rawValue
        } else if sample == c.lastSampleTime[r] && u.result.rawValue > c.lastResult[r] {
          c.lastResult[r] = u.result.rawValue
        }
        if u.isInRound { c.flags[r] |= ResidentColumns.Flag.testedInRound }
        switch u.result {
        case .negative:
          let lastAnchor = c.lastNegativeAnchor[r]
          if u.anchor > lastAnchor || (u.anchor == lastAnchor && sample > c.lastNegativeSample[r]) {
            c.lastNegativeAnchor[r] = u.anchor
            c.lastNegativeSample[r] = sample
          }
        case .positive:
          if sample > c.lastPositiveSample[r] { c.lastPositiveSample[r] = sample }
        case .pending, .invalid: break
        }
      }
    }
    join.unmatchedRecords += batch.unmatched.count
    for record in batch.unmatched {
      let key = DocumentKey.resolve(record.key, text: record.otherText, in: &roster.otherDocuments)
      let site = record.site.isEmpty ? nil : record.site.withUnsafeBufferPointer { join.sites.intern($0) }
      record.name.withUnsafeBufferPointer { name in
        record.phone.withUnsafeBufferPointer { phone in
          join.unmatched[key, default: UnmatchedPerson()].add(
            sampleTime: record.sampleTime, result: record.result, name: name, phone: phone, site: site,
            order: LatestValue.readOrder(file: fileIndex, line: record.line))
        }
      }
    }
  }
}

/// Parses one test file into `ProbeBatch`es on a worker thread.
///
/// Records come in runs of `touchRun` (`CSVFileReader.forEachRecordRun`). Each run is
/// handled in three passes: the first parses every record and collects the used ones'
/// keys, then `KeyTable.touch` loads all their home slots at once so the cache misses
/// overlap (at city scale the table is 400 MB and nearly every probe misses); the second
/// looks each key up and loads the found resident's name hash (another miss per record,
/// overlapped the same way); the third hands the records over. The roster insert does the same
/// (`RosterBuilder.touchRun`). The batch comes out as the one-record-at-a-time probe
/// (`touchRun` 1) makes it, except that a record's `name_mismatch` follows the other
/// issues of its run rather than of its record: data_issues.csv is sorted by file and
/// line, stably, so the file is the same (`BatchedProbeTests`).
struct ProbeWorker: Sendable {
  let spec: PipelineSpec
  let times: RunTimes
  let parser: TestRecordParser
  /// Records whose key-table slots are loaded together before they are looked up.
  var touchRun = ProbeWorker.defaultTouchRun

  /// Large enough for the misses of a run to overlap, small enough that its slots and
  /// records stay in cache between the two passes (as `RosterBuilder.touchRun`).
  static let defaultTouchRun = 256

  /// A used record of a run between parsing and the key-table lookup (no references, so
  /// the run's list is plain memory).
  private struct Pending {
    /// The record's position in the run.
    var index: Int32
    /// Index into the run's other-document texts (a document the roster lacks), or -1.
    var otherText: Int32
    var result: TestResult
    var key: UInt64
    var sampleTime: Int64
    /// The negative certificate's anchor (report or sample time); 0 unless negative.
    var anchor: Int64
    /// The roster row the key table holds for `key` (pass 2), or `notFound`.
    var resident: UInt32 = Pending.notFound
    /// The roster name's hash of `resident` (pass 2).
    var rosterNameHash: UInt64 = 0

    static let notFound = UInt32.max
  }

  func parse(
    _ file: InputFile, table: KeyTable, nameHash: ContiguousArray<UInt64>, otherDocuments: ByteInterner,
    spill: TubeSpillWriter?, emit: (ProbeBatch) -> Void
  ) throws(IngestError) {
    let (reader, columns, _) = try InputOpener.open(file, kind: .tests, input: spec.tests)
    let c = TestColumnSet(columns)
    let name = file.displayPath
    let t = times
    let anchorIsReport = spec.validityAnchor == .report
    let positiveWindowStart = t.asOf - t.validitySeconds
    var batch = ProbeBatch()
    batch.compression = reader.compression.rawValue
    // One run's used records and their keys, allocated once per file (plain memory:
    // `Pending` holds no references).
    let pending = UnsafeMutableBufferPointer<Pending>.allocate(capacity: touchRun)
    let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: touchRun)
    defer {
      pending.deallocate()
      keys.deallocate()
    }
    var otherTexts: [[UInt8]] = []
    try reader.forEachRecordRun(maxRun: touchRun) { records in
      var pendingCount = 0
      otherTexts.removeAll(keepingCapacity: true)
      // Pass 1: parse, count, collect the used records' keys.
      for k in 0..<records.count {
        let record = records[k]
        batch.rows += 1
        if record.hasProblem, let problem = record.problem {
          batch.issues.append(problem.issue(file: name, line: record.line))
          batch.rowsRejected += 1
          continue
        }
        let test = parser.parse(record, columns: c, file: name, issues: &batch)
        switch test.disposition {
        case .rejected:
          batch.rowsRejected += 1
          continue
        case .afterAsOf:
          batch.rowsAfterAsOf += 1
          continue
        case .used:
          batch.rowsUsed += 1
        }
        let sample = test.sampleTime
        if sample > batch.newestSample { batch.newestSample = sample }
        let result = test.resultAtAsOf
        if result == .positive && sample >= positiveWindowStart {
          let tube = record.trimmed(c.tube)
          if !tube.isEmpty { batch.positiveTubes.append(String(decoding: tube, as: UTF8.self)) }
        }
        var key: UInt64 = 0
        var otherText: Int32 = -1
        switch test.id {
        case .mainland(let k, _): key = k
        case .other(let bytes):
          if let found = DocumentKey.find(bytes, in: otherDocuments) {
            key = found
          } else {
            otherText = Int32(otherTexts.count)
            otherTexts.append(bytes)
          }
        case .empty, .mangled, .invalid: continue  // rejected above
        }
        let anchor = result == .negative ? (anchorIsReport ? (test.reportTime ?? sample) : sample) : 0
        keys[pendingCount] = key
        pending[pendingCount] = Pending(
          index: Int32(k), otherText: otherText, result: result, key: key, sampleTime: sample, anchor: anchor)
        pendingCount += 1
      }
      _ = table.touch(UnsafeBufferPointer(rebasing: keys[0..<pendingCount]))

      // Pass 2: look every key up and load the found resident's name hash (a random
      // read into an 8-byte column: one more cache miss per record at city scale), in a
      // loop of their own so that the misses overlap like the key table's.
      nameHash.withUnsafeBufferPointer { hashes in
        for j in 0..<pendingCount {
          let key = pending[j].key
          guard key != DocumentKey.unresolved, let found = table.find(key) else { continue }
          pending[j].resident = found
          pending[j].rosterNameHash = hashes[Int(found)]
        }
      }

      // Pass 3: hand over.
      for j in 0..<pendingCount {
        let p = pending[j]
        let record = records[Int(p.index)]
        let key = p.key
        let sample = p.sampleTime
        let result = p.result
        let tube = record.trimmed(c.tube)
        guard p.resident != Pending.notFound else {
          let otherText = p.otherText >= 0 ? otherTexts[Int(p.otherText)] : []
          if let spill, !tube.isEmpty {
            otherText.withUnsafeBufferPointer { other in
              spill.append(
                SpilledRecord(
                  key: key, sampleTime: sample, result: result, line: record.line, tube: tube,
                  otherText: other, name: record.trimmed(c.name), phone: record.trimmed(c.phone)))
            }
          }
          batch.unmatched.append(
            UnmatchedRecord(
              key: key, otherText: otherText, line: record.line, sampleTime: sample, result: result,
              name: Array(record.trimmed(c.name)), phone: Array(record.trimmed(c.phone)),
              site: Array(record.trimmed(c.site))))
          continue
        }
        if let spill, !tube.isEmpty {
          let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
          spill.append(
            SpilledRecord(
              key: key, sampleTime: sample, result: result, line: record.line, tube: tube,
              otherText: none, name: none, phone: none))
        }
        let found = p.resident
        let r = Int(found)
        batch.updates.append(
          MatchedUpdate(
            resident: found, result: result,
            isInRound: sample >= t.roundStart && sample <= t.roundEnd && result != .invalid,
            sampleTime: sample, anchor: p.anchor))
        let recordName = record.trimmed(c.name)
        if !recordName.isEmpty && !NameHash.isMasked(recordName) && NameHash.hash(recordName) != p.rosterNameHash {
          batch.nameMismatches.append((issue: batch.issues.count, resident: r))
          batch.add(
            .nameMismatch, file: name, line: record.line, field: "name", value: recordName,
            message: "name differs from the roster")
        }
      }
      // Handed over between runs, so a name_mismatch stays in its record's batch.
      if batch.rows >= ProbeBatch.records {
        emit(batch)
        batch = ProbeBatch()
      }
    }
    batch.encoding = reader.resolvedEncoding.rawValue
    if let spill, spill.finish() { batch.tubeSpill = spill.path }
    emit(batch)
  }
}
