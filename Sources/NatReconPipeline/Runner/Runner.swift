import Foundation
import NatReconCore
import NatReconIO
import NatReconPlatform
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// What a finished run reports back to the command.
public struct RunOutcome: Sendable {
  /// 0, 3 (reject rate exceeded), 4 (stale inputs) or 1 (published, but the history
  /// could not be recorded) (SPEC §6).
  public var exitStatus: Int32
  /// The folder the reports were published to ("" when a stale run wrote nothing).
  public var folder: String
  /// The stderr summary (rows, matches, coverage, stage times, peak memory) and notes
  /// (latest left alone, stale inputs, history, removed folders).
  public var summary: String
  public var status: RunStatus = .ok
  /// `T`, epoch seconds.
  public var asOf: Int64 = 0
  /// The latest sample_time of a used test record, if any.
  public var newestSampleTime: Int64?
  /// The total's coverage and certificate rate (nil when no one is eligible).
  public var coverage: Double?
  public var certRate: Double?
  /// Data records read and used over every input.
  public var rows = 0
  public var rowsUsed = 0
  /// The folder was published but the history could not record it.
  public var historyFailed = false
}

/// Runs a pipeline end to end: roster → probe → tubes → reports (the aggregates at its
/// start) → publish.
///
/// - Input: a loaded `PipelineSpec` (overrides applied).
/// - Output: the SPEC §4 files in `<out>/<run_id>/`, `latest` pointing at it.
/// - Memory: proportional to the roster (see `Roster`); test exports are streamed.
/// - Errors: `IngestError` or `RunError` (exit 1); nothing is replaced on failure.
/// - Order & determinism: identical inputs and options give byte-identical CSV files.
public struct Runner {
  public let spec: PipelineSpec
  private let progress: ProgressLine
  /// How long to wait for another run's output lock (`--wait`; SPEC §6: then exit 75).
  public var lockWaitSeconds = OutputFolder.lockWaitSeconds
  /// Whether SIGINT/SIGTERM remove the temporary folder and exit 130/143
  /// (`InterruptGuard`); the command sets it, in-process callers leave signals alone.
  public var handlesInterrupts = false
  /// The test probe's run length (`ProbeWorker.touchRun`); tests set 1 to compare the
  /// batched probe with the one-record-at-a-time probe.
  var probeTouchRun = ProbeWorker.defaultTouchRun
  /// The roster insert's run length (`RosterBuilder.insertRun`); tests set 1 to compare
  /// the batched insert with the one-row-at-a-time insert.
  var rosterInsertRun = RosterBuilder.defaultInsertRun
  /// Whether the report stage writes its machine files on threads of their own beside
  /// the residents pass (tests compare with false, the single-thread reference:
  /// `ReportStage.tablesOnThread`).
  var reportTablesOnThread = true
  /// How the roster stage and the residents pass read the roster (`ReadAhead.off`: the
  /// single-thread reference of `ReadAheadTests`).
  var readAhead = ReadAhead()

  public init(spec: PipelineSpec, progress: ProgressLine = ProgressLine()) {
    self.spec = spec
    self.progress = progress
  }

  /// Resolves `T`, `[R0, R1]`, `V` and `W` (SPEC §3 defaults: the 24 hours before `T`).
  /// - Throws: `PipelineSpecError.badValue` naming `round` when the round starts after it
  ///   ends (SPEC §6: a usage error, exit status 2).
  static func times(for spec: PipelineSpec) throws(PipelineSpecError) -> RunTimes {
    let asOf: Int64
    switch spec.asOf {
    case .now: asOf = Clock.epochNow()
    case .instant(let t): asOf = t
    }
    let end = spec.roundEnd ?? asOf
    let start = spec.roundStart ?? (end - 24 * 3600)
    if start > end {
      throw .badValue(
        path: spec.path, key: "round",
        value:
          "start \(Timestamp.format(start)), end \(Timestamp.format(end))\(spec.roundEnd == nil ? " (the as-of time)" : "")",
        expected: "a round that starts before it ends; check round.start/--round-start and round.end/--round-end")
    }
    return RunTimes(
      asOf: asOf, roundStart: start, roundEnd: end, validitySeconds: Int64(spec.validityHours) * 3600,
      warnSeconds: Int64(spec.warnHours) * 3600)
  }

  public func run() throws -> RunOutcome {
    let times = try Self.times(for: spec)
    var stages: [(String, Double)] = []
    var clock = Clock.seconds()
    func lap(_ name: String) {
      let now = Clock.seconds()
      stages.append((name, now - clock))
      clock = now
      if getenv("NATRECON_TRACE_RSS") != nil { writeStderr("after \(name): VmHWM \(Clock.peakRSSBytes() >> 20) MB\n") }
    }
    let out = OutputFolderPath.resolve(spec.resolvedOutputDirectory)
    let folder = try OutputFolder(root: out, runID: Timestamp.runID(times.asOf), lockWaitSeconds: lockWaitSeconds)
    // Before any worker thread starts: they inherit the blocked signals.
    let interrupts = handlesInterrupts ? InterruptGuard(temporary: folder.temporary) : nil

    let rosterFiles = try InputFiles.expand(spec.roster.files, in: spec)
    let testFiles = try InputFiles.expand(spec.tests.files, in: spec)
    let exemptionFiles =
      try spec.exemptions.map { input throws(IngestError) in try InputFiles.expand(input.files, in: spec) } ?? []
    // Input digests use the core time the stages leave idle.
    let digests = BackgroundDigests(files: rosterFiles + testFiles + exemptionFiles)
    // A stage that throws must not leave the digest thread hashing while the process exits:
    // exit's handlers tear down libcrypto under it (a crash, exit 139, seen under load).
    defer { digests.cancel() }
    var issues = IssueLog()
    var rosterBuilder = RosterBuilder(spec: spec, asOf: times.asOf, readAhead: readAhead)
    rosterBuilder.insertRun = rosterInsertRun
    var (roster, rosterAccounts) = try rosterBuilder.build(files: rosterFiles, issues: &issues, progress: progress)
    lap("roster")
    var exemptionAccounts: [FileAccount] = []
    if let input = spec.exemptions {
      exemptionAccounts = try ExemptionReader(input: input, asOf: times.asOf).apply(
        files: exemptionFiles, to: &roster, issues: &issues)
      lap("exemptions")
    }
    CrashPoint.ingest.pauseIfRequested()
    // Tube scratch files go into the temporary folder (removed with it after a crash);
    // `NATRECON_TUBE_SCAN=reparse` skips them, so the scan parses the exports again.
    let spillDirectory = getenv("NATRECON_TUBE_SCAN").map { String(cString: $0) } == "reparse" ? nil : folder.temporary
    var join = try TestProbe(spec: spec, times: times, touchRun: probeTouchRun).probe(
      files: testFiles, roster: &roster, issues: &issues, progress: progress, spillDirectory: spillDirectory)
    lap("tests")
    let members = try PositiveTubeScan(
      spec: spec, parser: TestRecordParser(asOf: times.asOf, resultMap: spec.resultMap)
    )
    .scan(files: join.files, spills: join.tubeSpills, tubes: join.positiveTubes, roster: roster)
    // Not published with the reports; on a failure the temporary folder goes as a whole.
    for case let path? in join.tubeSpills { unlink(path) }
    lap("tubes")
    roster.releaseJoinStructures()

    CrashPoint.reports.pauseIfRequested()
    let newest = NewestSample.of(join.accounts)
    var reports: ReportSet
    // This run's summary rows go into the history while the residents pass runs; they
    // are committed after publishing, and rolled back on every other path.
    let draft = HistoryDraft(out: out, runID: folder.runID)
    defer { draft.abandon() }
    do {
      reports = try ReportStage(
        spec: spec, times: times, folder: folder.temporary, out: out, tablesOnThread: reportTablesOnThread,
        readAhead: readAhead, onSummaryWritten: { draft.start(summaryPath: $0) }
      ).run(
        roster: roster, join: &join, members: members, issues: &issues, rosterAccounts: rosterAccounts,
        newest: newest, progress: progress, lap: lap)
    } catch { throw error.underlying }
    let total = reports.aggregates?.areas.first { $0.level == .total }?.counts ?? AreaCounts()
    let rosterCounts = [("residents", roster.residents.count), ("households", roster.households.count)]
    // Nothing after the reports reads the roster or the aggregates: freed on a thread of
    // their own while the run publishes.
    let released = ReleaseOnThread((consume roster, reports.aggregates.take()), onThread: reportTablesOnThread)
    // The aggregates were computed at the start of the report stage: their seconds are
    // listed before "reports", which includes them.
    stages.insert(
      ("aggregate", reports.aggregateSeconds), at: stages.firstIndex { $0.0 == "reports" } ?? stages.endIndex)
    var outputs = reports.outputs

    var accounts = rosterAccounts + join.accounts + exemptionAccounts
    let inputDigests = try digests.wait()
    for i in accounts.indices { (accounts[i].bytes, accounts[i].sha256) = inputDigests[i] }
    // bad_encoding is its record's only issue: one per record.
    let badEncoding = issues.counts(of: .badEncoding)
    for i in accounts.indices { accounts[i].rowsBadEncoding = badEncoding[accounts[i].displayPath] ?? 0 }
    for i in outputs.indices where outputs[i].sha256.isEmpty {
      (_, outputs[i].sha256) = try FileDigest.sha256(
        path: folder.temporary + "/" + outputs[i].path, displayPath: outputs[i].path)
    }
    lap("digests (wait)")
    let counts: [(String, Int)] =
      rosterCounts + [
        ("eligible", total.eligible), ("tested", total.tested), ("cert_valid", total.certValid),
        ("matched_records", join.matchedRecords), ("unmatched_records", join.unmatchedRecords),
        ("unmatched_ids", join.unmatchedIDs), ("positive_tubes", join.positiveTubes.count),
        ("positive_tube_members", members.count), ("data_issues", issues.count),
      ]
    let status = RunStatus.of(
      accounts: accounts, newest: newest, asOf: times.asOf, maxRejectRate: spec.maxRejectRate,
      maxInputAgeHours: spec.maxInputAgeHours)
    let issueCounts = issues.countsByCode.sorted { $0.key < $1.key }.map { ($0.key.rawValue, $0.value) }
    let manifest = Manifest(
      pipelineName: spec.name, pipelinePath: spec.path, times: times, validityHours: spec.validityHours,
      warnHours: spec.warnHours, validityAnchor: spec.validityAnchor.rawValue, status: status,
      newestSample: newest, inputs: accounts, outputs: outputs, counts: counts, issuesByCode: issueCounts,
      stages: stages, peakRSSBytes: Clock.peakRSSBytes())
    let manifestText = manifest.json()
    try ManifestFile.write(manifestText, to: folder.temporary + "/manifest.json")
    // No workbooks asked for: no empty committees/ folder in the published run.
    if !spec.formats.contains(.xlsx) { rmdir(folder.temporary + "/committees") }
    CrashPoint.publish.pauseIfRequested()
    let exceeded = accounts.filter { $0.rejectRate > spec.maxRejectRate }
    var notes: [String] = folder.removedLeftovers.map { "natrecon: removed \($0) (left by a killed run)" }
    if let historyNote = reports.historyNote { notes.append("natrecon: dashboard.html: \(historyNote)") }
    let latest = folder.latestRunID
    var outcome = RunOutcome(
      exitStatus: status.exitStatus, folder: folder.final, summary: "", status: status, asOf: times.asOf,
      newestSampleTime: newest?.time, coverage: total.coverage, certRate: total.certRate,
      rows: accounts.reduce(0) { $0 + $1.rows }, rowsUsed: accounts.reduce(0) { $0 + $1.rowsUsed })
    if status == .staleInputs {
      notes.append(Self.staleLine(newest: newest, spec: spec, times: times))
      if latest == folder.runID {
        // SPEC §4: a stale run never replaces the folder `latest` names.
        progress.clear()
        notes.append(
          "natrecon: \(folder.final) is the run latest names; a stale run does not replace it, so nothing was written")
        outcome.folder = ""
        outcome.summary = notes.joined(separator: "\n") + "\n"
        released.wait()
        return outcome
      }
    }
    let movesLatest = status != .staleInputs && (latest.map { folder.runID >= $0 } ?? true)
    if let interrupts {
      try interrupts.publishing { () throws(RunError) in try folder.publish(movingLatest: movesLatest) }
    } else {
      try folder.publish(movingLatest: movesLatest)
    }
    progress.clear()
    if !movesLatest, let latest {
      notes.append(
        status == .staleInputs
          ? "natrecon: published \(folder.final); latest left at \(latest) (stale inputs)"
          : "natrecon: as-of \(Timestamp.format(times.asOf)) is earlier than latest (\(latest)): published \(folder.final), latest left where it is"
      )
    } else if !movesLatest {
      notes.append("natrecon: published \(folder.final); no latest link (stale inputs)")
    }

    // After publishing: the history (this run, then any folder it lacks), then retention,
    // so a folder keep_runs removes has been recorded first.
    do throws(HistoryError) {
      let store: HistoryStore
      if let drafted = draft.take() {
        // The summary rows are in the open transaction: add the manifest figures, commit.
        store = drafted
        let run: HistoryRun
        do throws(HistoryError) {
          run = try HistoryRun.parse(
            runID: folder.runID, manifest: Data(manifestText.utf8), summary: nil, folder: folder.final)
        } catch {
          drafted.abandonRecording()
          throw error
        }
        try drafted.finishRecording(run)
      } else {
        store = try HistoryStore(path: HistoryStore.path(out: out))
        try store.record(
          try HistoryRun.parse(
            runID: folder.runID, manifest: Data(manifestText.utf8), summary: reports.summaryBytes,
            folder: folder.final))
      }
      var skipped: [String] = []
      let added = try store.catchUp(out: out, skipped: &skipped)
      if !added.isEmpty { notes.append("natrecon: history: recorded earlier runs \(added.joined(separator: ", "))") }
      for line in skipped { notes.append("natrecon: history: skipped \(line)") }
    } catch {
      notes.append(
        "natrecon: history not recorded, the run folder stands and the next run adds what is missing: \(error)")
      outcome.exitStatus = 1
      outcome.historyFailed = true
    }
    // The stderr summary's last stage; the manifest, written before publishing, ends
    // with "digests (wait)".
    lap("history")
    released.wait()
    for removed in Retention.prune(out: out, keep: spec.keepRuns, latest: folder.latestRunID) {
      notes.append("natrecon: removed \(removed) (keep_runs \(spec.keepRuns))")
    }

    let summary = RunSummary(
      spec: spec, times: times, accounts: accounts, total: total, join: join, issues: issues,
      stages: stages, folder: folder.final, exceeded: exceeded
    ).text()
    outcome.summary = summary + notes.map { $0 + "\n" }.joined()
    return outcome
  }

  /// The stale-inputs line (SPEC §6): the newest sample time and its file.
  static func staleLine(newest: NewestSample?, spec: PipelineSpec, times: RunTimes) -> String {
    let limit = "max_input_age_hours \(spec.maxInputAgeHours) before as-of \(Timestamp.format(times.asOf))"
    guard let newest else { return "natrecon: stale inputs: no used test record at all (\(limit)); exit status 4" }
    return
      "natrecon: stale inputs: newest used sample \(Timestamp.format(newest.time)) in \(newest.file) is older than \(limit); exit status 4"
  }
}

/// Normalises an output path (drops a trailing slash).
enum OutputFolderPath {
  /// `pipelines/../out/` → `out`: `.` and `name/..` segments removed lexically, so
  /// messages show the folder as a user would type it.
  static func resolve(_ path: String) -> String {
    let isAbsolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == ".." && isAbsolute && parts.isEmpty { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
  }
}
