import NatReconPlatform

/// An open-addressing hash table from a non-zero 64-bit ID key to a 32-bit row index.
///
/// Layout: one allocation of packed 12-byte slots, three 32-bit words each (the key's
/// low and high halves, then the value), so a probe reads one cache line for the key and
/// its value together (a slot straddles two lines one time in eight). The allocation is a
/// `SlotStorage` from `PageMemory`: past 2 MiB on huge pages where the kernel gives them,
/// so a random probe needs one TLB entry per 2 MiB rather than per 4 KiB. The table was two
/// parallel arrays (keys, values) of the same 12 bytes a slot, which cost every probe
/// two cache misses; 16-byte aligned slots would cost a third more memory (134 MB at
/// 25M residents). Linear probing, maximum load 0.75 — past that, probe sequences for
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
  /// The slots, `slotBytes` each: key low half, key high half, value (32 bits each).
  @usableFromInline var storage: SlotStorage
  /// The number of slots.
  public var capacity: Int { storage.capacity }
  public internal(set) var count: Int
  /// The most keys the table holds before it doubles (`capacity × maxLoad`, rounded down).
  @usableFromInline var maxCount: Int

  /// Maximum load before the table doubles (see the type comment).
  @usableFromInline static let maxLoad = 0.75
  static let minimumCapacity = 16
  @usableFromInline static let slotBytes = 12

  /// Creates a table presized for `expectedCount` keys.
  public init(expectedCount: Int = 0) {
    self.init(capacity: max(Self.minimumCapacity, Int((Double(expectedCount) / Self.maxLoad).rounded(.up))))
  }

  private init(capacity: Int) {
    storage = SlotStorage(capacity: capacity)
    maxCount = Int((Double(capacity) * Self.maxLoad).rounded(.down))
    count = 0
  }

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

  /// The key in slot `i` of the slot storage at `base` (0 when empty).
  @inlinable @inline(__always)
  static func key(_ base: UnsafeRawPointer, _ i: Int) -> UInt64 {
    base.loadUnaligned(fromByteOffset: i &* slotBytes, as: UInt64.self)
  }

  /// The value in slot `i` of the slot storage at `base`.
  @inlinable @inline(__always)
  static func value(_ base: UnsafeRawPointer, _ i: Int) -> UInt32 {
    base.load(fromByteOffset: i &* slotBytes &+ 8, as: UInt32.self)
  }

  /// Stores `key → value` in slot `i` of the slot storage at `base`.
  @inlinable @inline(__always)
  static func store(_ base: UnsafeMutableRawPointer, _ i: Int, key: UInt64, value: UInt32) {
    base.storeBytes(of: UInt32(truncatingIfNeeded: key), toByteOffset: i &* slotBytes, as: UInt32.self)
    base.storeBytes(of: UInt32(truncatingIfNeeded: key &>> 32), toByteOffset: i &* slotBytes &+ 4, as: UInt32.self)
    base.storeBytes(of: value, toByteOffset: i &* slotBytes &+ 8, as: UInt32.self)
  }

  /// The value stored for `key`, or nil.
  ///
  /// - Complexity: O(1) expected.
  @inlinable
  public func find(_ key: UInt64) -> UInt32? {
    precondition(key != 0, "KeyTable keys are never 0")
    let capacity = storage.capacity
    let base = UnsafeRawPointer(storage.base)
    var i = Self.slot(of: key, capacity: capacity)
    while true {
      let stored = Self.key(base, i)
      if stored == key { return Self.value(base, i) }
      if stored == 0 { return nil }
      i &+= 1
      if i == capacity { i = 0 }
    }
  }

  /// Loads the home slot of every key in `keys`, so that a batch's cache misses overlap
  /// instead of being paid one at a time by the `insertIfAbsent` or `find` that follows
  /// (at city scale the table is 400 MB and every probe misses). Only a hint: the result
  /// (the sum of the loaded slots' keys) exists so that the loads are not optimised away.
  /// Keys 0 are skipped.
  ///
  /// - Complexity: O(`keys.count`).
  @inline(never) @discardableResult
  public func touch(_ keys: UnsafeBufferPointer<UInt64>) -> UInt64 {
    let capacity = storage.capacity
    let base = UnsafeRawPointer(storage.base)
    var sink: UInt64 = 0
    for key in keys where key != 0 {
      sink &+= Self.key(base, Self.slot(of: key, capacity: capacity))
    }
    return withExtendedLifetime(storage) { sink }
  }

  /// Inserts `key → value` unless the key is present; returns the value already stored.
  ///
  /// - Returns: nil when inserted, else the existing value (the key is left unchanged).
  /// - Complexity: O(1) amortised.
  @discardableResult
  public mutating func insertIfAbsent(_ key: UInt64, value: UInt32) -> UInt32? {
    precondition(key != 0, "KeyTable keys are never 0")
    if count >= maxCount { grow() }
    makeUnique()
    let capacity = storage.capacity
    let base = storage.base
    var i = Self.slot(of: key, capacity: capacity)
    while true {
      let stored = Self.key(base, i)
      if stored == key { return Self.value(base, i) }
      if stored == 0 {
        Self.store(base, i, key: key, value: value)
        count += 1
        return nil
      }
      i &+= 1
      if i == capacity { i = 0 }
    }
  }

  /// Copies the slots before a write when another copy of the table shares them.
  mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
  }

  private mutating func grow() {
    let old = storage
    var grown = KeyTable(capacity: old.capacity * 2)
    grown.count = count
    let newStorage = grown.storage
    withExtendedLifetime((old, newStorage)) {
      let newCapacity = newStorage.capacity
      let from = UnsafeRawPointer(old.base)
      let to = newStorage.base
      for j in 0..<old.capacity {
        let key = Self.key(from, j)
        if key == 0 { continue }
        var i = Self.slot(of: key, capacity: newCapacity)
        while Self.key(to, i) != 0 {
          i &+= 1
          if i == newCapacity { i = 0 }
        }
        Self.store(to, i, key: key, value: Self.value(from, j))
      }
    }
    self = grown
    checkInvariants()
  }
}

/// The key table's slots: zeroed memory of `capacity × KeyTable.slotBytes` bytes from
/// `PageMemory` (huge pages where the kernel gives them), shared by copies of the table
/// and copied on the first write to a shared one (`KeyTable.makeUnique`).
@usableFromInline
final class SlotStorage: @unchecked Sendable {
  // Sendable: written only through a uniquely referenced table; shared copies only read.
  @usableFromInline let base: UnsafeMutableRawPointer
  @usableFromInline let capacity: Int
  /// The thread faulting the slots' pages in while the table is filled
  /// (`PageMemory.populateOnThread`), joined before they are freed.
  private let populating: PosixThread?

  init(capacity: Int) {
    self.capacity = capacity
    base = PageMemory.allocateZeroed(byteCount: capacity * KeyTable.slotBytes)
    populating = PageMemory.populateOnThread(base, byteCount: capacity * KeyTable.slotBytes)
  }

  /// A copy of the slots.
  func copy() -> SlotStorage {
    let copy = SlotStorage(capacity: capacity)
    copy.base.copyMemory(from: base, byteCount: capacity * KeyTable.slotBytes)
    return copy
  }

  deinit {
    populating?.join()
    PageMemory.free(base, byteCount: capacity * KeyTable.slotBytes)
  }
}
