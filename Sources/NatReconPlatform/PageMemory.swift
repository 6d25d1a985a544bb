import Glibc

/// Zeroed memory for large tables read at random (the key table): the one place that
/// asks for transparent huge pages.
///
/// Below `hugePageBytes` the memory comes from `calloc`. From there on it is a private
/// anonymous mapping aligned to 2 MiB and advised `MADV_HUGEPAGE`, so that where the
/// kernel has transparent huge pages (`enabled` = `madvise` or `always`) a random read
/// costs one TLB entry per 2 MiB rather than per 4 KiB (a 400 MB table has 100,000 small
/// pages, and in a virtual machine every TLB miss walks two page tables). The advice is
/// only a hint: where it is refused the mapping keeps small pages and works the same.
/// Pages are zero when first touched, so nothing is written until the table is.
public enum PageMemory {
  /// The size of a transparent huge page on x86_64 and the threshold for a mapping.
  public static let hugePageBytes = 2 << 20

  /// `byteCount` zeroed bytes (at least one), aligned to 16; release with `free`.
  ///
  /// Stops the program when the memory is not there (as Swift's own allocations do).
  public static func allocateZeroed(byteCount: Int) -> UnsafeMutableRawPointer {
    precondition(byteCount >= 0, "negative allocation")
    if byteCount < hugePageBytes {
      guard let memory = calloc(max(1, byteCount), 1) else {
        fatalError("natrecon: out of memory (\(byteCount) bytes for a table)")
      }
      return memory
    }
    // Map one huge page more than needed and unmap the unaligned head and tail.
    let length = mappedLength(byteCount)
    let padded = length + hugePageBytes
    guard let mapping = mmap(nil, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      mapping != MAP_FAILED
    else { fatalError("natrecon: out of memory (\(byteCount) bytes for a table)") }
    let address = UInt(bitPattern: mapping)
    let aligned = (address + UInt(hugePageBytes) - 1) & ~(UInt(hugePageBytes) - 1)
    let head = Int(aligned - address)
    if head > 0 { munmap(mapping, head) }
    let tail = padded - head - length
    let start = mapping + head
    if tail > 0 { munmap(start + length, tail) }
    _ = madvise(start, length, MADV_HUGEPAGE)  // a hint: small pages work the same
    return start
  }

  /// Linux's `MADV_POPULATE_WRITE` (5.14 on): faults a range's pages in writable without
  /// reading or writing their bytes.
  static let populateWrite: Int32 = 23

  /// Faults in the pages of a mapping from `allocateZeroed(byteCount:)` (2 MiB or more)
  /// on a thread of its own, so that the thread filling the table does not stop at each
  /// first touch of a page alone; nil below a mapping, or when no thread starts. Join the
  /// thread before the memory is freed.
  ///
  /// A page's first touch is the kernel's (and in a virtual machine the host's) work: a
  /// key table's slots are written at random, so its first batch of inserts touches every
  /// page, and the inserting thread stopped there for all of them (0.7–0.9 s at 25 M
  /// residents, 400 MB on huge pages not yet backed by the host); faulted in by two
  /// threads at once, they take about half as long. Populating never changes a byte, so
  /// it may run while the table is written; where the kernel lacks the advice it does
  /// nothing and the pages fault in on first touch as before.
  ///
  /// It advises one huge page at a time (`populateStepBytes`): the advice holds the
  /// process's memory-map lock for its whole range, and every `mmap` and `munmap` of
  /// the other threads (a reader's next window, a large `malloc`) waits for it. Advised
  /// all at once, the 400 MB at 25 M residents stopped the roster's reader for the whole
  /// first second of the run (perf, session 11).
  public static func populateOnThread(_ memory: UnsafeMutableRawPointer, byteCount: Int) -> PosixThread? {
    guard byteCount >= hugePageBytes else { return nil }
    let length = mappedLength(byteCount)
    let address = UInt(bitPattern: memory)
    return PosixThread.start {
      guard let start = UnsafeMutableRawPointer(bitPattern: address) else { return }
      for offset in stride(from: 0, to: length, by: populateStepBytes) {
        // Where the kernel lacks the advice, the first call says so: stop there.
        guard madvise(start + offset, min(populateStepBytes, length - offset), populateWrite) == 0 else { return }
      }
    }
  }

  /// The range each `MADV_POPULATE_WRITE` call covers: one huge page (a few ms of
  /// faulting, the longest another thread's `mmap` waits).
  static let populateStepBytes = hugePageBytes

  /// Releases memory from `allocateZeroed(byteCount:)` with the same `byteCount`.
  public static func free(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
    if byteCount < hugePageBytes {
      Glibc.free(memory)
    } else {
      munmap(memory, mappedLength(byteCount))
    }
  }

  /// `byteCount` rounded up to whole huge pages.
  private static func mappedLength(_ byteCount: Int) -> Int {
    (byteCount + hugePageBytes - 1) / hugePageBytes * hugePageBytes
  }
}
