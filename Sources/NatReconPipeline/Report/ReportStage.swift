import Foundation
import NatReconCore
import NatReconIO
import NatReconPlatform
import NatReconReports

/// The report stage: writes every file of SPEC §4 into the run's temporary folder.
///
/// - Input: the `Roster` after the join structures are released, the `JoinResult`, the
///   positive-tube members of `PositiveTubeScan`, the `IssueLog`.
/// - Output: a `ReportSet` (the files written, for the manifest and the history, and the
///   `Aggregates` it computed, with their seconds); the
///   files themselves: the machine CSVs (`MachineFile`, through `ReportWriter`), the
///   committee workbooks (`WorkbookBuilder`) and dashboard.html (`DashboardBuilder`),
///   as `formats` asks.
/// - Threads: the `Aggregates` are computed on the calling thread (their per-resident
///   tallies on a thread of their own) while unmatched_tests.csv is written on a thread
///   of its own (`BackgroundTask`); then
///   households.csv and summary.csv are written on a thread of their own while the
///   residents pass runs (its roster reader on a thread of
///   its own, `ReadAhead`; its formatting on the calling thread and a `JobThread`, each
///   pair of blocks split where `ResidentSplit` says, unless
///   `NATRECON_RESIDENTS_THREADS=1`); after the pass gaps.csv and
///   expiring.csv are written on a thread of their own while the calling thread writes
///   positive_tubes.csv and data_issues.csv; `tablesOnThread` false and
///   `readAhead` `.off` are the single-thread references.
/// - Memory: unmatched_tests.csv is written first and the unmatched IDs released, then
///   residents.csv streams from a second read of the roster (`ReportWriter+Residents`);
///   only gaps and expiring certificates (a small share of residents, one small entry
///   each) and the texts of the few residents other files name are collected. Every
///   other table is proportional to households, committees or issues. Workbooks hold at most
///   two committees at a time (one per thread, `WorkbookBuilder`).
/// - Errors: throws `RunFailure`: `.ingest` when the second roster read fails (the file
///   vanished or cannot be read), `.report` when an output cannot be written. Emits no
///   data issue; it completes `name_mismatch` messages with the roster's name.
/// - Order & determinism: every file has the order SPEC §4/§8 fix (sorted by keys,
///   roster order as the tie-break); nothing depends on hash order.
/// - Lifecycle: run once, after the positive tubes; `join`'s unmatched IDs are released.
struct ReportStage {
  let spec: PipelineSpec
  let times: RunTimes
  /// The run's temporary folder, where every file is written.
  let folder: String
  /// The output root, whose `history.sqlite` holds the earlier runs (趋势, trend).
  let out: String
  /// households.csv and summary.csv on a thread of their own during the residents pass,
  /// residents.csv formatted on two threads, and each machine file's writes and digest
  /// on a thread of its own (false: all on the calling thread, the reference
  /// `ParallelReportTests` compares with).
  var tablesOnThread = true
  /// The residents pass reads the roster on a thread of its own (`ReadAhead.off`: the
  /// reference).
  var readAhead = ReadAhead()
  /// Called with summary.csv's path as soon as it is complete, on the thread that wrote
  /// it (the runner starts the history's transaction there: `HistoryDraft`).
  var onSummaryWritten: (@Sendable (_ path: String) -> Void)?
  /// False when `NATRECON_RESIDENTS_THREADS=1`: residents.csv formatted on the calling
  /// thread only (as with `tablesOnThread` false), for measuring the two against each other.
  static let residentsOnTwoThreads = getenv("NATRECON_RESIDENTS_THREADS").map { String(cString: $0) } != "1"

  /// Writes the reports; `lap` marks the end of the machine files ("reports"), the
  /// workbooks and the dashboard (the manifest's `stages_seconds`).
  func run(
    roster: Roster, join: inout JoinResult, members: [PositiveTubeScan.MemberKey: TubeMember],
    issues: inout IssueLog, rosterAccounts: [FileAccount], newest: NewestSample?, progress: ProgressLine,
    lap: (String) -> Void
  ) throws(RunFailure) -> ReportSet {
    let text = (0..<roster.strings.count).map { roster.strings.string(UInt32($0)) }
    let parts = EncodedTexts(text)
    var writer = ReportWriter(spec: spec, times: times, folder: folder, drainsOnThread: tablesOnThread)
    // unmatched_tests.csv is written on a thread of its own while this thread computes
    // the aggregates (on this thread, whose heap has the room the join structures left:
    // on another thread's arena they raised the peak at 1 M by 9 MB). Both only read the
    // roster and the join.
    let agg: Aggregates
    let aggregateSeconds: Double
    do {
      // Scoped: the task's closure holds the unmatched IDs until it is released.
      let unmatched = BackgroundTask(onThread: tablesOnThread) {
        [spec, times, folder, unmatched = join.unmatched, sites = join.sites] () throws(ReportError) -> [OutputRecord]
        in
        var side = ReportWriter(spec: spec, times: times, folder: folder, drainsOnThread: tablesOnThread)
        try side.writeUnmatched(unmatched, sites: sites, roster: roster)
        return side.outputs
      }
      let start = Clock.seconds()
      agg = Aggregates(roster: roster, times: times, onTwoThreads: tablesOnThread)
      aggregateSeconds = Clock.seconds() - start
      do { writer.adopt(try unmatched.wait()) } catch { throw RunFailure.report(error) }
    }
    // Unmatched tube members' latest records (their retest columns) outlive the release.
    var unmatchedLatest: [UInt64: (sampleTime: Int64, result: TestResult)] = [:]
    for (key, member) in members where member.resident == nil {
      if let p = join.unmatched[key.key] { unmatchedLatest[key.key] = (p.lastSampleTime, p.lastResult) }
    }
    // Released before the residents pass: at city scale the unmatched IDs take hundreds
    // of MB, which the pass (the run's memory peak) need not hold too.
    join.releaseUnmatched()
    // households.csv and summary.csv need only the roster's tables and the aggregates:
    // written on a thread of their own while the residents pass reads the roster again
    // (whose reader already has a worker), so the pass's formatting and these tables
    // share the two cores.
    let tables = BackgroundTask(onThread: tablesOnThread) {
      [spec, times, folder, onSummaryWritten, parts] () throws(ReportError) -> [OutputRecord] in
      var side = ReportWriter(spec: spec, times: times, folder: folder, drainsOnThread: tablesOnThread)
      try side.writeHouseholds(roster: roster, agg: agg, parts: parts)
      try side.writeSummary(agg: agg, text: text)
      onSummaryWritten?(folder + "/" + MachineFile.summary.name)
      return side.outputs
    }
    var needed = Set(join.nameMismatches.map(\.resident))
    for member in members.values { if let r = member.resident { needed.insert(r) } }
    var lists: ReportLists
    do {
      lists = try writer.writeResidents(
        roster: roster, needed: needed, progress: progress, readAhead: readAhead,
        onTwoThreads: tablesOnThread && Self.residentsOnTwoThreads)
    } catch {
      _ = try? tables.wait()
      throw error
    }
    for (issue, r) in join.nameMismatches {
      if let name = lists.texts[r]?.name { issues.setMessage(issue, "roster has \(name)") }
    }
    lists.sort(householdOrder: agg.householdOrder, householdCount: roster.households.count)
    // gaps.csv and expiring.csv (a resident in ten at city scale) on a thread of their
    // own while this thread builds and writes positive_tubes.csv and data_issues.csv.
    let listFiles = BackgroundTask(onThread: tablesOnThread) {
      [spec, times, folder, parts, gaps = lists.gaps, expiring = lists.expiring, store = lists.store] ()
        throws(ReportError) -> [OutputRecord] in
      var side = ReportWriter(spec: spec, times: times, folder: folder, drainsOnThread: tablesOnThread)
      try side.writeGaps(gaps, store: store, roster: roster, parts: parts)
      try side.writeExpiring(expiring, store: store, roster: roster, parts: parts)
      return side.outputs
    }
    let tubeRows = PositiveTubeRows.build(
      members, roster: roster, texts: lists.texts, text: text, unmatchedLatest: unmatchedLatest)
    let sortedIssues = issues.sorted()
    do {
      writer.adopt(try tables.wait())
      try writer.writePositiveTubes(tubeRows)
      try writer.writeIssues(sortedIssues)
      writer.adopt(try listFiles.wait())
    } catch {
      _ = try? listFiles.wait()
      throw .report(error)
    }
    lap("reports")

    var outputs = writer.outputs
    if spec.formats.contains(.xlsx) {
      do {
        outputs += try WorkbookBuilder(spec: spec, times: times, folder: folder, historyOut: out).write(
          roster: roster, agg: agg, text: text, gaps: lists.gaps, expiring: lists.expiring, store: lists.store,
          tubes: tubeRows, issues: sortedIssues,
          exemptReasons: lists.householdReasons.byHousehold(roster.exemptReasons))
      } catch { throw .report(error) }
      lap("workbooks")
    }
    // The history records summary.csv as written, also when the folder leaves it out.
    let summaryBytes = FileManager.default.contents(atPath: folder + "/" + MachineFile.summary.name)
    if !spec.formats.contains(.csv) {
      // Machine files are still built (the workbooks come from the same pass); only
      // the published folder leaves them out.
      for output in writer.outputs { unlink(folder + "/" + output.path) }
      outputs.removeAll { !$0.path.hasPrefix("committees/") }
    }
    var historyNote: String?
    if spec.formats.contains(.html) {
      // The trend: this run after the earlier ones recorded in <out>/history.sqlite.
      let dashboard = DashboardBuilder(spec: spec, times: times, folder: folder)
      let earlier = DashboardBuilder.earlierRuns(out: out, before: times.asOf)
      historyNote = earlier.note
      do {
        outputs.append(
          try dashboard.write(
            dashboard.content(
              agg: agg, text: text, accounts: rosterAccounts + join.accounts, tubes: tubeRows,
              positiveTubes: join.positiveTubes.count, issues: issues.issues, newestSampleTime: newest?.time,
              earlier: earlier.points)))
      } catch { throw .report(error) }
      lap("dashboard")
    }
    return ReportSet(
      outputs: outputs, summaryBytes: summaryBytes, historyNote: historyNote, aggregates: agg,
      aggregateSeconds: aggregateSeconds)
  }
}
