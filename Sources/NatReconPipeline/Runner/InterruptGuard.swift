import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT and SIGTERM during a run (SPEC §6): the temporary folder is removed, one line
/// says nothing was replaced, and the process exits 130 or 143 (128 + the signal).
///
/// Both signals are blocked in the calling thread before any worker starts (workers
/// inherit the mask) and taken by one thread that waits for them with `sigwait`, so the
/// cleanup runs as ordinary code, not in a signal handler. Publishing holds the guard's
/// mutex: a signal that comes while the folder is being renamed into place waits for the
/// rename, and one that comes after it is ignored (the run is already published and
/// finishes in moments). Used by `natrecon run` only; in-process callers (tests) leave
/// signals alone.
final class InterruptGuard: @unchecked Sendable {
  private let temporary: String
  private let lock = PosixLock()
  private var isPublishing = false

  /// Blocks SIGINT and SIGTERM in this thread and starts the thread that waits for them.
  init(temporary: String) {
    self.temporary = temporary
    var set = Self.signals()
    // A parent (a shell's `&`) may have left the signals ignored; take them back.
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
    pthread_sigmask(SIG_BLOCK, &set, nil)
    if let thread = PosixThread.start({ [self] in waitForSignals() }) {
      thread.detach()
    } else {
      pthread_sigmask(SIG_UNBLOCK, &set, nil)  // No waiter: the default action stays.
    }
  }

  private static func signals() -> sigset_t {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    return set
  }

  /// Runs `publish` so that no interrupt can remove the folder midway; after it, the
  /// signals are ignored.
  func publishing<T>(_ publish: () throws(RunError) -> T) throws(RunError) -> T {
    lock.withLock { isPublishing = true }
    return try publish()
  }

  private func waitForSignals() {
    var set = Self.signals()
    while true {
      var received: Int32 = 0
      guard sigwait(&set, &received) == 0 else { continue }
      lock.lock()
      if isPublishing {
        lock.unlock()
        continue
      }
      // Holding the mutex: publishing cannot start now.
      Directory.removeTree(temporary)
      let name = received == SIGINT ? "SIGINT" : "SIGTERM"
      writeStderr("\nnatrecon: interrupted (\(name)); temporary folder removed, nothing was replaced\n")
      _exit(128 + received)
    }
  }
}
