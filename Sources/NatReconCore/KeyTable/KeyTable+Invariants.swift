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
  /// - at least `minimumCapacity` slots, and the most keys before doubling is
  ///   `capacity × maxLoad`;
  /// - `count` is the number of occupied slots and within the maximum load;
  /// - every key is reachable from its home slot: no empty slot and no copy of the same
  ///   key lies between the home slot and the key (wrapping), so `find` returns it.
  ///
  /// - Parameter limit: stop after this many problems.
  /// - Returns: one sentence per problem, empty when the table is sound.
  public func invariantViolations(limit: Int = 10) -> [String] {
    var problems: [String] = []
    if capacity < Self.minimumCapacity {
      problems.append("capacity \(capacity) below the minimum \(Self.minimumCapacity)")
    }
    if maxCount != Int((Double(capacity) * Self.maxLoad).rounded(.down)) {
      problems.append("at most \(maxCount) keys in \(capacity) slots, not the maximum load \(Self.maxLoad)")
    }
    let occupied = (0..<capacity).reduce(0) { $0 + (key(atSlot: $1) != 0 ? 1 : 0) }
    if occupied != count { problems.append("count \(count) but \(occupied) occupied slots") }
    if Double(occupied) > Double(capacity) * Self.maxLoad {
      problems.append("\(occupied) keys in \(capacity) slots: above the maximum load \(Self.maxLoad)")
    }
    for j in 0..<capacity where key(atSlot: j) != 0 && problems.count < limit {
      let key = key(atSlot: j)
      var i = Self.slot(of: key, capacity: capacity)
      while i != j {
        if self.key(atSlot: i) == 0 {
          problems.append("key in slot \(j) is unreachable: slot \(i) on its probe path is empty")
          break
        }
        if self.key(atSlot: i) == key {
          problems.append("key in slot \(j) is also in slot \(i)")
          break
        }
        i &+= 1
        if i == capacity { i = 0 }
      }
    }
    return problems
  }

  /// The key in slot `i` (0 when empty).
  func key(atSlot i: Int) -> UInt64 {
    precondition(i >= 0 && i < capacity, "slot \(i) outside 0..<\(capacity)")
    return withExtendedLifetime(storage) { Self.key(UnsafeRawPointer(storage.base), i) }
  }

  /// The value in slot `i`.
  func value(atSlot i: Int) -> UInt32 {
    precondition(i >= 0 && i < capacity, "slot \(i) outside 0..<\(capacity)")
    return withExtendedLifetime(storage) { Self.value(UnsafeRawPointer(storage.base), i) }
  }

  /// Overwrites slot `i` without any bookkeeping (tests corrupt tables with it).
  mutating func overwrite(slot i: Int, key: UInt64, value: UInt32 = 0) {
    precondition(i >= 0 && i < capacity, "slot \(i) outside 0..<\(capacity)")
    makeUnique()
    Self.store(storage.base, i, key: key, value: value)
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
    for i in 0..<capacity where key(atSlot: i) != 0 { body(key(atSlot: i), value(atSlot: i)) }
  }
}
