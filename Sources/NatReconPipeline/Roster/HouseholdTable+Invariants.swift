// Internal invariants of `HouseholdTable`, checked under `NATRECON_INTERNAL_CHECKS`.

extension HouseholdTable: InvariantChecking {
  /// What is wrong with the table; empty when nothing is.
  ///
  /// The invariants:
  /// - the part array holds whole households; the slot count is a power of two, `mask`
  ///   is one less, and the load is at most 0.5;
  /// - every household sits in exactly one slot, reachable from its hash (no empty slot
  ///   on the way), and no household with the same seven parts comes before it there,
  ///   so `intern` hands out each address once.
  func invariantViolations(limit: Int) -> [String] {
    var problems: [String] = []
    if parts.count % Self.partCount != 0 {
      return ["\(parts.count) part IDs: not a whole number of households"]
    }
    // After `releaseSlots()` only the parts are left to check.
    if isReleased { return [] }
    let capacity = slots.count
    if capacity == 0 || capacity & (capacity - 1) != 0 || mask != capacity - 1 {
      return ["\(capacity) slots with mask \(mask): not a power of two and its mask"]
    }
    if count * 2 > capacity { problems.append("\(count) households in \(capacity) slots: load above 0.5") }
    var seen = ContiguousArray(repeating: false, count: count)
    for j in 0..<capacity where slots[j] != 0 && problems.count < limit {
      let h = Int(slots[j]) - 1
      guard h < count else {
        problems.append("slot \(j) names household \(h) of \(count)")
        continue
      }
      if seen[h] { problems.append("household \(h) is in two slots") }
      seen[h] = true
      parts.withUnsafeBufferPointer { all in
        let key = UnsafeBufferPointer(rebasing: all[(h * Self.partCount)..<((h + 1) * Self.partCount)])
        var i = Self.hash(key) & mask
        while i != j {
          if slots[i] == 0 {
            problems.append("household \(h) in slot \(j) is unreachable: slot \(i) is empty")
            return
          }
          if matches(Int(slots[i]) - 1, key) {
            problems.append("households \(slots[i] - 1) and \(h) have the same address")
            return
          }
          i = (i &+ 1) & mask
        }
      }
    }
    if problems.isEmpty, let missing = seen.firstIndex(of: false) {
      problems.append("household \(missing) is in no slot")
    }
    return problems
  }
}
