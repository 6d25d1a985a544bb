import NatReconPlatform

/// Frees a value on a thread of its own: the runner hands over the roster and the
/// aggregates once the reports are written, and they are freed while it publishes.
/// At city scale they are most of the process's memory (1.3 GB at 25 M residents), and
/// freeing them is the kernel's unmapping (about 0.2 s), which otherwise came after the
/// history, on the calling thread, before the run's summary.
///
/// The caller must hold no other reference to the value's storage (hand it over with
/// `consume`), or the storage outlives the thread's release and is freed where the last
/// reference goes. With `onThread` false, or when no thread starts, the value is freed in
/// `wait()`.
///
/// Lifecycle: `init` starts the release; `wait()` joins it (also on `deinit`).
final class ReleaseOnThread<Value>: @unchecked Sendable {
  // Sendable: `value` is touched by the thread until `wait()` joins it, then by the caller.
  private var value: Value?
  private var thread: PosixThread?

  init(_ value: consuming Value, onThread: Bool = true) {
    self.value = value
    if onThread { thread = PosixThread.start { [self] in self.value = nil } }
  }

  /// Waits until the value is freed.
  func wait() {
    thread?.join()
    thread = nil
    value = nil
  }

  deinit { wait() }
}
