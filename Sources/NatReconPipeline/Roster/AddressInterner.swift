import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// Interns a row's seven address parts and its household, reusing the previous row's
/// IDs for parts whose bytes did not change.
///
/// Rosters are exported sorted by address, so consecutive rows share district, street,
/// committee, compound and building (and often the room): comparing a few bytes with the
/// previous row skips most hash lookups.
struct AddressInterner {
  private var previous: [[UInt8]] = Array(repeating: [], count: HouseholdTable.partCount)
  private var ids = [UInt32](repeating: 0, count: HouseholdTable.partCount)
  private var lastHousehold: UInt32?

  /// The household of a row whose part `p` has the bytes `part(p)`.
  mutating func household(roster: inout Roster, part: (Int) -> UnsafeBufferPointer<UInt8>) -> UInt32 {
    var changed = lastHousehold == nil
    for p in 0..<HouseholdTable.partCount {
      let value = part(p)
      // Same bytes as the previous row: its ID in `ids[p]` still holds.
      if lastHousehold != nil && Self.same(previous[p], value) { continue }
      changed = true
      ids[p] = roster.strings.intern(value)
      previous[p].removeAll(keepingCapacity: true)
      previous[p].append(contentsOf: value)
    }
    if !changed, let lastHousehold { return lastHousehold }
    let household = ids.withUnsafeBufferPointer { roster.households.intern($0) }
    lastHousehold = household
    return household
  }

  /// Whether `a` holds the bytes of `b` (a length check, then `memcmp`; the generic
  /// `elementsEqual` went byte by byte).
  @inline(__always)
  private static func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { x in
      x.count == 0 || memcmp(x.baseAddress.unsafelyUnwrapped, b.baseAddress.unsafelyUnwrapped, x.count) == 0
    }
  }
}
