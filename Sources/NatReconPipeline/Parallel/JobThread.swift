import NatReconPlatform

/// One job at a time on a thread of its own, for a caller that works beside it and then
/// waits for it (the residents pass: this thread formats the tail of a pair of blocks
/// while the caller formats its head).
///
/// Lifecycle: `start` a job, `wait` for it (before starting the next), `stop()` once.
/// `init` returns nil when no thread can be started; the caller then does the work itself.
final class JobThread: @unchecked Sendable {
  private let lock = PosixLock()
  private var thread: PosixThread?
  /// The job handed over and not yet finished (guarded by `lock`).
  private var job: (() -> Void)?
  private var isRunning = false
  private var isStopping = false

  init?() {
    thread = PosixThread.start { [self] in loop() }
    if thread == nil { return nil }
  }

  /// Hands `job` to the thread.
  ///
  /// - Precondition: the previous job was waited for.
  func start(_ job: @escaping () -> Void) {
    lock.withLock {
      precondition(!isRunning, "one job at a time")
      self.job = job
      isRunning = true
      lock.broadcast()
    }
  }

  /// Whether the job `start` handed over has run (no job in hand), without waiting.
  var isIdle: Bool {
    lock.withLock { !isRunning }
  }

  /// Returns once the job `start` handed over has run.
  func wait() {
    lock.withLock {
      while isRunning { lock.wait() }
    }
  }

  /// Waits for the job in hand, if any, and ends the thread.
  func stop() {
    guard let thread else { return }
    lock.withLock {
      while isRunning { lock.wait() }
      isStopping = true
      lock.broadcast()
    }
    thread.join()
    self.thread = nil
  }

  private func loop() {
    while true {
      let next: (() -> Void)? = lock.withLock {
        while job == nil && !isStopping { lock.wait() }
        defer { job = nil }
        return job
      }
      guard let next else { return }
      next()
      lock.withLock {
        isRunning = false
        lock.broadcast()
      }
    }
  }
}
