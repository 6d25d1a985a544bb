import CGuardedMapping
import Glibc

/// A regular file read front to back through read-only mappings of its page-cache pages,
/// one window of `windowBytes` at a time: the bytes are read where the kernel keeps them,
/// without read(2)'s copy into a buffer of ours.
///
/// The copy is the kernel's largest share of a run at city scale: the inputs are read
/// twice (the parsing passes and the digest thread) and the roster a third time (the
/// residents pass), 24 GB at 25 M residents. SHA-256 of a 3.4 GB roster in the page
/// cache took 0.27–0.41 s of system time through 128 KiB reads against 0.06–0.10 s
/// through 4 MiB windows (a C loop, `BENCHMARKS.md` session 11). In a whole 25 M run
/// the system time falls by about 3.2 s and the user time rises by about 2.3 s: the
/// threads reading the windows take the cache and TLB misses the kernel's copy took.
///
/// Only one window is mapped at a time: mapped pages count in the process's resident
/// set, so the peak RSS grows by one window per file being read, not by the file.
///
/// A truncation while the file is mapped cannot crash the process: the windows come from
/// `natrecon_guarded_map`, whose SIGBUS handler turns the pages past the new end into
/// zeros and marks the window cut (`wasCut`). The caller's change check at the end
/// (`InputChangeCheck`: size, ctime) then fails the run.
public final class FileWindows {
  /// A window: 4 MiB (measured against 1 MiB, whose extra `munmap` calls cost twice the
  /// system time, and the whole file, which would add the file to the resident set).
  public static let defaultWindowBytes = 4 << 20

  /// A window could not be mapped (`code` is the `errno`).
  public struct MappingFailed: Error {
    public let code: Int32
  }

  /// The file's size when the windows were set up: the bytes `next` hands out in all.
  public let size: Int
  /// Whether a window was found cut short by a truncation (its bytes from there on read
  /// as zeros).
  public private(set) var wasCut = false
  /// Bytes handed out so far.
  public private(set) var position = 0

  private let fd: Int32
  private let windowBytes: Int
  private var window: UnsafePointer<UInt8>?
  private var windowStart = 0
  private var windowLength = 0
  /// The guard's slot this file's windows are mapped through, one after the other: held
  /// from the first window to the last, so a later window never waits for a free slot.
  private let slot: Int32

  /// Windows over the first `size` bytes of the open regular file `fd` (not closed here),
  /// or nil when the first window cannot be mapped or all of the guard's slots
  /// (`NATRECON_GUARDED_MAPPING_SLOTS`, 64 files at once) are taken: the caller then
  /// reads with read(2).
  ///
  /// - Parameter windowBytes: a multiple of the page size.
  public init?(fd: Int32, size: Int, windowBytes: Int = FileWindows.defaultWindowBytes) {
    precondition(windowBytes > 0 && windowBytes % Int(sysconf(Int32(_SC_PAGESIZE))) == 0, "window not whole pages")
    guard size > 0 else { return nil }
    let slot = natrecon_guard_acquire()
    guard slot >= 0 else { return nil }
    // The first window is mapped before the instance is whole, so that a failure here
    // runs no `deinit`.
    let length = min(windowBytes, size)
    guard let base = natrecon_guarded_map(slot, fd, length, 0) else {
      natrecon_guard_release(slot)
      return nil
    }
    self.fd = fd
    self.size = size
    self.windowBytes = windowBytes
    self.slot = slot
    window = base
    windowLength = length
  }

  deinit {
    unmap()
    natrecon_guard_release(slot)
  }

  /// The next bytes, at most `maxBytes` and never across a window's end; empty at the end
  /// of the file. Valid until the next call.
  ///
  /// - Throws: `MappingFailed` when the next window cannot be mapped.
  public func next(maxBytes: Int) throws(MappingFailed) -> UnsafeBufferPointer<UInt8> {
    guard position < size else {
      unmap()
      return UnsafeBufferPointer(start: nil, count: 0)
    }
    if position == windowStart + windowLength { try map(at: position) }
    let offset = position - windowStart
    let count = min(maxBytes, windowLength - offset)
    position += count
    return UnsafeBufferPointer(start: window.unsafelyUnwrapped + offset, count: count)
  }

  private func map(at start: Int) throws(MappingFailed) {
    unmap()
    let length = min(windowBytes, size - start)
    guard let base = natrecon_guarded_map(slot, fd, length, Int64(start)) else {
      throw MappingFailed(code: errno)
    }
    window = base
    windowStart = start
    windowLength = length
  }

  private func unmap() {
    guard let window else { return }
    if natrecon_guarded_was_cut(slot) != 0 { wasCut = true }
    natrecon_guarded_unmap(slot, window, windowLength)
    self.window = nil
  }
}
