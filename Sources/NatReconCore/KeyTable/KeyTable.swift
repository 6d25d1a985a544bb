/// An open-addressing hash table from a non-zero 64-bit ID key to a 32-bit row index.
///
/// Layout: two parallel `ContiguousArray`s, `keys: UInt64` and `values: UInt32`, so a slot
/// costs 12 bytes. Linear probing, maximum load 0.75 — past that, probe sequences for
/// misses grow quickly; below it the table wastes memory. The capacity is exactly
/// `expectedCount / 0.75` slots, not the next power of two: a hash is mapped onto the
/// slots by a multiply-high (Lemire's range reduction) instead of a mask, so a roster of
/// 25M residents takes 33.4M slots (400 MB) rather than 2^26 (805 MB). Key 0 marks an
/// empty slot, which is why ID keys are never 0.
///
/// Lifecycle: `insert` while building (the table doubles when it passes the load
/// factor), then `find` per probe; nothing rehashes while probing because probing never
/// inserts.
public struct KeyTable: Sendable {
  @usableFromInline var keys: ContiguousArray<UInt64>
  @usableFromInline var values: ContiguousArray<UInt32>
  public internal(set) var count: Int

  /// Maximum load before the table doubles (see the type comment).
  @usableFromInline static let maxLoad = 0.75
  static let minimumCapacity = 16

  /// Creates a table presized for `expectedCount` keys.
  public init(expectedCount: Int = 0) {
    let capacity = max(Self.minimumCapacity, Int((Double(expectedCount) / Self.maxLoad).rounded(.up)))
    keys = ContiguousArray(repeating: 0, count: capacity)
    values = ContiguousArray(repeating: 0, count: capacity)
    count = 0
  }

  /// The number of slots.
  public var capacity: Int { keys.count }

  /// The home slot of `key` among `capacity` slots: a multiply-xorshift mixer (a fixed
  /// seed, so the layout is the same every run), then the high word of hash × capacity.
  @inlinable @inline(__always)
  static func slot(of key: UInt64, capacity: Int) -> Int {
    var h = key &* 0x9E37_79B9_7F4A_7C15
    h ^= h &>> 29
    h = h &* 0xBF58_476D_1CE4_E5B9
    h ^= h &>> 32
    return Int(truncatingIfNeeded: h.multipliedFullWidth(by: UInt64(capacity)).high)
  }

  /// The value stored for `key`, or nil.
  ///
  /// - Complexity: O(1) expected.
  @inlinable
  public func find(_ key: UInt64) -> UInt32? {
    precondition(key != 0, "KeyTable keys are never 0")
    return keys.withUnsafeBufferPointer { k in
      let capacity = k.count
      var i = Self.slot(of: key, capacity: capacity)
      while true {
        let stored = k[i]
        if stored == key { return values[i] }
        if stored == 0 { return nil }
        i &+= 1
        if i == capacity { i = 0 }
      }
    }
  }

  /// Loads the home slot of every key in `keys`, so that a batch's cache misses overlap
  /// instead of being paid one at a time by the `insertIfAbsent` or `find` that follows
  /// (at city scale the table is 400 MB and every probe misses). Only a hint: the result
  /// exists so that the loads are not optimised away.
  ///
  /// - Complexity: O(`keys.count`).
  @inline(never) @discardableResult
  public func touch(_ keys: UnsafeBufferPointer<UInt64>) -> UInt64 {
    self.keys.withUnsafeBufferPointer { k in
      values.withUnsafeBufferPointer { v in
        var sink: UInt64 = 0
        for key in keys where key != 0 {
          let i = Self.slot(of: key, capacity: k.count)
          sink &+= k[i] &+ UInt64(v[i])
        }
        return sink
      }
    }
  }

  /// Inserts `key → value` unless the key is present; returns the value already stored.
  ///
  /// - Returns: nil when inserted, else the existing value (the key is left unchanged).
  /// - Complexity: O(1) amortised.
  @discardableResult
  public mutating func insertIfAbsent(_ key: UInt64, value: UInt32) -> UInt32? {
    precondition(key != 0, "KeyTable keys are never 0")
    if Double(count + 1) > Double(keys.count) * Self.maxLoad { grow() }
    let capacity = keys.count
    var i = Self.slot(of: key, capacity: capacity)
    while true {
      let stored = keys[i]
      if stored == key { return values[i] }
      if stored == 0 {
        keys[i] = key
        values[i] = value
        count += 1
        return nil
      }
      i &+= 1
      if i == capacity { i = 0 }
    }
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    let capacity = oldKeys.count * 2
    keys = ContiguousArray(repeating: 0, count: capacity)
    values = ContiguousArray(repeating: 0, count: capacity)
    for j in oldKeys.indices where oldKeys[j] != 0 {
      var i = Self.slot(of: oldKeys[j], capacity: capacity)
      while keys[i] != 0 {
        i &+= 1
        if i == capacity { i = 0 }
      }
      keys[i] = oldKeys[j]
      values[i] = oldValues[j]
    }
    checkInvariants()
  }
}
