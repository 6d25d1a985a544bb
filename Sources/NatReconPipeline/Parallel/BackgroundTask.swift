import NatReconPlatform

/// One piece of work run on a thread of its own while the caller goes on: the report
/// stage writes households.csv and summary.csv this way while the residents pass reads
/// the roster again. `wait()` joins the thread and returns the work's result or error.
///
/// With `onThread` false (the single-thread reference path), or when no thread can be
/// started, the work runs inside `init`, so `wait()` gives the same result either way.
/// The work must only read what the caller leaves unchanged until `wait()`.
///
/// Lifecycle: `init` starts the work; `wait()` at least once (further calls return the
/// same result).
final class BackgroundTask<Value, Failure: Error>: @unchecked Sendable {
  private let work: () throws(Failure) -> Value
  private var result: Result<Value, Failure>?
  private var thread: PosixThread?

  init(onThread: Bool = true, _ work: @escaping () throws(Failure) -> Value) {
    self.work = work
    if onThread { thread = PosixThread.start { [self] in execute() } }
    if thread == nil { execute() }
  }

  private func execute() {
    do throws(Failure) {
      result = .success(try work())
    } catch {
      result = .failure(error)
    }
  }

  /// Waits for the work to end and returns its value, or throws its error.
  func wait() throws(Failure) -> Value {
    if let thread {
      thread.join()
      self.thread = nil
    }
    guard let result else { preconditionFailure("BackgroundTask finished without a result") }
    return try result.get()
  }
}
