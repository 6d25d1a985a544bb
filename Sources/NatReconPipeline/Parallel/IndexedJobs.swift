import NatReconPlatform

/// Runs independent jobs `0..<count` on helper threads and the calling thread, one job
/// per thread at a time, handing out indices in order; the results come back in index
/// order, as a loop on one thread would return them.
///
/// Two ways to use it:
/// - `run`: the calling thread and `workers - 1` helpers take jobs until none is left
///   (committee workbooks).
/// - `init` then `finish`: the helpers start at once and work while the caller does
///   something else; `finish` makes the caller take the jobs no helper has started, then
///   waits for the helpers. With `helperPriority` `.background`, helpers run at the
///   lowest priority, so they only fill what the caller's other threads leave of the cores
///   (the input digests); whatever they have not reached when the caller needs the results
///   runs on the caller, at its own priority.
///
/// The jobs must not depend on one another or on their order (each reads its own file
/// or writes its own file from shared read-only input). Memory: at most one job in
/// flight per thread.
/// Errors: after a job fails no later index is started (earlier ones finish), and the
/// error of the lowest failing index is thrown once every thread has stopped, so the
/// error does not depend on timing.
/// Lifecycle: `finish` or `cancel` at least once before the last reference goes (further
/// calls return at once); `cancel` starts no more jobs and waits for those running.
final class IndexedJobs<Result, Failure: Error>: @unchecked Sendable {
  enum HelperPriority { case normal, background }

  private let count: Int
  private let job: @Sendable (_ index: Int) throws(Failure) -> Result
  private let results: ResultSlots<Result>
  private let failures = LowestFailure<Failure>()
  private let next = LockedCounter()
  private var helpers: [PosixThread]

  /// Starts `helpers` threads (fewer when there are fewer jobs, none when the system
  /// refuses a thread: `finish` then runs every job on the caller).
  init(
    count: Int, helpers: Int, helperPriority: HelperPriority = .normal,
    job: @escaping @Sendable (_ index: Int) throws(Failure) -> Result
  ) {
    self.count = count
    self.job = job
    results = ResultSlots(count: count)
    self.helpers = []
    let lowered = helperPriority == .background
    self.helpers = (0..<max(0, min(helpers, count))).compactMap { _ in
      PosixThread.start { [self] in
        if lowered { PosixThread.lowerCurrentPriority() }
        work()
      }
    }
  }

  /// Runs the jobs on the calling thread and `workers - 1` helpers; returns when all ended.
  static func run(
    count: Int, workers: Int, job: @escaping @Sendable (_ index: Int) throws(Failure) -> Result
  ) throws(Failure) -> [Result] {
    // The calling thread is one of the workers.
    try IndexedJobs(count: count, helpers: workers - 1, job: job).finish()
  }

  /// Takes the jobs no helper has started, waits for the helpers, and returns every
  /// result in index order or the lowest failing index's error.
  func finish() throws(Failure) -> [Result] {
    work()
    joinHelpers()
    if let error = failures.error { throw error }
    return results.all()
  }

  /// Starts no further job and waits for the running ones (a failed run's clean-up: the
  /// results are not wanted).
  func cancel() {
    next.exhaust()
    joinHelpers()
  }

  private func work() {
    while true {
      let index = next.increment()
      if index >= count || failures.hasFailure(before: index) { return }
      do throws(Failure) {
        results.set(index, try job(index))
      } catch {
        failures.record(error, at: index)
      }
    }
  }

  /// Called by the creating thread only.
  private func joinHelpers() {
    for thread in helpers { thread.join() }
    helpers = []
  }
}

/// One result slot per job, each written once by the thread that ran it.
private final class ResultSlots<Result>: @unchecked Sendable {
  private var slots: [Result?]
  private let lock = PosixLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ result: Result) { lock.withLock { slots[index] = result } }

  /// Every result, in index order (called after every job succeeded).
  func all() -> [Result] {
    let done = lock.withLock { slots.compactMap { $0 } }
    precondition(done.count == slots.count, "a job returned no result")
    return done
  }
}
