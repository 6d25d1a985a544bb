#if canImport(Glibc)
  import Glibc
#endif

/// The typed `malloc` storage the reader's batches (`RecordBatch`, `CSVRecordBlock`) keep
/// their bytes, bounds and marks in, grown by doubling: one place for the allocation, the
/// growth and the out-of-memory message.
enum MallocStorage {
  /// `count` uninitialised elements of `T`; `what` names the holder in the message.
  static func allocate<T>(_: T.Type, _ count: Int, for what: String) -> UnsafeMutablePointer<T> {
    guard let raw = malloc(count * MemoryLayout<T>.stride) else {
      fatalError("natrecon: out of memory allocating \(what)")
    }
    return raw.bindMemory(to: T.self, capacity: count)
  }

  /// Doubles `capacity` until it holds `needed` elements and moves `pointer`'s storage to
  /// that size (cold: called only when a batch outgrows its storage).
  @inline(never)
  static func grow<T>(
    _ pointer: UnsafeMutablePointer<T>, capacity: inout Int, toFit needed: Int, for what: String
  ) -> UnsafeMutablePointer<T> {
    while capacity < needed { capacity *= 2 }
    guard let raw = realloc(pointer, capacity * MemoryLayout<T>.stride) else {
      fatalError("natrecon: out of memory growing \(what)")
    }
    return raw.bindMemory(to: T.self, capacity: capacity)
  }
}
