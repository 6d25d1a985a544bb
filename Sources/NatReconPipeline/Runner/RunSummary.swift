import NatReconCore
import NatReconPlatform
import NatReconReports

/// The short summary a run prints on stderr (STYLE §8): rows read, used and rejected per
/// file, matches, coverage, issues by code, stage times and peak memory.
struct RunSummary {
  let spec: PipelineSpec
  let times: RunTimes
  let accounts: [FileAccount]
  let total: AreaCounts
  let join: JoinResult
  let issues: IssueLog
  let stages: [(String, Double)]
  let folder: String
  let exceeded: [FileAccount]

  func text() -> String {
    var lines: [String] = []
    let name = spec.name.isEmpty ? spec.path : spec.name
    lines.append(
      "natrecon: \(name): as of \(Timestamp.format(times.asOf)), round \(Timestamp.format(times.roundStart)) – \(Timestamp.format(times.roundEnd))"
    )
    for a in accounts {
      var line = "  \(a.role) \(a.displayPath): \(a.rows) rows, \(a.rowsUsed) used, \(a.rowsRejected) rejected"
      if a.rowsAfterAsOf > 0 { line += ", \(a.rowsAfterAsOf) after as-of" }
      line += "; \(a.encoding)"
      if a.rowsBadEncoding > 0 { line += ", \(a.rowsBadEncoding) with invalid bytes" }
      lines.append(line)
    }
    // As summary.csv and dashboard.html print it (the stderr line used to cut the
    // digits: 0.8882 showed as 88.81%).
    let coverage = total.coverage.map { DashboardText.percent($0) } ?? "n/a"
    lines.append(
      "  matched \(join.matchedRecords) records; unmatched \(join.unmatchedRecords) records of \(join.unmatchedIDs) IDs; coverage \(coverage) (\(total.tested)/\(total.eligible) eligible); valid certificates \(total.certValid); positive tubes \(join.positiveTubes.count)"
    )
    if issues.count > 0 {
      let byCode = issues.countsByCode.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
      lines.append("  data issues: \(byCode.joined(separator: ", "))")
    }
    let stageText = stages.map { "\($0.0) \(Manifest.seconds($0.1))s" }.joined(separator: ", ")
    let rss = Double(Clock.peakRSSBytes()) / 1_048_576
    lines.append("  stages: \(stageText); peak RSS \(DecimalText.truncated(rss, digits: 1)) MB")
    lines.append("  reports: \(folder)")
    for a in exceeded {
      lines.append(
        "natrecon: \(a.displayPath): \(a.rowsRejected) of \(a.rows) rows rejected (\(DecimalText.truncated(a.rejectRate * 100, digits: 2))%), more than max_reject_rate \(spec.maxRejectRate); see data_issues.csv"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
