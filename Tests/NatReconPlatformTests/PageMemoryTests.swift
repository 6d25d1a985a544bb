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
}
