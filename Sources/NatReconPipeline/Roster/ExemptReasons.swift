import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// Every exempt resident's `exempt_reason` (SPEC §2.4): the status when it exempts, then
/// the reasons of the resident's active exemption-list rows, distinct, in file order,
/// joined with `;`.
///
/// Memory layout: one 8-byte entry (resident index in the high half, reason-set ID in the
/// low half) per *exempt* resident, sorted by resident, so eligible residents cost
/// nothing; each distinct reason text (`外出`, `外出;孕晚期`) is interned once in
/// `texts`. At city scale exempt residents are a few percent of the roster: under 1 byte
/// per resident on average, against 4 for a dense column of IDs.
///
/// - Lifecycle: `RosterBuilder` adds status-exempt residents in roster order
///   (`addStatus`); `ExemptionReader` then merges the list's residents in once
///   (`mergeListed`). Lookups (`reasonID`, `Cursor`) come after both.
struct ExemptReasons: Sendable {
  /// Distinct exempt_reason texts; IDs in first-seen order (exempt statuses first).
  private(set) var texts = ByteInterner()
  /// `resident << 32 | reason-set ID`, ascending by resident.
  private(set) var entries: ContiguousArray<UInt64> = []
  /// The reason-set ID of each exempt status of the pipeline, by status index.
  private var statusIDs: [UInt32] = []

  init(statuses: [[UInt8]] = []) {
    for status in statuses { statusIDs.append(status.withUnsafeBufferPointer { texts.intern($0) }) }
  }

  /// Exempt residents.
  var count: Int { entries.count }

  /// The index of `status` (trimmed) in the pipeline's `exempt_statuses`, or -1 when it
  /// does not exempt: lengths first, then the bytes (a roster row's status is rarely
  /// exempt, so most rows cost a few compares).
  @inline(__always)
  static func statusIndex(_ status: UnsafeBufferPointer<UInt8>, in statuses: [[UInt8]]) -> Int {
    for k in 0..<statuses.count where statuses[k].count == status.count {
      let isSame = statuses[k].withUnsafeBufferPointer { s in
        s.count == 0 || memcmp(s.baseAddress.unsafelyUnwrapped, status.baseAddress.unsafelyUnwrapped, s.count) == 0
      }
      if isSame { return k }
    }
    return -1
  }

  /// Records that resident `r` (appended in roster order) is exempt by status `status`
  /// (an index into the pipeline's `exempt_statuses`).
  mutating func addStatus(resident r: UInt32, status: Int) {
    precondition(entries.last.map { $0 >> 32 < UInt64(r) } ?? true, "residents are added in roster order")
    entries.append(UInt64(r) << 32 | UInt64(statusIDs[status]))
  }

  /// Merges the residents of the exemption list in: `listed` holds (resident, reason)
  /// for every active, used row in file order, the reason an ID into `reasons`. Each
  /// resident's reasons follow their status reason when they have one; a text already in
  /// the list is not repeated.
  ///
  /// - Complexity: O(e log e + x) for e listed rows and x exempt residents.
  mutating func mergeListed(_ listed: [(resident: UInt32, reason: UInt32)], reasons: ByteInterner) {
    guard !listed.isEmpty else { return }
    // Stable by resident: each resident's reasons stay in file order.
    let order = listed.indices.sorted { (listed[$0].resident, $0) < (listed[$1].resident, $1) }
    var merged: ContiguousArray<UInt64> = []
    merged.reserveCapacity(entries.count + listed.count)
    var e = 0
    var i = 0
    while i < order.count {
      let r = listed[order[i]].resident
      while e < entries.count && entries[e] >> 32 < UInt64(r) {
        merged.append(entries[e])
        e += 1
      }
      var parts: [String] = []
      if e < entries.count && entries[e] >> 32 == UInt64(r) {
        parts.append(texts.string(UInt32(truncatingIfNeeded: entries[e])))
        e += 1
      }
      while i < order.count && listed[order[i]].resident == r {
        let reason = reasons.string(listed[order[i]].reason)
        if !parts.contains(reason) { parts.append(reason) }
        i += 1
      }
      let joined = parts.joined(separator: ";")
      merged.append(UInt64(r) << 32 | UInt64(texts.intern(joined)))
    }
    merged.append(contentsOf: entries[e...])
    entries = merged
  }

  /// The reason-set ID of resident `r`, or nil when `r` is eligible.
  ///
  /// - Complexity: O(log x) for x exempt residents.
  func reasonID(of r: Int) -> UInt32? {
    var low = 0
    var high = entries.count
    while low < high {
      let mid = (low + high) / 2
      if entries[mid] >> 32 < UInt64(r) { low = mid + 1 } else { high = mid }
    }
    guard low < entries.count, entries[low] >> 32 == UInt64(r) else { return nil }
    return UInt32(truncatingIfNeeded: entries[low])
  }

  /// The exempt_reason of resident `r`; empty for an eligible resident.
  func reason(of r: Int) -> String { reasonID(of: r).map { texts.string($0) } ?? "" }

  /// Calls `body` with the bytes of a reason-set text.
  /// - Warning: the buffer is valid only inside the closure.
  func withText<R>(_ id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { texts.withBytes(id, body) }

  /// Walks the exempt residents in roster order alongside a pass over every resident.
  struct Cursor {
    private var next = 0

    /// The reason-set ID of resident `r`, or nil; `r` must not decrease between calls.
    ///
    /// - Complexity: amortised O(1).
    mutating func reasonID(of r: Int, in reasons: ExemptReasons) -> UInt32? {
      while next < reasons.entries.count && reasons.entries[next] >> 32 < UInt64(r) { next += 1 }
      guard next < reasons.entries.count, reasons.entries[next] >> 32 == UInt64(r) else { return nil }
      return UInt32(truncatingIfNeeded: reasons.entries[next])
    }
  }
}
