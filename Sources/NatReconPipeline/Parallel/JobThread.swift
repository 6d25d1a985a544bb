import NatReconPlatform

/// Jobs run in order on a thread of its own, for a caller that works beside it and then
/// waits for them (the residents pass: this thread formats the tails of pairs of blocks
/// while the caller formats their heads). Up to `maxQueued` jobs may be handed over and
/// unfinished, so the caller can hand over the next job before it waits for the one in
/// hand, and the thread goes on to it without waiting for the caller.
///
/// Lifecycle: `start` jobs, `wait` for them, `stop()` once. `init` returns nil when no
/// thread can be started; the caller then does the work itself.
final class JobThread: @unchecked Sendable {
  /// Jobs handed over and not finished, at most.
  static let maxQueued = 2

  private let lock = PosixLock()
  private var thread: PosixThread?
  /// Jobs handed over and not yet begun, oldest first (guarded by `lock`).
  private var jobs: [() -> Void] = []
  /// Jobs handed over, and finished, so far (guarded by `lock`).
  private var started = 0
  private var finished = 0
  private var isStopping = false

  init?() {
    thread = PosixThread.start { [self] in loop() }
    if thread == nil { return nil }
  }

  /// Hands `job` to the thread, to run after every job handed over before it.
  ///
  /// - Precondition: fewer than `maxQueued` jobs are unfinished.
  func start(_ job: @escaping () -> Void) {
    lock.withLock {
      precondition(started - finished < Self.maxQueued, "at most \(Self.maxQueued) jobs unfinished")
      jobs.append(job)
      started += 1
      lock.broadcast()
    }
  }

  /// Whether every job handed over has run, without waiting.
  var isIdle: Bool {
    lock.withLock { finished == started }
  }

  /// Returns once at most `unfinished` of the jobs handed over (the newest) have not run:
  /// 0 waits for all of them.
  func wait(leaving unfinished: Int = 0) {
    lock.withLock {
      while started - finished > unfinished { lock.wait() }
    }
  }

  /// Waits for the jobs in hand, if any, and ends the thread.
  func stop() {
    guard let thread else { return }
    lock.withLock {
      while finished < started { lock.wait() }
      isStopping = true
      lock.broadcast()
    }
    thread.join()
    self.thread = nil
  }

  private func loop() {
    while true {
      let next: (() -> Void)? = lock.withLock {
        while jobs.isEmpty && !isStopping { lock.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
      }
      guard let next else { return }
      next()
      lock.withLock {
        finished += 1
        lock.broadcast()
      }
    }
  }
}
