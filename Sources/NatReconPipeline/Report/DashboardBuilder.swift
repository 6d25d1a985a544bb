import NatReconCore
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// Fills the overview page's content from a run's results and writes dashboard.html
/// (SPEC §4 Overview page).
///
/// - Input: the summary areas (`Aggregates`), input accounts, positive-tube rows, data
///   issues, the newest used sample time, and the trend of earlier runs.
/// - Output: `dashboard.html` in the run folder and its `OutputRecord`.
/// - Memory: one `DashboardArea` per district, street and committee, and the page text
///   (about 300 bytes per committee).
/// - Errors: `ReportError.writeFailed`.
/// - Order & determinism: areas in summary.csv order; the page is a function of them.
struct DashboardBuilder {
  static let fileName = "dashboard.html"

  let spec: PipelineSpec
  let times: RunTimes
  let folder: String

  /// The content for this run. `earlier` are the points of runs before this one (oldest
  /// first; the history's, once it exists): the last of them is the "previous run".
  func content(
    agg: Aggregates, text: [String], accounts: [FileAccount], tubes: [PositiveTubeRow], positiveTubes: Int,
    issues: [DataIssue], newestSampleTime: Int64?, earlier: [DashboardTrendPoint]
  ) -> DashboardContent {
    let total = agg.areas.first { $0.level == .total }?.counts ?? AreaCounts()
    var c = DashboardContent(
      pipelineName: spec.name, asOf: times.asOf, roundStart: times.roundStart, roundEnd: times.roundEnd,
      validityHours: spec.validityHours, total: total)
    let withWorkbooks = spec.formats.contains(.xlsx)
    for area in agg.areas {
      let parts = agg.parts(of: area).map { text[Int($0)] }
      switch area.level {
      case .district:
        c.districts.append(DashboardArea(district: parts[0], counts: area.counts))
      case .street:
        c.streets.append(DashboardArea(district: parts[0], street: parts[1], counts: area.counts))
      case .committee:
        let workbook =
          withWorkbooks
          ? "committees/"
            + CommitteeWorkbookWriter.fileName(district: parts[0], street: parts[1], committee: parts[2]) : nil
        c.committees.append(
          DashboardArea(
            district: parts[0], street: parts[1], committee: parts[2], counts: area.counts, workbook: workbook))
      default:
        continue
      }
    }
    (c.previous, c.trend) = Self.trend(
      current: DashboardTrendPoint(runID: Timestamp.runID(times.asOf), asOf: times.asOf, total: total),
      earlier: earlier)
    c.tubes.tubes = positiveTubes
    c.tubes.members = tubes.count
    c.tubes.matchedMembers = tubes.filter(\.isMatched).count
    // Rows of positive_tubes.csv with an empty retest_time (SPEC §3, revision 4).
    c.tubes.awaitingRetest = tubes.filter(\.isAwaitingRetest).count
    c.tubes.positiveResidents = total.positive
    c.inputs = accounts.map {
      DashboardInput(
        role: $0.role, path: $0.displayPath, encoding: $0.encoding, rows: $0.rows, rowsUsed: $0.rowsUsed,
        rowsRejected: $0.rowsRejected, rowsAfterAsOf: $0.rowsAfterAsOf)
    }
    c.maxRejectRate = spec.maxRejectRate
    var counts: [String: (Severity, Int)] = [:]
    for issue in issues {
      let key = issue.code.rawValue + "/" + issue.severity.rawValue
      counts[key, default: (issue.severity, 0)].1 += 1
    }
    c.issues = counts.map { key, value in
      DashboardIssueCount(code: String(key.prefix { $0 != "/" }), severity: value.0, count: value.1)
    }.sorted { ($1.count, $0.code, $0.severity.rawValue) < ($0.count, $1.code, $1.severity.rawValue) }
    c.newestSampleTime = newestSampleTime
    c.staleAfterHours = spec.maxInputAgeHours
    return c
  }

  /// The previous run and the trend (at most `DashboardWriter.trendRuns` points, this
  /// run last) from this run's point and earlier ones in any order. Only runs with an
  /// earlier `T` count: a rerun at an earlier as-of time is an audit of what was known
  /// then, so its trend stops there; an earlier point with this run's `T` (this run's
  /// own earlier recording) is left out.
  static func trend(current: DashboardTrendPoint, earlier: [DashboardTrendPoint])
    -> (previous: DashboardTrendPoint?, trend: [DashboardTrendPoint])
  {
    let before = earlier.filter { $0.asOf < current.asOf }.sorted { $0.asOf < $1.asOf }
    return (before.last, Array((before + [current]).suffix(DashboardWriter.trendRuns)))
  }

  /// Writes the page; returns its output record (the digest is taken with the others).
  func write(_ content: DashboardContent) throws(ReportError) -> OutputRecord {
    try DashboardWriter.write(content, to: folder + "/" + Self.fileName)
    return OutputRecord(path: Self.fileName, rows: content.committees.count, sha256: "")
  }

  /// The total's points of the runs recorded in `<out>/history.sqlite` before `asOf`
  /// (oldest first, at most 13, so that with this run the trend has 14). Runs with
  /// stale inputs are left out (they never became `latest`). A history that is missing
  /// or cannot be read gives none: the page then says there is no earlier run. `note`
  /// says why a history that exists could not be read (for stderr); a missing one is
  /// no news (the first run), so it has no note.
  static func earlierRuns(out: String, before asOf: Int64) -> (points: [DashboardTrendPoint], note: String?) {
    let path = HistoryStore.path(out: out)
    guard access(path, F_OK) == 0 else { return ([], nil) }
    let history = HistoryStore.trend(out: out, area: .total, last: DashboardWriter.trendRuns - 1, before: asOf)
    let points = history.points.compactMap { p in
      Timestamp.parse(p.asOf).map {
        DashboardTrendPoint(
          runID: p.runID, asOf: $0, coverage: p.coverage, certRate: p.certRate, eligible: p.eligible,
          tested: p.tested, untested: p.untested)
      }
    }
    return (points, history.note)
  }
}
