/// The natural order committee workbooks sort by (SPEC §8: `2号` before `10号`).
///
/// Strings compare byte by byte in UTF-8 (so text compares by code point, as in the
/// machine files), except that a run of ASCII digits compares as one number against a
/// digit run at the same place: `2号` < `10号`, `1单元` < `12单元`, `A9` < `A10`. A digit
/// run facing a non-digit byte compares by its first digit, so every digit run sits
/// between `/` (0x2F) and `:` (0x3A), the same place a single digit has in byte order.
/// Strings that are equal as numbers but spelled differently (`02` and `2`) are then
/// ordered by their bytes, so the order is total and only equal strings tie.
///
/// Full-width digits (`１２`) and Chinese numerals (`十二`) are text: roster values are
/// compared as written.
public enum NaturalOrder {
  // MARK: - Strings

  /// Three-way natural comparison: negative when `a` sorts first, 0 when equal, positive
  /// when `b` sorts first.
  ///
  /// - Complexity: O(n) in the shorter string's UTF-8 length.
  public static func compare(_ a: String, _ b: String) -> Int {
    // Address parts repeat (one committee, a few compounds), often as the same interned
    // storage, which `==` recognises without reading the bytes.
    if a == b { return 0 }
    // Native strings are contiguous UTF-8, so the copying fallback is for bridged ones.
    let result = a.utf8.withContiguousStorageIfAvailable { aBytes in
      b.utf8.withContiguousStorageIfAvailable { bBytes in compareBytes(aBytes, bBytes) }
    }
    return result.flatMap { $0 } ?? compareBytes(Array(a.utf8), Array(b.utf8))
  }

  /// Whether `a` sorts strictly before `b` in natural order.
  public static func isLess(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

  // MARK: - Addresses

  /// Three-way natural comparison of two household addresses, part by part in SPEC §4
  /// order (district, street, committee, compound, building, unit, room).
  public static func compare(_ a: HouseholdAddress, _ b: HouseholdAddress) -> Int {
    var c = compare(a.district, b.district)
    if c != 0 { return c }
    c = compare(a.street, b.street)
    if c != 0 { return c }
    c = compare(a.committee, b.committee)
    if c != 0 { return c }
    c = compare(a.compound, b.compound)
    if c != 0 { return c }
    c = compare(a.building, b.building)
    if c != 0 { return c }
    c = compare(a.unit, b.unit)
    if c != 0 { return c }
    return compare(a.room, b.room)
  }

  /// Whether address `a` sorts strictly before `b` in natural order.
  public static func isLess(_ a: HouseholdAddress, _ b: HouseholdAddress) -> Bool {
    compare(a, b) < 0
  }

  // MARK: - Stable sort

  /// Returns `items` sorted by a three-way comparison; items that compare equal keep
  /// their given order (SPEC §8: ties fall back to roster order).
  ///
  /// Stability does not rely on the standard library's sort: ties are broken by the
  /// original index explicitly.
  ///
  /// - Complexity: O(n log n) comparisons.
  public static func stableSorted<Element>(
    _ items: [Element], by compare: (Element, Element) -> Int
  ) -> [Element] {
    var order = Array(items.indices)
    // Compare through a buffer so no element (a struct of several strings) is copied,
    // retained and released per comparison.
    items.withUnsafeBufferPointer { elements in
      order.sort { i, j in
        let c = compare(elements[i], elements[j])
        return c != 0 ? c < 0 : i < j
      }
    }
    return order.map { items[$0] }
  }

  /// `stableSorted(items) { compare(address($0), address($1)) }`, by ranks: each of the
  /// seven address parts' distinct values is sorted once, and the rows then compare by
  /// their seven ranks, integers, instead of by their strings (a committee's 4,000
  /// households have a few compounds, dozens of buildings and a few hundred rooms). The
  /// same order as the comparison sort, which stays the reference (`NaturalOrderTests`):
  /// natural order is total and only equal strings tie, so equal ranks mean equal parts,
  /// and ties keep their given order as there.
  ///
  /// - Complexity: O(n log n) integer comparisons, plus a hash per part of each row
  ///   (one per run of equal values: lists come grouped by address).
  public static func stableSorted<Element>(
    _ items: [Element], byAddress address: (Element) -> HouseholdAddress
  ) -> [Element] {
    let count = items.count
    guard count > 1 else { return items }
    let width = AddressRanks.parts
    var ranks = AddressRanks()
    var keys = [UInt32](repeating: 0, count: count * width)
    for (row, item) in items.enumerated() {
      let a = address(item)
      let first = row * width
      keys[first] = ranks.slot(a.district, part: 0)
      keys[first + 1] = ranks.slot(a.street, part: 1)
      keys[first + 2] = ranks.slot(a.committee, part: 2)
      keys[first + 3] = ranks.slot(a.compound, part: 3)
      keys[first + 4] = ranks.slot(a.building, part: 4)
      keys[first + 5] = ranks.slot(a.unit, part: 5)
      keys[first + 6] = ranks.slot(a.room, part: 6)
    }
    let rankOfSlot = ranks.naturalRanks()
    for index in keys.indices { keys[index] = rankOfSlot[index % width][Int(keys[index])] }
    var order = Array(items.indices)
    keys.withUnsafeBufferPointer { key in
      order.sort { i, j in
        var a = i * width
        var b = j * width
        for _ in 0..<width {
          if key[a] != key[b] { return key[a] < key[b] }
          a += 1
          b += 1
        }
        return i < j
      }
    }
    return order.map { items[$0] }
  }

  /// The distinct values of each address part in first-seen order (their slots), and
  /// then each slot's rank in natural order.
  private struct AddressRanks {
    static let parts = 7
    private var slots = [[String: UInt32]](repeating: [:], count: parts)
    private var values = [[String]](repeating: [], count: parts)
    /// The last value seen per part and its slot: rows come grouped, so most parts
    /// repeat the row before (often the same interned storage, which `==` sees at once).
    private var last = [(value: String, slot: UInt32)?](repeating: nil, count: parts)

    mutating func slot(_ value: String, part: Int) -> UInt32 {
      if let previous = last[part], previous.value == value { return previous.slot }
      let slot: UInt32
      if let known = slots[part][value] {
        slot = known
      } else {
        slot = UInt32(values[part].count)
        slots[part][value] = slot
        values[part].append(value)
      }
      last[part] = (value, slot)
      return slot
    }

    /// For each part, the natural-order rank of each slot.
    func naturalRanks() -> [[UInt32]] {
      values.map { distinct in
        var rank = [UInt32](repeating: 0, count: distinct.count)
        let sorted = distinct.indices.sorted { NaturalOrder.compare(distinct[$0], distinct[$1]) < 0 }
        for (position, slot) in sorted.enumerated() { rank[slot] = UInt32(position) }
        return rank
      }
    }
  }

  // MARK: - Byte walk

  private static func compareBytes<
    A: RandomAccessCollection<UInt8>, B: RandomAccessCollection<UInt8>
  >(
    _ a: A, _ b: B
  ) -> Int where A.Index == Int, B.Index == Int {
    var i = a.startIndex
    var j = b.startIndex
    while i < a.endIndex && j < b.endIndex {
      let x = a[i]
      let y = b[j]
      if isDigit(x) && isDigit(y) {
        // Skip leading zeros; the longer significant run is the larger number, equal
        // lengths compare digit by digit.
        var iStart = i
        while iStart < a.endIndex && a[iStart] == UInt8(ascii: "0") { iStart += 1 }
        var jStart = j
        while jStart < b.endIndex && b[jStart] == UInt8(ascii: "0") { jStart += 1 }
        var iEnd = iStart
        while iEnd < a.endIndex && isDigit(a[iEnd]) { iEnd += 1 }
        var jEnd = jStart
        while jEnd < b.endIndex && isDigit(b[jEnd]) { jEnd += 1 }
        let aLength = iEnd - iStart
        let bLength = jEnd - jStart
        if aLength != bLength { return aLength < bLength ? -1 : 1 }
        var k = 0
        while k < aLength {
          let p = a[iStart + k]
          let q = b[jStart + k]
          if p != q { return p < q ? -1 : 1 }
          k += 1
        }
        i = iEnd
        j = jEnd
        continue
      }
      if x != y { return x < y ? -1 : 1 }
      i += 1
      j += 1
    }
    let aLeft = a.endIndex - i
    let bLeft = b.endIndex - j
    if aLeft != bLeft { return aLeft < bLeft ? -1 : 1 }
    // Equal as numbers and text (`02` vs `2`): fall back to plain byte order.
    return plainCompare(a, b)
  }

  private static func plainCompare<
    A: RandomAccessCollection<UInt8>, B: RandomAccessCollection<UInt8>
  >(
    _ a: A, _ b: B
  ) -> Int where A.Index == Int, B.Index == Int {
    var i = a.startIndex
    var j = b.startIndex
    while i < a.endIndex && j < b.endIndex {
      if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
      i += 1
      j += 1
    }
    let aLeft = a.endIndex - i
    let bLeft = b.endIndex - j
    return aLeft == bLeft ? 0 : (aLeft < bLeft ? -1 : 1)
  }

  @inline(__always)
  private static func isDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
  }
}
