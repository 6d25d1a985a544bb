import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `HouseholdTable` against a `Dictionary` reference model, and its invariant check.
@Suite struct HouseholdTableTests {
  /// Seeded addresses from a small part alphabet, so the same address comes back often
  /// and the table doubles several times.
  static func addresses(_ count: Int, seed: UInt64) -> [[UInt32]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      (0..<HouseholdTable.partCount).map { p in UInt32(rng.next() % (p < 3 ? 3 : 40)) }
    }
  }

  static func intern(_ address: [UInt32], into table: inout HouseholdTable) -> UInt32 {
    address.withUnsafeBufferPointer { table.intern($0) }
  }

  @Test(arguments: [0, 1, 600, 20_000])
  func matchesDictionary(count: Int) {
    var table = HouseholdTable()
    var reference: [[UInt32]: UInt32] = [:]
    for address in Self.addresses(count, seed: UInt64(count) &+ 3) {
      let expected = reference[address] ?? UInt32(reference.count)
      reference[address] = expected
      #expect(Self.intern(address, into: &table) == expected)
    }
    #expect(table.count == reference.count)
    for (address, h) in reference {
      #expect((0..<HouseholdTable.partCount).map { table.part(Int(h), $0) } == address)
    }
    #expect(table.invariantViolations() == [])
  }

  /// `releaseSlots()` (the end of the roster stage) keeps every household's parts and
  /// its index; only the address lookup goes.
  @Test func releasedSlotsKeepTheHouseholds() {
    var table = HouseholdTable()
    var reference: [[UInt32]: UInt32] = [:]
    for address in Self.addresses(5_000, seed: 17) { reference[address] = Self.intern(address, into: &table) }
    #expect(!table.isReleased)
    table.releaseSlots()
    #expect(table.isReleased)
    #expect(table.slots.isEmpty)
    #expect(table.count == reference.count)
    for (address, h) in reference {
      #expect((0..<HouseholdTable.partCount).map { table.part(Int(h), $0) } == address)
    }
    #expect(table.invariantViolations() == [])
  }

  /// A table presized for its households (the roster's estimate) takes its slots at once
  /// and does not grow while they are interned; a table that is no longer empty keeps
  /// its slots; more households than reserved still grow it.
  @Test func presizedTableDoesNotGrow() {
    var table = HouseholdTable()
    table.reserveCapacity(100_000)
    #expect(table.slots.count == 1 << 18)  // 2 × 90,000 rounded up to a power of two
    var reference: [[UInt32]: UInt32] = [:]
    for i in 0..<100_000 {
      let address = (0..<HouseholdTable.partCount).map { UInt32(truncatingIfNeeded: i &* (7 + $0)) }
      let h = Self.intern(address, into: &table)
      reference[address] = reference[address] ?? h
    }
    #expect(table.count == reference.count)
    #expect(table.slots.count == 1 << 18)
    #expect(table.invariantViolations() == [])

    table.reserveCapacity(1_000_000)  // not empty: the slots stay
    #expect(table.slots.count == 1 << 18)
    for i in 100_000..<140_000 {
      _ = Self.intern((0..<HouseholdTable.partCount).map { UInt32(i &* (7 + $0)) }, into: &table)
    }
    #expect(table.slots.count == 1 << 19)
    #expect(table.invariantViolations() == [])
  }

  @Test func corruptionsAreCaught() throws {
    var table = HouseholdTable()
    for address in Self.addresses(2_000, seed: 5) { _ = Self.intern(address, into: &table) }
    #expect(table.invariantViolations() == [])

    var stranded = table
    let occupied = try #require(stranded.slots.indices.first { stranded.slots[$0] != 0 })
    stranded.slots[occupied] = 0
    #expect(stranded.invariantViolations().contains { $0.contains("is in no slot") || $0.contains("unreachable") })

    var twice = table
    let empty = try #require(twice.slots.indices.first { twice.slots[$0] == 0 })
    twice.slots[empty] = twice.slots[occupied]
    #expect(!twice.invariantViolations().isEmpty)

    var badMask = table
    badMask.mask -= 1
    #expect(badMask.invariantViolations().contains { $0.contains("power of two") })
  }
}
