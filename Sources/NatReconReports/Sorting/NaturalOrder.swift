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
