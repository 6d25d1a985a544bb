import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `HouseholdOrder`: the packed-key radix sort gives the reference comparator's order,
/// and falls back to it when the parts' ranks need more than 64 bits.
@Suite struct HouseholdOrderTests {
  /// `count` seeded households whose part p takes up to `values[p]` values, from a pool
  /// of `strings` string IDs ranked by a seeded permutation (so rank order is not ID
  /// order), and that ranking.
  static func households(
    _ count: Int, values: [UInt64], strings: Int, seed: UInt64
  ) -> (HouseholdTable, rank: [UInt32]) {
    var rng = SplitMix64(seed: seed)
    var table = HouseholdTable()
    for _ in 0..<count {
      let key = (0..<HouseholdTable.partCount).map { p in
        UInt32((rng.next() % values[p] + UInt64(p) * 7) % UInt64(strings))
      }
      _ = key.withUnsafeBufferPointer { table.intern($0) }
    }
    var rank = (0..<UInt32(strings)).map { $0 }
    for i in stride(from: strings - 1, to: 0, by: -1) { rank.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
    return (table, rank)
  }

  @Test(arguments: [0, 1, 2, 500, 30_000])
  func packedKeysGiveTheComparatorsOrder(count: Int) throws {
    // District … room: few districts, one unit value (a part of 0 bits), many rooms.
    let (table, rank) = Self.households(count, values: [16, 40, 300, 500, 90, 1, 400], strings: 2_000, seed: 11)
    let packed = try #require(HouseholdOrder.byPackedKeys(table, rank: rank))
    let reference = HouseholdOrder.byComparator(table, rank: rank)
    #expect(packed == reference)
    #expect(packed.count == table.count)
    #expect(HouseholdOrder.order(table, rank: rank) == reference)
  }

  @Test func sharedStringsRankPerPart() throws {
    // Every part draws from the same 60 strings (rooms and buildings both named "1"…).
    let (table, rank) = Self.households(5_000, values: [60, 60, 60, 60, 60, 60, 60], strings: 60, seed: 5)
    let packed = try #require(HouseholdOrder.byPackedKeys(table, rank: rank))
    #expect(packed == HouseholdOrder.byComparator(table, rank: rank))
  }

  @Test func keysWiderThan64BitsFallBackToTheComparator() {
    // Seven parts of about 1,000 values each need 70 bits.
    let (table, rank) = Self.households(
      8_000, values: [1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000], strings: 8_000, seed: 3)
    #expect(HouseholdOrder.byPackedKeys(table, rank: rank) == nil)
    #expect(HouseholdOrder.order(table, rank: rank) == HouseholdOrder.byComparator(table, rank: rank))
  }
}
