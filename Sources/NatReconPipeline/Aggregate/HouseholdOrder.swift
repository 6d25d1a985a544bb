/// The households in key order (SPEC §4: district, street, committee, compound, building,
/// unit, room, each part compared by its UTF-8 bytes), as household indices.
///
/// Two ways, the same order (households are unique by their parts, so there are no ties):
/// - `byComparator`, the reference: a sort of the indices comparing parts by their byte
///   order ranks, part by part. At city scale (9.3 M households) that is about 1 s on
///   one thread, most of it cache misses in the comparisons.
/// - `byPackedKeys`: each part becomes its dense rank among the values that part takes
///   (16 districts need 4 bits, 112 rooms 7), the seven ranks are packed into one
///   `UInt64` key with the district in the high bits, and the indices are radix-sorted
///   by key (least significant byte first, stable). Nil when the ranks need more than
///   64 bits together; `order` then falls back to the comparator.
///
/// Memory of the packed way: the keys and the indices twice (the radix passes move them
/// between two buffers), 24 bytes per household, freed on return.
enum HouseholdOrder {
  /// `byPackedKeys` where the keys fit, else `byComparator`.
  static func order(_ households: HouseholdTable, rank: [UInt32]) -> [UInt32] {
    byPackedKeys(households, rank: rank) ?? byComparator(households, rank: rank)
  }

  /// The reference: the indices sorted part by part by `rank` (each interned string's
  /// rank in UTF-8 byte order).
  static func byComparator(_ households: HouseholdTable, rank: [UInt32]) -> [UInt32] {
    (0..<UInt32(households.count)).sorted { a, b in
      for p in 0..<HouseholdTable.partCount {
        let x = rank[Int(households.part(Int(a), p))]
        let y = rank[Int(households.part(Int(b), p))]
        if x != y { return x < y }
      }
      return false
    }
  }

  /// The indices radix-sorted by packed dense part ranks, or nil when the ranks do not
  /// fit in 64 bits.
  static func byPackedKeys(_ households: HouseholdTable, rank: [UInt32]) -> [UInt32]? {
    let n = households.count
    let partCount = HouseholdTable.partCount
    let strings = rank.count
    // Which parts each string is used as (bit p for part p).
    var usedAs = [UInt8](repeating: 0, count: strings)
    households.parts.withUnsafeBufferPointer { parts in
      for i in 0..<parts.count { usedAs[Int(parts[i])] |= 1 << UInt8(i % partCount) }
    }
    var byRank = [UInt32](repeating: 0, count: strings)
    for (id, r) in rank.enumerated() { byRank[Int(r)] = UInt32(id) }
    // dense[p * strings + id]: the id's rank among the values of part p.
    var dense = [UInt64](repeating: 0, count: partCount * strings)
    var bits = [Int](repeating: 0, count: partCount)
    for p in 0..<partCount {
      var next: UInt64 = 0
      for id in byRank where usedAs[Int(id)] & (1 << UInt8(p)) != 0 {
        dense[p * strings + Int(id)] = next
        next += 1
      }
      bits[p] = next > 1 ? UInt64.bitWidth - (next - 1).leadingZeroBitCount : 0
    }
    let totalBits = bits.reduce(0, +)
    guard totalBits <= UInt64.bitWidth else { return nil }
    var keys = [UInt64](repeating: 0, count: n)
    households.parts.withUnsafeBufferPointer { parts in
      dense.withUnsafeBufferPointer { dense in
        for h in 0..<n {
          var key: UInt64 = 0
          for p in 0..<partCount {
            key = bits[p] == 0 ? key : (key &<< UInt64(bits[p])) | dense[p * strings + Int(parts[h * partCount + p])]
          }
          keys[h] = key
        }
      }
    }
    return radixSort(keys: &keys, bits: totalBits)
  }

  /// The indices `0..<keys.count` ordered by `keys` (stable), a byte of the key per pass;
  /// passes whose byte is the same in every key are skipped.
  private static func radixSort(keys: inout [UInt64], bits: Int) -> [UInt32] {
    let n = keys.count
    var order = (0..<UInt32(n)).map { $0 }
    guard n > 1, bits > 0 else { return order }
    var spareKeys = [UInt64](repeating: 0, count: n)
    var spareOrder = [UInt32](repeating: 0, count: n)
    let passes = (bits + 7) / 8
    // Every pass's byte counts from one read of the keys.
    var counts = [Int](repeating: 0, count: passes * 256)
    keys.withUnsafeBufferPointer { k in
      for key in k {
        for pass in 0..<passes { counts[pass * 256 + Int(truncatingIfNeeded: key &>> UInt64(pass * 8)) & 255] += 1 }
      }
    }
    for pass in 0..<passes {
      let shift = UInt64(pass * 8)
      var start = [Int](repeating: 0, count: 256)
      var sum = 0
      var single = false
      for byte in 0..<256 {
        let c = counts[pass * 256 + byte]
        if c == n { single = true }
        start[byte] = sum
        sum += c
      }
      if single { continue }
      keys.withUnsafeBufferPointer { k in
        order.withUnsafeBufferPointer { o in
          spareKeys.withUnsafeMutableBufferPointer { sk in
            spareOrder.withUnsafeMutableBufferPointer { so in
              start.withUnsafeMutableBufferPointer { start in
                for i in 0..<n {
                  let key = k[i]
                  let byte = Int(truncatingIfNeeded: key &>> shift) & 255
                  let to = start[byte]
                  start[byte] = to + 1
                  sk[to] = key
                  so[to] = o[i]
                }
              }
            }
          }
        }
      }
      swap(&keys, &spareKeys)
      swap(&order, &spareOrder)
    }
    return order
  }
}
