import NatReconCore

/// Household and area counts (SPEC §3), rolled up from the per-resident state.
///
/// - Input: the `Roster` after the probe, `RunTimes`.
/// - Output: per-household counts (index = household), households in key order,
///   summary areas in SPEC §4 order.
/// - Memory: 5 × `Int32` + 1 × `UInt32` per household plus one `Area` (72 bytes) per
///   area; an area names its key through one of its households, not a parts array.
/// - Order & determinism: sorted by interned-string ranks (UTF-8 byte order), never
///   hash order.
struct Aggregates {
  /// Summary levels in SPEC §4 order; the raw value is the number of key parts.
  enum Level: Int, CaseIterable {
    case total = 0
    case district, street, committee, compound, building

    var name: String {
      switch self {
      case .total: "total"
      case .district: "district"
      case .street: "street"
      case .committee: "committee"
      case .compound: "compound"
      case .building: "building"
      }
    }
  }

  /// One summary row: its level, a household inside it (whose first `level.rawValue`
  /// address parts are the area's key) and its counts.
  struct Area {
    var level: Level
    var household: UInt32
    var counts: AreaCounts
  }

  var members: [Int32]
  var eligible: [Int32]
  var tested: [Int32]
  var certValid: [Int32]
  var positive: [Int32]
  /// Household indices in key order (`UInt32`: 4 bytes per household at city scale).
  var householdOrder: [UInt32]
  /// Rank of each interned string in UTF-8 byte order.
  var rank: [UInt32]
  var areas: [Area]
  /// The roster's households (shared storage, not a copy), for area keys.
  let households: HouseholdTable

  /// Key part `p` (0 = district … 4 = building) of `area`, or nil below its level.
  func part(_ p: Int, of area: Area) -> UInt32? {
    p < area.level.rawValue ? households.part(Int(area.household), p) : nil
  }

  /// The key part IDs of `area` (as many as its level has).
  func parts(of area: Area) -> [UInt32] {
    (0..<area.level.rawValue).map { households.part(Int(area.household), $0) }
  }

  func untested(_ h: Int) -> Int { Int(eligible[h] - tested[h]) }

  func status(_ h: Int) -> HouseholdStatus {
    if eligible[h] == 0 { return .exempt }
    if tested[h] == eligible[h] { return .complete }
    if tested[h] == 0 { return .none }
    return .partial
  }

  /// With `onTwoThreads`, the per-resident tallies are summed on a thread of their own
  /// while this thread ranks the strings and orders the households (the two read the
  /// roster only and write nothing they share); false: both on this thread, the
  /// reference. The same values either way.
  init(roster: Roster, times: RunTimes, onTwoThreads: Bool = true) {
    // Allocated here, on the calling thread, whose heap has the room the join structures
    // left (glibc gives each thread a heap of its own: docs/architecture.md); only filled
    // on the other one.
    let tallies = HouseholdTallies(households: roster.households.count)
    let tally = BackgroundTask(onThread: onTwoThreads) {
      [res = roster.residents] in tallies.add(res, times: times)
    }
    rank = roster.strings.byteOrderRanks()
    let households = roster.households
    self.households = households
    householdOrder = HouseholdOrder.order(households, rank: rank)
    tally.wait()
    members = tallies.members
    eligible = tallies.eligible
    tested = tallies.tested
    certValid = tallies.certValid
    positive = tallies.positive
    areas = []
    areas = Self.rollUp(self, households: households)
  }

  /// Sums households into every level's areas in one pass over the households in key
  /// order: an area of a level is a run of consecutive households sharing that level's
  /// key prefix, so each level's areas come out already sorted and no per-household
  /// key is built. A household continues the areas of the levels whose prefix it shares
  /// with the household before it (compared once, part by part) and closes and opens the
  /// others. Its counts go into its building only; an area's counts go into the area
  /// above when it closes (one sum per household and per area, not one per level).
  /// Memory: one `Area` per area.
  private static func rollUp(_ agg: Aggregates, households: HouseholdTable) -> [Area] {
    let deepest = Level.building.rawValue
    var byLevel: [[Area]] = Level.allCases.map { _ in [] }
    // Per level (0 = total): the open area's counts so far and its first household.
    var open = [AreaCounts](repeating: AreaCounts(), count: deepest + 1)
    var first = [UInt32](repeating: 0, count: deepest + 1)
    /// Closes the open areas of the levels below `depth`, deepest first, each into the
    /// area above it.
    func close(below depth: Int) {
      for d in stride(from: deepest, to: depth, by: -1) {
        byLevel[d].append(Area(level: Level.allCases[d], household: first[d], counts: open[d]))
        open[d - 1].add(open[d])
      }
    }
    var previous: Int?
    for household in agg.householdOrder {
      let h = Int(household)
      var counts = AreaCounts()
      counts.residents = Int(agg.members[h])
      counts.eligible = Int(agg.eligible[h])
      counts.tested = Int(agg.tested[h])
      counts.untested = agg.untested(h)
      counts.certValid = Int(agg.certValid[h])
      counts.positive = Int(agg.positive[h])
      counts.households = agg.eligible[h] > 0 ? 1 : 0
      counts.householdsComplete = agg.status(h) == .complete ? 1 : 0
      // How many leading parts (up to the building's) h shares with the household before.
      var shared = 0
      if let previous {
        while shared < deepest && households.part(previous, shared) == households.part(h, shared) { shared += 1 }
        close(below: shared)
      }
      for d in stride(from: shared + 1, through: deepest, by: 1) {
        open[d] = AreaCounts()
        first[d] = household
      }
      open[deepest].add(counts)
      previous = h
    }
    if previous != nil { close(below: 0) }
    // The total row exists even for an empty roster.
    byLevel[0] = [Area(level: .total, household: 0, counts: open[0])]
    return byLevel.flatMap { $0 }
  }
}

/// The per-household tallies of residents, summed from the per-resident state
/// (`Aggregates` moves them into its own arrays).
final class HouseholdTallies: @unchecked Sendable {
  var members: [Int32]
  var eligible: [Int32]
  var tested: [Int32]
  var certValid: [Int32]
  var positive: [Int32]

  init(households n: Int) {
    members = [Int32](repeating: 0, count: n)
    eligible = [Int32](repeating: 0, count: n)
    tested = [Int32](repeating: 0, count: n)
    certValid = [Int32](repeating: 0, count: n)
    positive = [Int32](repeating: 0, count: n)
  }

  /// Adds every resident of `res` to its household's tallies.
  func add(_ res: ResidentColumns, times: RunTimes) {
    // Taken out while summing: the loop then works on local arrays, each the only
    // reference to its storage (no copy, no exclusivity check per access).
    var members = self.members
    var eligible = self.eligible
    var tested = self.tested
    var certValid = self.certValid
    var positive = self.positive
    (self.members, self.eligible, self.tested, self.certValid, self.positive) = ([], [], [], [], [])
    for r in 0..<res.count {
      let h = Int(res.household[r])
      members[h] += 1
      if res.lastSampleTime[r] != ResidentColumns.none && res.lastResult[r] == TestResult.positive.rawValue {
        positive[h] += 1
      }
      guard res.isEligible(r) else { continue }
      eligible[h] += 1
      if res.isTestedInRound(r) { tested[h] += 1 }
      if Certificate(residents: res, r, times: times).isValid { certValid[h] += 1 }
    }
    (self.members, self.eligible, self.tested, self.certValid, self.positive) = (
      members, eligible, tested, certValid, positive
    )
  }
}
