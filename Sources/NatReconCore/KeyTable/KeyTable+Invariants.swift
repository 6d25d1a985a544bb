// Internal invariants of `KeyTable`, checked under `NATRECON_INTERNAL_CHECKS`
// (`make test-checks`; the model is swift-collections' `_checkInvariants`).

extension KeyTable {
  /// Stops the program when the table breaks one of its invariants.
  ///
  /// Compiled in only under `NATRECON_INTERNAL_CHECKS` (a no-op otherwise).
  ///
  /// Called where the table is complete: after a doubling, and from
  /// `Roster.checkInvariants()` when the roster is built.
  ///
  /// - Complexity: O(`capacity` × cluster length) when compiled in.
  public func checkInvariants() {
    #if NATRECON_INTERNAL_CHECKS
      let problems = invariantViolations()
      precondition(problems.isEmpty, "KeyTable: " + problems.joined(separator: "; "))
    #endif
  }

  /// What is wrong with the table.
  ///
  /// Always compiled, so tests can show that a corrupted table is caught. The invariants:
  /// - the two slot arrays have one length, at least `minimumCapacity`;
  /// - `count` is the number of occupied slots and within the maximum load;
  /// - every key is reachable from its home slot: no empty slot and no copy of the same
  ///   key lies between the home slot and the key (wrapping), so `find` returns it.
  ///
  /// - Parameter limit: stop after this many problems.
  /// - Returns: one sentence per problem, empty when the table is sound.
  public func invariantViolations(limit: Int = 10) -> [String] {
    var problems: [String] = []
    if keys.count != values.count {
      return ["\(keys.count) keys but \(values.count) values"]
    }
    if keys.count < Self.minimumCapacity {
      problems.append("capacity \(keys.count) below the minimum \(Self.minimumCapacity)")
    }
    let occupied = keys.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    if occupied != count { problems.append("count \(count) but \(occupied) occupied slots") }
    if Double(occupied) > Double(keys.count) * Self.maxLoad {
      problems.append("\(occupied) keys in \(keys.count) slots: above the maximum load \(Self.maxLoad)")
    }
    let capacity = keys.count
    for j in 0..<capacity where keys[j] != 0 && problems.count < limit {
      let key = keys[j]
      var i = Self.slot(of: key, capacity: capacity)
      while i != j {
        if keys[i] == 0 {
          problems.append("key in slot \(j) is unreachable: slot \(i) on its probe path is empty")
          break
        }
        if keys[i] == key {
          problems.append("key in slot \(j) is also in slot \(i)")
          break
        }
        i &+= 1
        if i == capacity { i = 0 }
      }
    }
    return problems
  }
}

extension KeyTable {
  /// Calls `body` with every stored key and its value, in slot order.
  ///
  /// Slot order is not a stable order: it follows the hash. For invariant checks that
  /// span structures, such as `Roster`'s one-key-per-resident rule.
  ///
  /// - Complexity: O(`capacity`).
  public func forEachEntry(_ body: (_ key: UInt64, _ value: UInt32) -> Void) {
    for i in keys.indices where keys[i] != 0 { body(keys[i], values[i]) }
  }
}
