import NatReconPlatform
import Testing

/// `PageMemory`: zeroed, writable memory on both sides of the huge-page threshold, the
/// large side aligned to a huge page (so the kernel can back it with them), and released.
@Suite struct PageMemoryTests {
  @Test(arguments: [
    0, 1, 12 * 16, PageMemory.hugePageBytes - 1, PageMemory.hugePageBytes, 3 * PageMemory.hugePageBytes + 12,
  ])
  func zeroedWritableAndReleased(byteCount: Int) {
    let memory = PageMemory.allocateZeroed(byteCount: byteCount)
    defer { PageMemory.free(memory, byteCount: byteCount) }
    #expect(UInt(bitPattern: memory) % 16 == 0)
    if byteCount >= PageMemory.hugePageBytes {
      #expect(UInt(bitPattern: memory) % UInt(PageMemory.hugePageBytes) == 0)
    }
    let bytes = memory.bindMemory(to: UInt8.self, capacity: max(1, byteCount))
    // Every byte reads 0; then every byte keeps what is written (first, middle, last page).
    var nonZero = 0
    for i in 0..<byteCount where bytes[i] != 0 { nonZero += 1 }
    #expect(nonZero == 0)
    for i in stride(from: 0, to: byteCount, by: 4093) { bytes[i] = UInt8(truncatingIfNeeded: i | 1) }
    if byteCount > 0 { bytes[byteCount - 1] = 0xA5 }
    var wrong = 0
    for i in stride(from: 0, to: byteCount - 1, by: 4093) where bytes[i] != UInt8(truncatingIfNeeded: i | 1) {
      wrong += 1
    }
    #expect(wrong == 0)
    if byteCount > 0 { #expect(bytes[byteCount - 1] == 0xA5) }
  }

  /// Populating on a thread of its own while this thread writes changes no byte: the
  /// written pattern and the untouched zeros read back after the join; no thread below a
  /// mapping.
  @Test func populatingBesideWritesChangesNothing() {
    let small = PageMemory.allocateZeroed(byteCount: 64)
    #expect(PageMemory.populateOnThread(small, byteCount: 64) == nil)
    PageMemory.free(small, byteCount: 64)
    let byteCount = 8 * PageMemory.hugePageBytes + 12
    let memory = PageMemory.allocateZeroed(byteCount: byteCount)
    defer { PageMemory.free(memory, byteCount: byteCount) }
    let populating = PageMemory.populateOnThread(memory, byteCount: byteCount)
    #expect(populating != nil)
    let bytes = memory.bindMemory(to: UInt8.self, capacity: byteCount)
    // Every other page written from the end (the populating thread starts at the front).
    let page = 4096
    for p in stride(from: byteCount / page - 1, through: 0, by: -2) {
      bytes[p * page + 7] = UInt8(truncatingIfNeeded: p | 1)
    }
    populating?.join()
    var wrong = 0
    for p in 0..<byteCount / page {
      let expected: UInt8 = (byteCount / page - 1 - p) % 2 == 0 ? UInt8(truncatingIfNeeded: p | 1) : 0
      if bytes[p * page + 7] != expected || bytes[p * page] != 0 { wrong += 1 }
    }
    #expect(wrong == 0)
  }
}
