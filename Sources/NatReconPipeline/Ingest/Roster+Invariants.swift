import NatReconCore

// Internal invariants of `Roster`, checked under `NATRECON_INTERNAL_CHECKS`.

extension Roster: InvariantChecking {
  /// Stops the program when the roster breaks one of its invariants.
  ///
  /// Compiled in only under `NATRECON_INTERNAL_CHECKS` (a no-op otherwise). Called when
  /// `RosterBuilder.build` has read every roster file.
  ///
  /// - Complexity: O(residents + key-table slots × cluster length) when compiled in.
  func checkAllInvariants() {
    #if NATRECON_INTERNAL_CHECKS
      table.checkInvariants()
      households.checkInvariants()
      residents.checkInvariants()
      checkInvariants()
    #endif
  }

  /// What is wrong between the roster's parts; empty when nothing is.
  ///
  /// Each part's own invariants are its `invariantViolations()`. Between them:
  /// - the key table maps one key to each resident (before `releaseJoinStructures()`),
  ///   and a tagged key names an interned other document;
  /// - every resident's household exists, and every household has a resident;
  /// - every household part names an interned address string;
  /// - the roster-row bits cover `rowCount` rows, one set bit per resident.
  func invariantViolations(limit: Int) -> [String] {
    var problems: [String] = []
    let n = residents.count
    if table.count != 0 || !residents.rosterLine.isEmpty {
      if table.count != n { problems.append("\(table.count) keys for \(n) residents") }
      var hasKey = ContiguousArray(repeating: false, count: n)
      table.forEachEntry { key, value in
        let r = Int(value)
        guard problems.count < limit else { return }
        guard r < n else {
          problems.append("a key names resident \(r) of \(n)")
          return
        }
        if hasKey[r] { problems.append("resident \(r) has two keys") }
        hasKey[r] = true
        let text = key & ~Self.otherDocumentTag
        if key & Self.otherDocumentTag != 0, Int(text) >= otherDocuments.count {
          problems.append("resident \(r)'s document key names text \(text) of \(otherDocuments.count)")
        }
      }
    }
    var housed = ContiguousArray(repeating: false, count: households.count)
    for r in 0..<n where problems.count < limit {
      let h = Int(residents.household[r])
      if h >= households.count {
        problems.append("resident \(r) lives in household \(h) of \(households.count)")
      } else {
        housed[h] = true
      }
    }
    if problems.isEmpty, let empty = housed.firstIndex(of: false) {
      problems.append("household \(empty) has no resident")
    }
    for (i, part) in households.parts.enumerated() where Int(part) >= strings.count && problems.count < limit {
      problems.append(
        "household \(i / HouseholdTable.partCount) part \(i % HouseholdTable.partCount) names string \(part) of \(strings.count)"
      )
    }
    if isResidentRow.count != (rowCount + 63) / 64 {
      problems.append("\(isResidentRow.count) row words for \(rowCount) rows")
    } else {
      let set = isResidentRow.reduce(0) { $0 + $1.nonzeroBitCount }
      if set != n { problems.append("\(set) roster rows are residents, but there are \(n) residents") }
      if rowCount & 63 != 0, let last = isResidentRow.last, last >> UInt64(rowCount & 63) != 0 {
        problems.append("bits set past row \(rowCount)")
      }
    }
    return problems
  }
}
