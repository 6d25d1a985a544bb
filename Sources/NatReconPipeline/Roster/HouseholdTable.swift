import NatReconCore

/// Households (户) keyed by their seven interned address parts (SPEC §3).
///
/// Memory layout: 7 × `UInt32` part IDs per household in one flat array (28 bytes),
/// plus an open-addressing table of household indices (4 bytes per slot, load ≤ 0.5),
/// freed when the roster is read (`releaseSlots()`): about 36 bytes per household while
/// the roster is read, 28 after, 11 per resident at 2.5 residents per household.
/// Household indices are dense and handed out in first-seen (roster) order.
struct HouseholdTable {
  static let partCount = 7

  /// Part IDs, `partCount` per household, in SPEC §4 column order.
  private(set) var parts: ContiguousArray<UInt32> = []
  /// Household index + 1 per slot, 0 for empty (not private: `checkInvariants()` reads it).
  var slots: ContiguousArray<UInt32> = ContiguousArray(repeating: 0, count: 1024)
  var mask = 1023

  var count: Int { parts.count / Self.partCount }

  /// Presizes for `households` more households, so the part array does not double (and
  /// briefly hold two copies) while a city-scale roster is read; an empty table also
  /// takes its slots for 90% of them at once (load ≤ 0.5, a power of two), so it is not
  /// rehashed a dozen times on the way (1.5% of a 25 M run's CPU, on the roster insert's
  /// thread) and never holds an old and a new slot array at once (peak RSS 1,910.9 →
  /// 1,892.6 MB at 25 M; the roster stage's wall time stayed the same). The slots come
  /// out the size growing would reach unless the estimate crosses a power of two; more
  /// households than that double it once, as before.
  mutating func reserveCapacity(_ households: Int) {
    parts.reserveCapacity(parts.count + households * Self.partCount)
    guard count == 0 else { return }
    let wanted = households / 10 * 9 * 2
    var capacity = slots.count
    while capacity < wanted { capacity *= 2 }
    if capacity > slots.count {
      slots = ContiguousArray(repeating: 0, count: capacity)
      mask = capacity - 1
    }
  }

  @inline(__always)
  static func hash(_ p: UnsafeBufferPointer<UInt32>) -> Int {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for v in p {
      h = (h ^ UInt64(v)) &* 0xBF58_476D_1CE4_E5B9
      h ^= h &>> 31
    }
    return Int(truncatingIfNeeded: h)
  }

  /// The household of the given seven part IDs, inserting it when new.
  mutating func intern(_ key: UnsafeBufferPointer<UInt32>) -> UInt32 {
    intern(key, hash: Self.hash(key))
  }

  /// `intern(key)` with the key's `hash(key)` computed by the caller.
  mutating func intern(_ key: UnsafeBufferPointer<UInt32>, hash: Int) -> UInt32 {
    precondition(key.count == Self.partCount)
    var i = hash & mask
    while true {
      let s = slots[i]
      if s == 0 { break }
      let h = Int(s - 1)
      if matches(h, key) { return UInt32(h) }
      i = (i &+ 1) & mask
    }
    let index = UInt32(count)
    parts.append(contentsOf: key)
    slots[i] = index + 1
    if count * 2 > slots.count { grow() }
    return index
  }

  /// Loads the slot each hash in `hashes` is probed at first, and the first part of the
  /// household there (which `intern` compares), so that the cache misses of the `intern`s
  /// that follow overlap instead of being paid one at a time (`AddressInterner`; at city
  /// scale the slots are 128 MB). A tight loop of loads, as `KeyTable.touch`: a load
  /// issued between two rows' work would stall that work until it arrives. Only a hint:
  /// the result exists so that the loads are not optimised away.
  @inline(never)
  func touch(_ hashes: UnsafeBufferPointer<Int>) -> UInt32 {
    slots.withUnsafeBufferPointer { slots in
      parts.withUnsafeBufferPointer { parts in
        var sink: UInt32 = 0
        for hash in hashes {
          let s = slots[hash & mask]
          if s != 0 { sink &+= parts[Int(s - 1) * Self.partCount] }
        }
        return sink
      }
    }
  }

  /// Whether `releaseSlots()` has freed the slots.
  var isReleased: Bool { slots.isEmpty }

  /// Frees the slots once every household is in (the end of the roster stage): later
  /// stages find households by index, never by address, and the slots (134 MB at 25 M
  /// residents) were otherwise held through the run's memory peak at the end of the tests
  /// stage. The households and their parts stay; interning afterwards stops the program
  /// (the empty slots' bounds check: no extra test per row in `intern`).
  mutating func releaseSlots() {
    slots = []
    mask = 0
  }

  /// Part `p` (0 = district … 6 = room) of household `h`.
  @inline(__always)
  func part(_ h: Int, _ p: Int) -> UInt32 { parts[h * Self.partCount + p] }

  func matches(_ h: Int, _ key: UnsafeBufferPointer<UInt32>) -> Bool {
    let base = h * Self.partCount
    for p in 0..<Self.partCount where parts[base + p] != key[p] { return false }
    return true
  }

  private mutating func grow() {
    let capacity = slots.count * 2
    slots = ContiguousArray(repeating: 0, count: capacity)
    mask = capacity - 1
    parts.withUnsafeBufferPointer { all in
      for h in 0..<count {
        let key = UnsafeBufferPointer(rebasing: all[(h * Self.partCount)..<((h + 1) * Self.partCount)])
        var i = Self.hash(key) & mask
        while slots[i] != 0 { i = (i &+ 1) & mask }
        slots[i] = UInt32(h + 1)
      }
    }
    checkInvariants()
  }
}
