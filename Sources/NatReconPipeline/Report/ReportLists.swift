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
    gaps.sort {
      (position[Int($0.household)], $0.resident) < (position[Int($1.household)], $1.resident)
    }
    expiring.sort {
      ($0.expiresAt, position[Int($0.household)], $0.resident)
        < ($1.expiresAt, position[Int($1.household)], $1.resident)
    }
  }
}
