import NatReconCore

/// What the residents pass collects for the files written after it.
struct ReportLists {
  var store = RosterTextStore()
  var gaps: [GapEntry] = []
  var expiring: [ExpiringEntry] = []
  /// Full texts of the few residents other files name (tube members, name mismatches).
  var texts: [Int: RosterText] = [:]
  /// The exempt residents' reasons, by household (户进度's 免检原因).
  var householdReasons = HouseholdExemptReasons()
}

extension ReportLists {
  /// Appends what a later stretch of the residents pass collected (formatted on another
  /// thread) after this one's: the same lists as one pass collecting both in turn.
  mutating func append(_ later: ReportLists) {
    let base = store.append(later.store)
    for var entry in later.gaps {
      entry.text += base
      gaps.append(entry)
    }
    for var entry in later.expiring {
      entry.text += base
      expiring.append(entry)
    }
    texts.merge(later.texts) { first, _ in first }
    householdReasons.append(later.householdReasons)
  }

  /// Sorts the gaps by household (in `householdOrder`) then roster order, and the expiring
  /// certificates by expiry, household, roster order (SPEC §4).
  ///
  /// Sorted in place: at city scale the lists hold millions of entries, a sorted copy
  /// would be alive beside them.
  mutating func sort(householdOrder: [UInt32], householdCount: Int) {
    var position = [UInt32](repeating: 0, count: householdCount)
    for (i, h) in householdOrder.enumerated() { position[Int(h)] = UInt32(i) }
    // While sorting, each entry holds its household's position in place of the household
    // (one lookup an entry, not two a comparison: at city scale those lookups missed the
    // cache and took most of the sort); put back after.
    for i in gaps.indices { gaps[i].household = position[Int(gaps[i].household)] }
    gaps.sort { ($0.household, $0.resident) < ($1.household, $1.resident) }
    for i in gaps.indices { gaps[i].household = householdOrder[Int(gaps[i].household)] }
    for i in expiring.indices { expiring[i].household = position[Int(expiring[i].household)] }
    expiring.sort { ($0.expiresAt, $0.household, $0.resident) < ($1.expiresAt, $1.household, $1.resident) }
    for i in expiring.indices { expiring[i].household = householdOrder[Int(expiring[i].household)] }
  }
}
