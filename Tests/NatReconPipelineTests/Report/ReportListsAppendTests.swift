import NatReconGenerator
import Testing

@testable import NatReconPipeline

/// `ReportLists.append` (the residents pass on two threads: the helper's stretch of rows
/// appended after the caller's) against one `ReportLists` collecting every entry in turn.
@Suite struct ReportListsAppendTests {
  /// Adds resident `r`'s entries as the residents pass does: a text entry, a gap and
  /// (every third) an expiring entry, a needed text (every fifth), a household reason
  /// (every fourth, two to a household of 8 residents).
  static func add(_ r: Int, to lists: inout ReportLists) {
    let id = Array("ID\(r)".utf8)
    let name = Array(String(repeating: "名", count: r % 4 + 1).utf8)
    let phone = Array("139\(r)".utf8)
    let tags = Array((r % 2 == 0 ? "" : "a;b,c").utf8)
    let text = id.withUnsafeBufferPointer { i in
      name.withUnsafeBufferPointer { n in
        phone.withUnsafeBufferPointer { p in
          tags.withUnsafeBufferPointer { t in lists.store.append(id: i, name: n, phone: p, tags: t) }
        }
      }
    }
    let h = UInt32(r / 3)
    lists.gaps.append(GapEntry(resident: UInt32(r), household: h, lastSampleTime: Int64(r), text: text))
    if r % 3 == 0 {
      lists.expiring.append(
        ExpiringEntry(
          resident: UInt32(r), household: h, lastNegativeTime: Int64(r), expiresAt: Int64(1000 - r), text: text))
    }
    if r % 5 == 0 { lists.texts[r] = RosterText(idNumber: "ID\(r)", name: "n\(r)", phone: "", tags: ["t"]) }
    if r % 4 == 0 { lists.householdReasons.add(household: UInt32(r / 8), reason: UInt32(r % 3)) }
  }

  /// Every entry's fields: resident, household, times and the four texts it points at.
  static func rows(_ lists: ReportLists) -> [String] {
    func texts(_ offset: Int) -> String {
      lists.store.withFields(at: offset) { id, name, phone, tags in
        [id, name, phone, tags].map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|")
      }
    }
    return lists.gaps.map { "gap \($0.resident) \($0.household) \($0.lastSampleTime) \(texts($0.text))" }
      + lists.expiring.map {
        "expiring \($0.resident) \($0.household) \($0.lastNegativeTime) \($0.expiresAt) \(texts($0.text))"
      }
  }

  @Test(arguments: [0, 1, 7, 40])
  func appendedListsEqualOneThreadsLists(split: Int) {
    var reference = ReportLists()
    for r in 0..<40 { Self.add(r, to: &reference) }
    var first = ReportLists()
    var later = ReportLists()
    for r in 0..<split { Self.add(r, to: &first) }
    for r in split..<40 { Self.add(r, to: &later) }
    first.append(later)
    #expect(Self.rows(first) == Self.rows(reference))
    #expect(first.texts.mapValues(\.name) == reference.texts.mapValues(\.name))
    // Reason sets 0, 1, 2; households keep their distinct reasons in first-seen order.
    let reasons = ExemptReasons(statuses: ["外出", "孕晚期;外出", "住院"].map { Array($0.utf8) })
    let byHousehold = reference.householdReasons.byHousehold(reasons)
    #expect(first.householdReasons.byHousehold(reasons) == byHousehold)
    #expect(byHousehold.count == 5)
    #expect(byHousehold[0] == "外出;孕晚期")
  }
}

/// `ReportLists.sort` (gaps by household key order then roster order; expiring by expiry,
/// household, roster order) against comparator sorts that look the positions up in every
/// comparison, with households, expiries and arrival order shuffled.
@Suite struct ReportListsSortTests {
  @Test(arguments: [0, 1, 3000])
  func sortMatchesTheReference(count: Int) {
    var random = SplitMix64(seed: UInt64(count) + 31)
    let households = max(1, count / 3)
    // A household key order: the households shuffled.
    var order = (0..<UInt32(households)).map { $0 }
    order.shuffle(using: &random)
    var lists = ReportLists()
    for r in (0..<UInt32(count)).shuffled(using: &random) {
      let h = UInt32(random.next() % UInt64(households))
      lists.gaps.append(GapEntry(resident: r, household: h, lastSampleTime: Int64(r), text: Int(r)))
      if r % 3 == 0 {
        lists.expiring.append(
          ExpiringEntry(
            resident: r, household: h, lastNegativeTime: 0, expiresAt: Int64(random.next() % 5), text: Int(r)))
      }
    }
    var position = [UInt32](repeating: 0, count: households)
    for (i, h) in order.enumerated() { position[Int(h)] = UInt32(i) }
    let gaps = lists.gaps.sorted {
      (position[Int($0.household)], $0.resident) < (position[Int($1.household)], $1.resident)
    }
    let expiring = lists.expiring.sorted {
      ($0.expiresAt, position[Int($0.household)], $0.resident)
        < ($1.expiresAt, position[Int($1.household)], $1.resident)
    }
    lists.sort(householdOrder: order, householdCount: households)
    #expect(lists.gaps.map { [$0.resident, $0.household] } == gaps.map { [$0.resident, $0.household] })
    #expect(
      lists.expiring.map { [Int64($0.resident), Int64($0.household), $0.expiresAt] }
        == expiring.map { [Int64($0.resident), Int64($0.household), $0.expiresAt] })
    if count == 3000 { #expect(gaps.map(\.resident) != (0..<UInt32(count)).map { $0 }) }
  }
}
