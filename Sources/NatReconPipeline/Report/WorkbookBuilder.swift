import NatReconCore
import NatReconReports

/// Splits the run's results by committee and writes one workbook each (SPEC §4, §8).
///
/// A committee is (district, street, committee). Households are visited in key order,
/// so each committee's households, buildings and gaps are contiguous; expiring
/// certificates and positive-tube members are bucketed by committee first. Only one
/// committee's content is in memory at a time.
struct WorkbookBuilder {
  let spec: PipelineSpec
  let times: RunTimes
  let folder: String
  /// The output folder whose `history.sqlite` holds the earlier runs (趋势), or nil.
  var historyOut: String? = nil

  /// Runs 趋势 shows, this one included (the last 14).
  static let trendRuns = 14

  /// Writes every committee's workbook; returns the files written (relative paths).
  func write(
    roster: Roster, agg: Aggregates, text: [String], gaps: [GapEntry], expiring: [ExpiringEntry],
    store: RosterTextStore, tubes: [PositiveTubeRow], issues: [DataIssue], exemptReasons: [UInt32: String]
  ) throws(ReportError) -> [OutputRecord] {
    let households = roster.households
    func committeeKey(_ h: Int) -> [UInt32] { (0..<3).map { households.part(h, $0) } }
    func address(_ h: Int) -> HouseholdAddress { households.address(h, text: text) }
    var expiringByCommittee: [[UInt32]: [ExpiringEntry]] = [:]
    for e in expiring { expiringByCommittee[committeeKey(Int(e.household)), default: []].append(e) }
    var tubesByCommittee: [[String]: [PositiveTubeRow]] = [:]
    for row in tubes {
      guard let a = row.address else { continue }
      tubesByCommittee[[a.district, a.street, a.committee], default: []].append(row)
    }
    let issuesByCommittee = Self.issuesByCommittee(issues, roster: roster)
    var areasByKey: [[UInt32]: AreaCounts] = [:]
    var buildingsByCommittee: [[UInt32]: [BuildingProgress]] = [:]
    for area in agg.areas {
      switch area.level {
      case .committee: areasByKey[agg.parts(of: area)] = area.counts
      case .building:
        let parts = agg.parts(of: area)
        buildingsByCommittee[Array(parts.prefix(3)), default: []].append(
          BuildingProgress(compound: text[Int(parts[3])], building: text[Int(parts[4])], counts: area.counts))
      default: break
      }
    }

    let history = earlierRuns(committees: areasByKey.keys.map { $0.map { text[Int($0)] } })
    var outputs: [OutputRecord] = []
    var gapIndex = 0
    var i = 0
    let order = agg.householdOrder.map(Int.init)
    while i < order.count {
      let key = committeeKey(order[i])
      var rows: [HouseholdRow] = []
      while i < order.count && committeeKey(order[i]) == key {
        let h = order[i]
        rows.append(
          HouseholdRow(
            address: address(h), members: Int(agg.members[h]), eligible: Int(agg.eligible[h]),
            tested: Int(agg.tested[h]), untested: agg.untested(h), certValid: Int(agg.certValid[h]),
            positive: Int(agg.positive[h]), status: agg.status(h),
            exemptReasons: exemptReasons[UInt32(h)] ?? ""))
        i += 1
      }
      var gapRows: [GapRow] = []
      while gapIndex < gaps.count && committeeKey(Int(gaps[gapIndex].household)) == key {
        let g = gaps[gapIndex]
        let t = store.text(at: g.text)
        gapRows.append(
          GapRow(
            address: address(Int(g.household)), name: t.name, idMasked: IDMask.mask(t.idNumber),
            phone: t.phone, tags: t.tags,
            lastSampleTime: g.lastSampleTime == ResidentColumns.none ? nil : g.lastSampleTime))
        gapIndex += 1
      }
      let expiringRows = (expiringByCommittee[key] ?? []).map { e in
        let t = store.text(at: e.text)
        return ExpiringRow(
          address: address(Int(e.household)), name: t.name, idMasked: IDMask.mask(t.idNumber),
          phone: t.phone, lastNegativeTime: e.lastNegativeTime, certExpiresAt: e.expiresAt)
      }
      let names = key.map { text[Int($0)] }
      let totals = areasByKey[key] ?? AreaCounts()
      let content = CommitteeWorkbookContent(
        district: names[0], street: names[1], committee: names[2], asOf: times.asOf,
        roundStart: times.roundStart, roundEnd: times.roundEnd, validityHours: spec.validityHours,
        warnHours: spec.warnHours, totals: totals,
        buildings: buildingsByCommittee[key] ?? [], households: rows, gaps: gapRows, expiring: expiringRows,
        positiveTubes: tubesByCommittee[names] ?? [], issues: issuesByCommittee[names] ?? [],
        trend: history[names, default: []] + [CommitteeTrendPoint(asOf: times.asOf, counts: totals)])
      let name =
        "committees/" + CommitteeWorkbookWriter.fileName(district: names[0], street: names[1], committee: names[2])
      try CommitteeWorkbookWriter.write(content, to: folder + "/" + name)
      outputs.append(OutputRecord(path: name, rows: rows.count, sha256: ""))
    }
    return outputs
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
