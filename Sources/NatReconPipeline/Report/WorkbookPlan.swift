import NatReconCore
import NatReconReports

/// The run's results cut into committees, ready for one `CommitteeWorkbookContent` each.
///
/// Built once on the calling thread (buckets by committee and each committee's range of
/// households and gaps); `content(of:)` then only reads, so the workbook threads share
/// one plan and build each committee's content when they take it.
struct WorkbookPlan {
  /// One committee: its key (district, street, committee string ids), its households
  /// (a range of `agg.householdOrder`) and its gaps (a range of `gaps`).
  struct Committee {
    let key: [UInt32]
    let households: Range<Int>
    let gaps: Range<Int>
  }

  let spec: PipelineSpec
  let times: RunTimes
  let roster: Roster
  let agg: Aggregates
  let text: [String]
  let gaps: [GapEntry]
  let store: RosterTextStore
  let exemptReasons: [UInt32: String]
  /// The committees in household-key order.
  let committees: [Committee]
  private let expiringByCommittee: [[UInt32]: [ExpiringEntry]]
  private let tubesByCommittee: [[String]: [PositiveTubeRow]]
  private let issuesByCommittee: [[String]: [DataIssue]]
  private let areasByKey: [[UInt32]: AreaCounts]
  private let buildingsByCommittee: [[UInt32]: [BuildingProgress]]
  private let history: [[String]: [CommitteeTrendPoint]]

  init(
    builder: WorkbookBuilder, roster: Roster, agg: Aggregates, text: [String], gaps: [GapEntry],
    expiring: [ExpiringEntry], store: RosterTextStore, tubes: [PositiveTubeRow], issues: [DataIssue],
    exemptReasons: [UInt32: String]
  ) {
    spec = builder.spec
    times = builder.times
    self.roster = roster
    self.agg = agg
    self.text = text
    self.gaps = gaps
    self.store = store
    self.exemptReasons = exemptReasons
    let households = roster.households
    func committeeKey(_ h: Int) -> [UInt32] { (0..<3).map { households.part(h, $0) } }

    var expiringByCommittee: [[UInt32]: [ExpiringEntry]] = [:]
    for e in expiring { expiringByCommittee[committeeKey(Int(e.household)), default: []].append(e) }
    self.expiringByCommittee = expiringByCommittee
    var tubesByCommittee: [[String]: [PositiveTubeRow]] = [:]
    for row in tubes {
      guard let a = row.address else { continue }
      tubesByCommittee[[a.district, a.street, a.committee], default: []].append(row)
    }
    self.tubesByCommittee = tubesByCommittee
    issuesByCommittee = WorkbookBuilder.issuesByCommittee(issues, roster: roster)
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
    self.areasByKey = areasByKey
    self.buildingsByCommittee = buildingsByCommittee
    history = builder.earlierRuns(committees: areasByKey.keys.map { $0.map { text[Int($0)] } })

    var committees: [Committee] = []
    var gapIndex = 0
    var i = 0
    let order = agg.householdOrder
    while i < order.count {
      let key = committeeKey(Int(order[i]))
      let first = i
      while i < order.count && committeeKey(Int(order[i])) == key { i += 1 }
      let firstGap = gapIndex
      while gapIndex < gaps.count && committeeKey(Int(gaps[gapIndex].household)) == key { gapIndex += 1 }
      committees.append(Committee(key: key, households: first..<i, gaps: firstGap..<gapIndex))
    }
    self.committees = committees
  }

  /// Committee `index`'s workbook content.
  func content(of index: Int) -> CommitteeWorkbookContent {
    let committee = committees[index]
    let key = committee.key
    let households = roster.households
    let text = self.text
    func address(_ h: Int) -> HouseholdAddress { households.address(h, text: text) }
    let rows = agg.householdOrder[committee.households].map { order -> HouseholdRow in
      let h = Int(order)
      return HouseholdRow(
        address: address(h), members: Int(agg.members[h]), eligible: Int(agg.eligible[h]),
        tested: Int(agg.tested[h]), untested: agg.untested(h), certValid: Int(agg.certValid[h]),
        positive: Int(agg.positive[h]), status: agg.status(h), exemptReasons: exemptReasons[UInt32(h)] ?? "")
    }
    let gapRows = gaps[committee.gaps].map { g -> GapRow in
      let t = store.text(at: g.text)
      return GapRow(
        address: address(Int(g.household)), name: t.name, idMasked: IDMask.mask(t.idNumber), phone: t.phone,
        tags: t.tags, lastSampleTime: g.lastSampleTime == ResidentColumns.none ? nil : g.lastSampleTime)
    }
    let expiringRows = (expiringByCommittee[key] ?? []).map { e in
      let t = store.text(at: e.text)
      return ExpiringRow(
        address: address(Int(e.household)), name: t.name, idMasked: IDMask.mask(t.idNumber), phone: t.phone,
        lastNegativeTime: e.lastNegativeTime, certExpiresAt: e.expiresAt)
    }
    let names = key.map { text[Int($0)] }
    let totals = areasByKey[key] ?? AreaCounts()
    return CommitteeWorkbookContent(
      district: names[0], street: names[1], committee: names[2], asOf: times.asOf, roundStart: times.roundStart,
      roundEnd: times.roundEnd, validityHours: spec.validityHours, warnHours: spec.warnHours, totals: totals,
      buildings: buildingsByCommittee[key] ?? [], households: rows, gaps: gapRows, expiring: expiringRows,
      positiveTubes: tubesByCommittee[names] ?? [], issues: issuesByCommittee[names] ?? [],
      trend: history[names, default: []] + [CommitteeTrendPoint(asOf: times.asOf, counts: totals)])
  }
}
