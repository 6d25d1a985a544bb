import NatReconCore
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// Splits the run's results by committee and writes one workbook each (SPEC §4, §8).
///
/// A committee is (district, street, committee). Households are visited in key order,
/// so each committee's households, buildings and gaps are contiguous; expiring
/// certificates and positive-tube members are bucketed by committee first.
///
/// Workbooks are written on `workers` threads (both cores by default), each building and
/// writing whole committees taken in order: at most `workers` committees' content is in
/// memory at a time. Each workbook is a separate libxlsxwriter workbook with its own
/// temp files, and its bytes do not depend on the thread that wrote it.
/// `NATRECON_WORKBOOK_THREADS=1` (or `workers: 1`) is the single-thread reference path;
/// `WorkbookParallelTests` checks both give the same files.
///
/// libxlsxwriter 1.1.4 keeps two pieces of process-wide state, both harmless here: its
/// temp-file namer (tmpfileplus) shares a random seed, so two threads may draw the same
/// name, but the file is opened with `O_EXCL` and the namer retries; and `gmtime`'s static
/// result when writing docProps/core.xml, which every workbook of a run fills with the
/// same as-of time. zlib and minizip keep their state per stream.
struct WorkbookBuilder {
  let spec: PipelineSpec
  let times: RunTimes
  let folder: String
  /// The output folder whose `history.sqlite` holds the earlier runs (趋势), or nil.
  var historyOut: String? = nil
  /// Threads writing workbooks; `defaultWorkers` unless a test asks for one.
  var workers: Int = Self.defaultWorkers

  /// Runs 趋势 shows, this one included (the last 14).
  static let trendRuns = 14

  /// Both cores (at most 2), or 1 when `NATRECON_WORKBOOK_THREADS=1` asks for the
  /// single-thread reference path.
  static var defaultWorkers: Int {
    if let value = getenv("NATRECON_WORKBOOK_THREADS"), let n = Int(String(cString: value)), n >= 1 {
      return min(n, ParallelFiles.workerCount)
    }
    return ParallelFiles.workerCount
  }

  /// Writes every committee's workbook; returns the files written (relative paths), in
  /// committee order.
  func write(
    roster: Roster, agg: Aggregates, text: [String], gaps: [GapEntry], expiring: [ExpiringEntry],
    store: RosterTextStore, tubes: [PositiveTubeRow], issues: [DataIssue], exemptReasons: [UInt32: String]
  ) throws(ReportError) -> [OutputRecord] {
    let plan = Frozen(
      WorkbookPlan(
        builder: self, roster: roster, agg: agg, text: text, gaps: gaps, expiring: expiring, store: store,
        tubes: tubes, issues: issues, exemptReasons: exemptReasons))
    let folder = self.folder
    return try IndexedJobs.run(count: plan.value.committees.count, workers: workers) {
      index throws(ReportError) in
      let content = plan.value.content(of: index)
      let name =
        "committees/"
        + CommitteeWorkbookWriter.fileName(
          district: content.district, street: content.street, committee: content.committee)
      try CommitteeWorkbookWriter.write(content, to: folder + "/" + name)
      return OutputRecord(path: name, rows: content.households.count, sha256: "")
    }
  }

  /// Each committee's figures in the 13 runs before this one (oldest first) from the
  /// history; none when there is no history or it cannot be read (the run's own history
  /// step reports that), so 趋势 then shows this run alone.
  func earlierRuns(committees: [[String]]) -> [[String]: [CommitteeTrendPoint]] {
    guard let out = historyOut else { return [:] }
    let areas = committees.map { TrendArea(level: "committee", district: $0[0], street: $0[1], committee: $0[2]) }
    var result: [[String]: [CommitteeTrendPoint]] = [:]
    for (area, trend) in HistoryStore.trend(out: out, areas: areas, last: Self.trendRuns - 1, before: times.asOf) {
      result[[area.district, area.street, area.committee]] = trend.points.compactMap { point in
        Timestamp.parse(point.asOf).map {
          CommitteeTrendPoint(asOf: $0, eligible: point.eligible, tested: point.tested, certValid: point.certValid)
        }
      }
    }
    return result
  }

  /// The roster (and exemption-list) issues by the (district, street, committee) of their
  /// row, in the order given (data_issues.csv order). Issues of the test exports, and of
  /// rows whose committee has no resident, are left out: they belong to no workbook.
  static func issuesByCommittee(_ issues: [DataIssue], roster: Roster) -> [[String]: [DataIssue]] {
    var byCommittee: [[String]: [DataIssue]] = [:]
    for issue in issues {
      guard let committee = roster.issueCommittees.committee(file: issue.file, line: issue.line) else { continue }
      byCommittee[committee, default: []].append(issue)
    }
    return byCommittee
  }
}
