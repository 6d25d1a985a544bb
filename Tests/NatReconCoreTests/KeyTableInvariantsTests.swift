import NatReconTestSupport
import Testing

@testable import NatReconCore

/// `KeyTable.invariantViolations()` (what `checkInvariants()` stops on under
/// `NATRECON_INTERNAL_CHECKS`): silent on sound tables, and each corruption is named.
@Suite struct KeyTableInvariantsTests {
  /// A table of `count` seeded keys, grown from a small presize.
  static func filled(_ count: Int) -> (KeyTable, [UInt64]) {
    var rng = SplitMix64(seed: 99)
    var table = KeyTable(expectedCount: 8)
    var keys: [UInt64] = []
    for i in 0..<count {
      let key = rng.next() | 1
      if table.insertIfAbsent(key, value: UInt32(i)) == nil { keys.append(key) }
    }
    return (table, keys)
  }

  @Test(arguments: [0, 1, 12, 13, 5_000])
  func soundTablesHaveNoViolations(count: Int) {
    let (table, _) = Self.filled(count)
    #expect(table.invariantViolations() == [])
    table.checkInvariants()
  }

  @Test func aMiscountIsCaught() {
    var (table, _) = Self.filled(100)
    table.count += 1
    #expect(table.invariantViolations().contains { $0.contains("count 101 but 100 occupied") })
  }

  /// Emptying a slot in the middle of a cluster strands the keys placed after it.
  @Test func aHoleOnAProbePathIsCaught() throws {
    var (table, keys) = Self.filled(5_000)
    // A key that sits away from its home slot: the slot just before it is on its path.
    let capacity = table.capacity
    let displaced = try #require(
      keys.lazy.map { key in (key, (0..<capacity).first { table.key(atSlot: $0) == key }!) }
        .first { key, slot in KeyTable.slot(of: key, capacity: capacity) != slot })
    let before = displaced.1 == 0 ? capacity - 1 : displaced.1 - 1
    table.overwrite(slot: before, key: 0)
    table.count -= 1
    #expect(table.invariantViolations().contains { $0.contains("unreachable") })
  }

  /// A second copy of a key after its first on the probe path would never be found.
  @Test func aDuplicateKeyIsCaught() throws {
    var (table, keys) = Self.filled(100)
    let key = try #require(keys.first)
    var i = KeyTable.slot(of: key, capacity: table.capacity)
    while table.key(atSlot: i) != 0 { i = (i + 1) % table.capacity }
    table.overwrite(slot: i, key: key)
    table.count += 1
    #expect(table.invariantViolations().contains { $0.contains("is also in slot") })
  }

  @Test func overloadIsCaught() {
    var table = KeyTable(expectedCount: 0)
    for slot in 0..<table.capacity { table.overwrite(slot: slot, key: UInt64(slot + 1)) }
    table.count = table.capacity
    #expect(table.invariantViolations().contains { $0.contains("above the maximum load") })
  }
}
