/// Interns byte strings (building names, committees, other-document IDs) to dense `UInt32` IDs.
///
/// Layout: every distinct string's bytes sit once in one arena (`bytes` plus `offsets`),
/// looked up through an open-addressing table of IDs keyed by an FNV-1a hash with an
/// exact byte comparison, so two strings with the same hash never share an ID. IDs are
/// handed out in first-seen order (deterministic). Cost per distinct string: its bytes +
/// 4 (offset) + about 8 (table slot at load ≤ 0.5); repeated strings cost nothing.
public struct ByteInterner: Sendable {
  @usableFromInline var arena: ContiguousArray<UInt8> = []
  @usableFromInline var offsets: ContiguousArray<UInt32> = [0]
  @usableFromInline var hashes: ContiguousArray<UInt32> = []
  @usableFromInline var slots: ContiguousArray<UInt32>  // ID + 1; 0 = empty
  @usableFromInline var mask: Int

  public init() {
    slots = ContiguousArray(repeating: 0, count: 64)
    mask = 63
  }

  /// The number of distinct strings.
  public var count: Int { offsets.count - 1 }

  /// FNV-1a (32 bit) of the bytes.
  @inlinable @inline(__always)
  public static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var h: UInt32 = 0x811C_9DC5
    for byte in b {
      h ^= UInt32(byte)
      h = h &* 0x0100_0193
    }
    return h
  }

  /// The ID of `b`, inserting it when new.
  ///
  /// - Complexity: O(length) expected.
  public mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let h = Self.hash(b)
    var i = Int(h) & mask
    while true {
      let s = slots[i]
      if s == 0 { break }
      let id = Int(s - 1)
      if hashes[id] == h && equals(id, b) { return UInt32(id) }
      i = (i &+ 1) & mask
    }
    let id = UInt32(count)
    arena.append(contentsOf: b)
    offsets.append(UInt32(arena.count))
    hashes.append(h)
    slots[i] = id + 1
    if count * 2 > slots.count { grow() }
    return id
  }

  /// The ID of `b` if it was interned, else nil.
  public func find(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
    let h = Self.hash(b)
    var i = Int(h) & mask
    while true {
      let s = slots[i]
      if s == 0 { return nil }
      let id = Int(s - 1)
      if hashes[id] == h && equals(id, b) { return UInt32(id) }
      i = (i &+ 1) & mask
    }
  }

  /// Convenience for tests and cold paths.
  public mutating func intern(_ s: String) -> UInt32 {
    var copy = s
    return copy.withUTF8 { intern($0) }
  }

  /// The bytes of an interned string as a `String`.
  public func string(_ id: UInt32) -> String {
    let start = Int(offsets[Int(id)])
    let end = Int(offsets[Int(id) + 1])
    return arena.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
    }
  }

  /// Calls `body` with the bytes of an interned string.
  /// - Warning: the buffer is valid only inside the closure.
  public func withBytes<R>(_ id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = Int(offsets[Int(id)])
    let end = Int(offsets[Int(id) + 1])
    return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }

  /// Ranks of every ID in UTF-8 byte order (rank[id]), for sorting by integer compares.
  public func byteOrderRanks() -> [UInt32] {
    let ids = (0..<count).sorted { a, b in
      withBytes(UInt32(a)) { x in withBytes(UInt32(b)) { y in x.lexicographicallyPrecedes(y) } }
    }
    var rank = [UInt32](repeating: 0, count: count)
    for (r, id) in ids.enumerated() { rank[id] = UInt32(r) }
    return rank
  }

  @usableFromInline
  func equals(_ id: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = Int(offsets[id])
    let end = Int(offsets[id + 1])
    guard end - start == b.count else { return false }
    return arena.withUnsafeBufferPointer { a in
      var j = 0
      while j < b.count {
        if a[start + j] != b[j] { return false }
        j += 1
      }
      return true
    }
  }

  private mutating func grow() {
    let capacity = slots.count * 2
    slots = ContiguousArray(repeating: 0, count: capacity)
    mask = capacity - 1
    for id in 0..<count {
      var i = Int(hashes[id]) & mask
      while slots[i] != 0 { i = (i &+ 1) & mask }
      slots[i] = UInt32(id + 1)
    }
  }
}
