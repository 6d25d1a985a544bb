import NatReconCore
import NatReconPlatform

/// Writes a file's full buffers to its descriptor and feeds them to its digest, on
/// threads of their own, while the writer formats the next buffer (`CSVTableWriter`).
///
/// On this kind of machine write(2) into the page cache costs about 1.7 ns of kernel
/// time per byte and SHA-256 about 0.55 ns, so for residents.csv (≈ 190 bytes a row) the
/// two together cost as much as formatting the row: done here they overlap it, and the
/// output's digest no longer needs a read of the whole file after the reports.
///
/// Two threads: one writes the chunks, the other hashes them, each in file order and
/// each as far ahead as the chunks handed over allow, so a chunk's write and the next
/// chunk's hashing overlap. A direct write waits for the disk (at 25 M residents the one
/// thread that did both spent a fifth of the residents pass waiting, ≈ 1 ms a MiB, while
/// its hashing waited too, and the formatters for it); the hashing now goes on meanwhile.
/// A chunk is `completed` once both threads are done with it. Without a digest, or when
/// the second thread cannot be started, the writing thread hashes too.
///
/// Chunks queue up in order: `submit` does not wait, and the caller reuses a chunk's
/// memory once `completed` counts it (`waitForCompleted`). `CSVTableWriter` keeps up to
/// `CSVTableWriter.maxBuffers` buffers, so a direct write that blocks on the disk, or a
/// drain thread that is not on a core, does not stop the formatting at once (with one
/// chunk in flight the formatter waited on every such stall). The thread starts with the
/// first `submit`, so a small file that is written once, at `finish`, starts none. With
/// `onThread` false (the reference path), or when no thread can be started, `submit`
/// writes and hashes in the caller.
///
/// Direct writes: with `directAfter` set, every chunk but the last is a multiple of
/// `FileDescriptor.directAlignment` long and starts on such an address, and once that many
/// bytes are written the descriptor is switched to `O_DIRECT` (`FileDescriptor.setDirect`):
/// the rest goes from the chunk to the disk without the kernel's copy into the page cache.
/// On this kind of machine that copy costs little while the page cache has room (0.17 ns
/// of kernel time per byte for 240 MB), but about 1.6 ns once it is full and every new
/// page must first be reclaimed, as at 25 M residents (10.5 GB of inputs cached, 6 GB of
/// reports); direct, 0.13 ns. The first chunk that is not whole pages (the file's tail)
/// turns direct writes off for the rest of the file, and so does a file system that
/// refuses them (`setDirect` fails, or `FileDescriptor.writeAll`'s `directFallback`): the
/// bytes are the same either way.
///
/// Lifecycle: `submit` for every chunk in file order, then `finish()` once.
final class ChunkDrain: @unchecked Sendable {
  private let fd: Int32
  private let digest: ByteDigest?
  private let onThread: Bool
  /// Bytes after which writes go around the page cache (nil: never); set to nil when
  /// that ends (only the writing thread, or the caller without one, changes it).
  private var directAfter: Int?
  /// Whether writes go around the page cache now.
  private var isDirect = false
  /// Bytes written so far, and of them with `O_DIRECT` (for tests).
  private var written = 0
  private(set) var directBytes = 0
  private let lock = PosixLock()
  /// The thread that writes (and hashes, when `hasher` is nil).
  private var writer: PosixThread?
  /// The thread that hashes, beside `writer`.
  private var hasher: PosixThread?
  /// The chunks handed over and not yet both written and hashed, oldest first: chunk
  /// number `firstPending` and on (guarded by `lock`, as are the counts below).
  private var pending: [UnsafeRawBufferPointer] = []
  private var firstPending = 0
  /// Chunks written (or passed over after a failure), and chunks hashed, so far (with no
  /// thread, the caller writes and hashes each chunk and counts it in `writtenCount`).
  private var writtenCount = 0
  private var hashedCount = 0
  private var isFinishing = false
  /// The first write error (strerror text); once set, nothing more is written.
  private var failure: String?

  init(fd: Int32, digest: ByteDigest?, onThread: Bool, directAfter: Int? = nil) {
    self.fd = fd
    self.digest = digest
    self.onThread = onThread
    self.directAfter = directAfter
  }

  /// Hands `chunk` over to be written after every earlier chunk, without waiting (in the
  /// caller when there is no thread). `chunk`'s memory must stay untouched until
  /// `completed` counts it.
  func submit(_ chunk: UnsafeRawBufferPointer) {
    if writer == nil && onThread {
      writer = PosixThread.start { [self] in writeLoop() }
      if writer != nil && digest != nil {
        hasher = PosixThread.start { [self] in hashLoop() }
      }
    }
    guard writer != nil else {
      digest?.update(chunk)
      write(chunk)
      lock.withLock { writtenCount += 1 }
      return
    }
    lock.withLock {
      pending.append(chunk)
      lock.broadcast()
    }
  }

  /// Waits until the first `count` chunks submitted are written and hashed.
  func waitForCompleted(_ count: Int) {
    guard writer != nil else { return }
    lock.withLock {
      while completedCount < count { lock.wait() }
    }
  }

  /// Chunks written and hashed so far (a chunk's memory is free once counted).
  var completed: Int { lock.withLock { completedCount } }

  /// Waits until every chunk is written and hashed and stops the threads.
  ///
  /// - Returns: The first write error's text, or nil when every byte was written.
  func finish() -> String? {
    if let writer {
      lock.withLock {
        isFinishing = true
        lock.broadcast()
      }
      writer.join()
      hasher?.join()
      self.writer = nil
      self.hasher = nil
    }
    return failure
  }

  /// Chunks handed over so far (guarded by `lock`).
  private var submittedCount: Int { firstPending + pending.count }

  /// Chunks both written and hashed (guarded by `lock`).
  private var completedCount: Int {
    hasher == nil ? writtenCount : min(writtenCount, hashedCount)
  }

  private func writeLoop() {
    while let chunk = nextChunk(after: \.writtenCount) {
      // Read under the lock: `submit` sets `hasher` after starting this thread, before
      // it hands the first chunk over.
      if lock.withLock({ hasher == nil }) { digest?.update(chunk) }
      write(chunk)
      advance(\.writtenCount)
    }
  }

  private func hashLoop() {
    while let chunk = nextChunk(after: \.hashedCount) {
      digest?.update(chunk)
      advance(\.hashedCount)
    }
  }

  /// The chunk after the first `done` ones, once it is handed over; nil once every
  /// chunk is done and `finish` was called.
  private func nextChunk(after done: ReferenceWritableKeyPath<ChunkDrain, Int>) -> UnsafeRawBufferPointer? {
    lock.withLock {
      while self[keyPath: done] == submittedCount && !isFinishing { lock.wait() }
      let next = self[keyPath: done]
      return next < submittedCount ? pending[next - firstPending] : nil
    }
  }

  /// Counts one more chunk done and lets go of the chunks both threads are done with.
  private func advance(_ done: ReferenceWritableKeyPath<ChunkDrain, Int>) {
    lock.withLock {
      self[keyPath: done] += 1
      let drop = completedCount - firstPending
      if drop > 0 {
        pending.removeFirst(drop)
        firstPending += drop
      }
      lock.broadcast()
    }
  }

  private func write(_ chunk: UnsafeRawBufferPointer) {
    guard failure == nil else { return }
    if let after = directAfter {
      let alignment = FileDescriptor.directAlignment
      if chunk.count % alignment != 0 || Int(bitPattern: chunk.baseAddress) % alignment != 0 {
        // The file's tail: through the page cache, and direct writes end.
        if isDirect { FileDescriptor.setDirect(fd, false) }
        isDirect = false
        directAfter = nil
      } else if !isDirect && written >= after {
        isDirect = FileDescriptor.setDirect(fd, true)
        if !isDirect { directAfter = nil }  // this file system takes no direct writes
      }
    }
    if !FileDescriptor.writeAll(fd, chunk, directFallback: isDirect) {
      failure = FileDescriptor.errorText()
      return
    }
    written += chunk.count
    if isDirect {
      isDirect = FileDescriptor.isDirect(fd)  // false after a refused write fell back
      if isDirect { directBytes += chunk.count } else { directAfter = nil }
    }
  }
}
