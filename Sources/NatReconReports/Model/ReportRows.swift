import NatReconCore

/// The address of a household (户): SPEC §3's tuple. Empty parts are part of the key.
public struct HouseholdAddress: Sendable, Hashable {
  public var district: String
  public var street: String
  public var committee: String
  public var compound: String
  public var building: String
  public var unit: String
  public var room: String

  public init(
    district: String, street: String, committee: String, compound: String,
    building: String, unit: String, room: String
  ) {
    self.district = district
    self.street = street
    self.committee = committee
    self.compound = compound
    self.building = building
    self.unit = unit
    self.room = room
  }

  /// The seven parts in SPEC §4 column order.
  public var parts: [String] { [district, street, committee, compound, building, unit, room] }
}

/// Counts for one area (household roll-up) as summary.csv and 汇总 show them.
///
/// Every count but `residents` and `positive` is over eligible residents (SPEC §8).
public struct AreaCounts: Sendable, Equatable {
  public var residents = 0
  public var eligible = 0
  public var tested = 0
  public var untested = 0
  public var certValid = 0
  /// Households with eligible > 0.
  public var households = 0
  public var householdsComplete = 0
  public var positive = 0

  public init() {}

  /// `tested / eligible`, or nil when nobody is eligible (printed empty).
  public var coverage: Double? { eligible > 0 ? Double(tested) / Double(eligible) : nil }
  /// `cert_valid / eligible`, or nil when nobody is eligible.
  public var certRate: Double? { eligible > 0 ? Double(certValid) / Double(eligible) : nil }

  public mutating func add(_ other: AreaCounts) {
    residents += other.residents
    eligible += other.eligible
    tested += other.tested
    untested += other.untested
    certValid += other.certValid
    households += other.households
    householdsComplete += other.householdsComplete
    positive += other.positive
  }
}

/// A household's status (SPEC §3).
public enum HouseholdStatus: String, Sendable {
  case exempt, complete, none, partial

  /// The label committee workbooks show (全部已检/部分已检/未检/免检).
  public var chineseLabel: String {
    switch self {
    case .complete: "全部已检"
    case .partial: "部分已检"
    case .none: "未检"
    case .exempt: "免检"
    }
  }
}

/// One row of households.csv / 户进度.
public struct HouseholdRow: Sendable, Equatable {
  public var address: HouseholdAddress
  public var members: Int
  public var eligible: Int
  public var tested: Int
  public var untested: Int
  public var certValid: Int
  public var positive: Int
  public var status: HouseholdStatus
  /// Why the household's exempt members are exempt: their distinct `exempt_reason`s in
  /// roster order, joined with `;` (SPEC §2.4); empty when nobody is exempt. Workbooks only.
  public var exemptReasons: String

  public init(
    address: HouseholdAddress, members: Int, eligible: Int, tested: Int, untested: Int,
    certValid: Int, positive: Int, status: HouseholdStatus, exemptReasons: String = ""
  ) {
    self.address = address
    self.members = members
    self.eligible = eligible
    self.tested = tested
    self.untested = untested
    self.certValid = certValid
    self.positive = positive
    self.status = status
    self.exemptReasons = exemptReasons
  }
}

/// One row of gaps.csv / 未检名单: an eligible resident not tested in the round.
public struct GapRow: Sendable, Equatable {
  public var address: HouseholdAddress
  public var name: String
  /// The SPEC §4 mask of the normalised ID.
  public var idMasked: String
  public var phone: String
  /// The roster's tags, split on `;`, `；`, `、`, `,` (re-joined with `;` in gaps.csv).
  public var tags: [String]
  /// Epoch seconds, or nil when the resident has no matched record.
  public var lastSampleTime: Int64?

  public init(
    address: HouseholdAddress, name: String, idMasked: String, phone: String, tags: [String],
    lastSampleTime: Int64?
  ) {
    self.address = address
    self.name = name
    self.idMasked = idMasked
    self.phone = phone
    self.tags = tags
    self.lastSampleTime = lastSampleTime
  }
}

/// One row of expiring.csv / 即将到期.
public struct ExpiringRow: Sendable, Equatable {
  public var address: HouseholdAddress
  public var name: String
  public var idMasked: String
  public var phone: String
  public var lastNegativeTime: Int64
  public var certExpiresAt: Int64

  public init(
    address: HouseholdAddress, name: String, idMasked: String, phone: String,
    lastNegativeTime: Int64, certExpiresAt: Int64
  ) {
    self.address = address
    self.name = name
    self.idMasked = idMasked
    self.phone = phone
    self.lastNegativeTime = lastNegativeTime
    self.certExpiresAt = certExpiresAt
  }
}

/// One row of positive_tubes.csv / 混管复核: one person in one positive pooled tube.
public struct PositiveTubeRow: Sendable, Equatable {
  public var tubeID: String
  public var sampleTime: Int64
  /// The full normalised ID (machine file); committee files must mask it.
  public var idNumber: String
  public var name: String
  public var phone: String
  public var result: TestResult
  public var isMatched: Bool
  /// The roster address of a matched person, nil otherwise.
  public var address: HouseholdAddress?
  /// The single-tube retest (单管复核, SPEC §3): the sample time of the person's latest
  /// used record when it was sampled after their sample in this tube, else nil.
  public var retestTime: Int64?
  /// That record's result at `T`; nil when there is no retest.
  public var retestResult: TestResult?

  /// Whether the person still awaits a single-tube retest.
  public var isAwaitingRetest: Bool { retestTime == nil }

  public init(
    tubeID: String, sampleTime: Int64, idNumber: String, name: String, phone: String,
    result: TestResult, isMatched: Bool, address: HouseholdAddress?, retestTime: Int64? = nil,
    retestResult: TestResult? = nil
  ) {
    self.tubeID = tubeID
    self.sampleTime = sampleTime
    self.idNumber = idNumber
    self.name = name
    self.phone = phone
    self.result = result
    self.isMatched = isMatched
    self.address = address
    self.retestTime = retestTime
    self.retestResult = retestResult
  }
}

/// One building's progress on a committee's 汇总 sheet.
public struct BuildingProgress: Sendable, Equatable {
  public var compound: String
  public var building: String
  public var counts: AreaCounts

  public init(compound: String, building: String, counts: AreaCounts) {
    self.compound = compound
    self.building = building
    self.counts = counts
  }
}

/// Everything one committee's workbook shows, already filtered to that committee.
///
/// Lists arrive in machine-file order (UTF-8 byte order, ties in roster order); the
/// workbook writer re-sorts them naturally (`2号` before `10号`, SPEC §8).
public struct CommitteeWorkbookContent: Sendable {
  public var district: String
  public var street: String
  public var committee: String
  /// The run's as-of time `T` and round `[R0, R1]`, epoch seconds.
  public var asOf: Int64
  public var roundStart: Int64
  public var roundEnd: Int64
  public var validityHours: Int
  public var warnHours: Int
  public var totals: AreaCounts
  public var buildings: [BuildingProgress]
  public var households: [HouseholdRow]
  public var gaps: [GapRow]
  public var expiring: [ExpiringRow]
  public var positiveTubes: [PositiveTubeRow]
  /// The committee's own roster rows (and exemption-list rows of its residents) that were
  /// rejected or warned about, in data_issues.csv order; values unmasked (the writer masks).
  public var issues: [DataIssue]
  /// The committee's figures over the recent runs, oldest first, this run included.
  public var trend: [CommitteeTrendPoint]

  public init(
    district: String, street: String, committee: String, asOf: Int64, roundStart: Int64,
    roundEnd: Int64, validityHours: Int, warnHours: Int, totals: AreaCounts,
    buildings: [BuildingProgress], households: [HouseholdRow], gaps: [GapRow],
    expiring: [ExpiringRow], positiveTubes: [PositiveTubeRow], issues: [DataIssue] = [],
    trend: [CommitteeTrendPoint] = []
  ) {
    self.district = district
    self.street = street
    self.committee = committee
    self.asOf = asOf
    self.roundStart = roundStart
    self.roundEnd = roundEnd
    self.validityHours = validityHours
    self.warnHours = warnHours
    self.totals = totals
    self.buildings = buildings
    self.households = households
    self.gaps = gaps
    self.expiring = expiring
    self.positiveTubes = positiveTubes
    self.issues = issues
    self.trend = trend
  }
}

/// One run's figures for a committee, a point of the 趋势 sheet (from the history, §4).
public struct CommitteeTrendPoint: Sendable, Equatable {
  /// The run's as-of time `T`, epoch seconds.
  public var asOf: Int64
  public var eligible: Int
  public var tested: Int
  public var certValid: Int

  public init(asOf: Int64, eligible: Int, tested: Int, certValid: Int) {
    self.asOf = asOf
    self.eligible = eligible
    self.tested = tested
    self.certValid = certValid
  }

  /// The point of a run with these committee totals.
  public init(asOf: Int64, counts: AreaCounts) {
    self.init(asOf: asOf, eligible: counts.eligible, tested: counts.tested, certValid: counts.certValid)
  }

  public var coverage: Double? { eligible > 0 ? Double(tested) / Double(eligible) : nil }
  public var certRate: Double? { eligible > 0 ? Double(certValid) / Double(eligible) : nil }
}
