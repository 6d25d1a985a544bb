import NatReconCore
import NatReconPlatform
import NatReconTestSupport
import Testing

/// KeyTable against a Dictionary reference model on seeded keys.
@Suite struct KeyTableTests {
  @Test(arguments: [0, 1, 13, 1000, 50_000])
  func matchesDictionary(count: Int) {
    var rng = SplitMix64(seed: UInt64(count) &+ 7)
    var table = KeyTable(expectedCount: count / 4)  // forces growth
    var reference: [UInt64: UInt32] = [:]
    for i in 0..<count {
      // Keys from a small range so duplicates occur; 0 is never a key.
      let key = rng.next() % UInt64(max(1, count)) + 1
      let existing = table.insertIfAbsent(key, value: UInt32(i))
      #expect(existing == reference[key])
      if reference[key] == nil { reference[key] = UInt32(i) }
    }
    #expect(table.count == reference.count)
    for (key, value) in reference { #expect(table.find(key) == value) }
    for _ in 0..<1000 {
      let probe = rng.next() | (1 << 62)  // outside the inserted range
      #expect(table.find(probe) == nil)
    }
  }

  @Test func loadFactorStaysAtMostThreeQuarters() {
    var table = KeyTable()
    for k in 1...10_000 { table.insertIfAbsent(UInt64(k), value: 0) }
    #expect(Double(table.count) <= Double(table.capacity) * 0.75)
  }

  /// `touch` only loads slots: the table answers the same before and after, and the
  /// returned value is the sum of the loaded keys (0 for an empty table).
  @Test func touchLeavesTheTableUnchanged() {
    var table = KeyTable(expectedCount: 1000)
    let keys: [UInt64] = (1...1000).map { $0 &* 0x9E37_79B9 }
    #expect(keys.withUnsafeBufferPointer { table.touch($0) } == 0)
    for (i, key) in keys.enumerated() { table.insertIfAbsent(key, value: UInt32(i)) }
    let touched = keys.withUnsafeBufferPointer { table.touch($0) }
    #expect(touched != 0)
    #expect(table.count == 1000)
    for (i, key) in keys.enumerated() { #expect(table.find(key) == UInt32(i)) }
  }

  /// Keys use both 32-bit halves of a packed slot: keys that differ only in the low or
  /// only in the high half, and the extremes, are told apart and keep their values,
  /// across a doubling that moves every slot (12-byte slots straddle cache lines).
  @Test func keysDifferingInOneHalfAreDistinct() {
    var table = KeyTable(expectedCount: 4)
    var keys: [UInt64] = [1, UInt64.max, 1 << 32, (1 << 32) | 1, 0xFFFF_FFFF, 0xFFFF_FFFF_0000_0000]
    for i in 1...200 { keys += [UInt64(i) << 32, UInt64(i), UInt64(i) << 32 | UInt64(i)] }
    keys = Array(Set(keys)).sorted()
    for (i, key) in keys.enumerated() { #expect(table.insertIfAbsent(key, value: UInt32(i) &* 2_654_435_761) == nil) }
    #expect(table.count == keys.count)
    for (i, key) in keys.enumerated() { #expect(table.find(key) == UInt32(i) &* 2_654_435_761) }
    #expect(table.find(2 << 40) == nil)
  }

  /// A copy of the table is a value: inserting into one copy leaves the other as it was
  /// (the slots are shared until the first write, then copied).
  @Test func copiesAreIndependent() {
    var original = KeyTable(expectedCount: 100)
    for k in 1...50 { original.insertIfAbsent(UInt64(k) &* 0x1_0000_0001, value: UInt32(k)) }
    var copy = original
    for k in 51...100 { copy.insertIfAbsent(UInt64(k) &* 0x1_0000_0001, value: UInt32(k)) }
    copy.insertIfAbsent(7, value: 7)
    #expect(original.count == 50)
    #expect(copy.count == 101)
    #expect(original.find(77 &* 0x1_0000_0001) == nil)
    #expect(copy.find(77 &* 0x1_0000_0001) == 77)
    #expect(original.find(7) == nil)
    for k in 1...50 { #expect(original.find(UInt64(k) &* 0x1_0000_0001) == UInt32(k)) }
    // A copy that grows leaves the original's slots alone too.
    var grown = original
    for k in 1000...2000 { grown.insertIfAbsent(UInt64(k), value: 0) }
    #expect(original.count == 50 && original.capacity == 134)
    #expect(original.find(1500) == nil)
  }

  /// Inserts `count` seeded random keys into `table` and checks every one against a
  /// `Dictionary` (the first value inserted for a key wins).
  static func expectMatchesDictionary(
    _ table: inout KeyTable, inserting count: Int, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    var rng = SplitMix64(seed: seed)
    var reference: [UInt64: UInt32] = [:]
    for i in 0..<count {
      let key = rng.next() | 1
      if reference[key] == nil { reference[key] = UInt32(i) }
      table.insertIfAbsent(key, value: UInt32(i))
    }
    var wrong = 0
    for (key, value) in reference where table.find(key) != value { wrong += 1 }
    #expect(wrong == 0, sourceLocation: sourceLocation)
    #expect(table.count == reference.count, sourceLocation: sourceLocation)
    #expect(table.invariantViolations() == [], sourceLocation: sourceLocation)
  }

  /// A table large enough for huge pages (`PageMemory`) answers like a small one.
  @Test func hugePageTableMatchesDictionary() {
    var table = KeyTable(expectedCount: 300_000)  // 400,000 slots: 4.8 MB
    Self.expectMatchesDictionary(&table, inserting: 300_000, seed: 31)
  }

  /// A table that outgrows its presizing doubles from small pages into huge-page
  /// mappings and on (the roster's estimate can fall short: a gzip or GB18030 roster).
  @Test func growingThroughHugePageSizesKeepsEveryKey() {
    var table = KeyTable(expectedCount: 1_000)
    Self.expectMatchesDictionary(&table, inserting: 1_500_000, seed: 77)
    #expect(table.capacity * 12 > PageMemory.hugePageBytes * 4)
  }

  /// Presizing takes exactly the slots the load factor needs, not the next power of two
  /// (25M residents: 33.4M slots, not 2^26).
  @Test func presizedCapacityIsExact() {
    var table = KeyTable(expectedCount: 100_000)
    #expect(table.capacity == 133_334)
    for k in 1...100_000 { table.insertIfAbsent(UInt64(k) &* 0x1_0000_0001, value: UInt32(k)) }
    #expect(table.capacity == 133_334)
    #expect(table.find(77 &* 0x1_0000_0001) == 77)
  }
}

@Suite struct ByteInternerTests {
  @Test func internsByExactBytes() {
    var interner = ByteInterner()
    let words = ["1号", "10号", "2号", "", "1号", "室", "10号"]
    let ids = words.map { interner.intern($0) }
    #expect(ids == [0, 1, 2, 3, 0, 4, 1])
    #expect(interner.count == 5)
    #expect(interner.string(1) == "10号")
    #expect(interner.string(3) == "")
  }

  @Test func ranksFollowUTF8ByteOrder() {
    var interner = ByteInterner()
    let words = ["2号", "10号", "B", "a", "徐汇区", "长宁区"]
    for w in words { _ = interner.intern(w) }
    let rank = interner.byteOrderRanks()
    let byRank = (0..<words.count).sorted { rank[$0] < rank[$1] }.map { words[$0] }
    #expect(byRank == words.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    #expect(byRank.first == "10号")
  }

  @Test func manyStringsSurviveGrowth() {
    var interner = ByteInterner()
    for i in 0..<5000 { #expect(interner.intern("室\(i)") == UInt32(i)) }
    for i in stride(from: 0, to: 5000, by: 37) {
      var s = "室\(i)"
      #expect(s.withUTF8 { interner.find($0) } == UInt32(i))
    }
  }
}

@Suite struct IDMaskTests {
  @Test(arguments: [
    ("31010119900307123X", "310101********123X"),
    ("E12345678", "E1*****78"),
    ("H1234567801", "H1*******01"),
    ("AB123", "AB*23"),
  ])
  func masksPerSpec(id: String, masked: String) {
    #expect(IDMask.mask(id) == masked)
  }
}
