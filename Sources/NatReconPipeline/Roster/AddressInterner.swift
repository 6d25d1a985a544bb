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
///
/// Households are interned a run of residents at a time (`add` for each resident, then
/// `assignHouseholds`): `add` interns the parts at once (string IDs in row order) and
/// queues a resident whose address differs from the previous resident's with its
/// address's hash; `assignHouseholds` loads the household slots of all those hashes in
/// one tight loop (`HouseholdTable.touch`), so their cache misses overlap instead of
/// being paid one at a time (at city scale the slots are 128 MB), then interns the run's
/// new addresses in row order. Household
/// indices are handed out in resident order either way; a run of one resident (`add`,
/// then `assignHouseholds`) is the reference, each household interned as it is met.
struct AddressInterner {
  private var previous: [[UInt8]] = Array(repeating: [], count: HouseholdTable.partCount)
  private var ids = [UInt32](repeating: 0, count: HouseholdTable.partCount)
  private var hasPrevious = false
  private var lastHousehold: UInt32 = 0
  /// The run's residents in order (resident index), each with the index of its address
  /// in `addresses`, or -1 when it has the previous resident's address.
  private var residents: [(resident: UInt32, address: Int32)] = []
  /// Part IDs of the run's new addresses, `partCount` each, and their hashes.
  private var addresses: [UInt32] = []
  private var hashes: [Int] = []
  /// What the slot loads read (kept so they are not optimised away).
  private var touched: UInt32 = 0

  /// Interns the address parts of resident `resident`, whose part `p` has the bytes
  /// `part(p)`, and queues the resident for `assignHouseholds`.
  mutating func add(resident: UInt32, roster: inout Roster, part: (Int) -> UnsafeBufferPointer<UInt8>) {
    var changed = !hasPrevious
    for p in 0..<HouseholdTable.partCount {
      let value = part(p)
      // Same bytes as the previous row: its ID in `ids[p]` still holds.
      if hasPrevious && Self.same(previous[p], value) { continue }
      changed = true
      ids[p] = roster.strings.intern(value)
      previous[p].removeAll(keepingCapacity: true)
      previous[p].append(contentsOf: value)
    }
    hasPrevious = true
    guard changed else {
      residents.append((resident, -1))
      return
    }
    residents.append((resident, Int32(hashes.count)))
    addresses.append(contentsOf: ids)
    hashes.append(ids.withUnsafeBufferPointer { HouseholdTable.hash($0) })
  }

  /// Interns the households of the residents queued by `add`, in their order, and sets
  /// each resident's household.
  mutating func assignHouseholds(roster: inout Roster) {
    touched &+= hashes.withUnsafeBufferPointer { roster.households.touch($0) }
    addresses.withUnsafeBufferPointer { all in
      for (resident, address) in residents {
        if address >= 0 {
          let k = Int(address)
          let key = UnsafeBufferPointer(
            rebasing: all[(k * HouseholdTable.partCount)..<((k + 1) * HouseholdTable.partCount)])
          lastHousehold = roster.households.intern(key, hash: hashes[k])
        }
        roster.residents.household[Int(resident)] = lastHousehold
      }
    }
    residents.removeAll(keepingCapacity: true)
    addresses.removeAll(keepingCapacity: true)
    hashes.removeAll(keepingCapacity: true)
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
