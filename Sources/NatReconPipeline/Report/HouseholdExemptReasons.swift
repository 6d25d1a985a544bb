import NatReconCore

/// The exempt residents' reasons by household, for the workbooks (户进度's 免检原因).
///
/// Memory: 8 bytes per exempt resident (household, reason-set ID of `ExemptReasons`);
/// exempt residents are a small share of a roster.
struct HouseholdExemptReasons {
  private var entries: [(household: UInt32, reason: UInt32)] = []

  /// Records that a resident of `household` is exempt with the reason set `reason`.
  mutating func add(household: UInt32, reason: UInt32) {
    entries.append((household, reason))
  }

  /// Appends another pass's entries after this one's (as if added here in turn).
  mutating func append(_ other: HouseholdExemptReasons) {
    entries += other.entries
  }

  /// Each household's distinct reasons in roster order, joined with `;`.
  func byHousehold(_ reasons: ExemptReasons) -> [UInt32: String] {
    var lists: [UInt32: [String]] = [:]
    for (household, id) in entries {
      let text = reasons.withText(id) { String(decoding: $0, as: UTF8.self) }
      for reason in text.split(separator: ";").map(String.init) where !reason.isEmpty {
        if !(lists[household]?.contains(reason) ?? false) { lists[household, default: []].append(reason) }
      }
    }
    return lists.mapValues { $0.joined(separator: ";") }
  }
}
