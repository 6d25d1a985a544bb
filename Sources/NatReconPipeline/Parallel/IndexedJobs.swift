import NatReconPlatform

/// Runs independent jobs `0..<count` on the calling thread and `workers - 1` more threads,
/// one job per thread at a time, handing out indices in order; the results come back in
/// index order, as a loop on one thread would return them.
///
/// The jobs must not depend on one another or on their order (each writes its own file
/// from shared read-only input). Memory: at most `workers` jobs in flight.
/// Errors: after a job fails no later index is started (earlier ones finish), and the
/// error of the lowest failing index is thrown once every thread has stopped, so the
/// error does not depend on timing.
enum IndexedJobs {
  static func run<Result, Failure: Error>(
    count: Int, workers: Int, job: @escaping @Sendable (_ index: Int) throws(Failure) -> Result
  ) throws(Failure) -> [Result] {
    let results = ResultSlots<Result>(count: count)
    let failures = LowestFailure<Failure>()
    let next = LockedCounter()
    let work: @Sendable () -> Void = {
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
    // The calling thread is one of the workers.
    let threads = (1..<max(1, min(workers, count))).compactMap { _ in PosixThread.start(work) }
    work()
    for thread in threads { thread.join() }
    if let error = failures.error { throw error }
    return results.all()
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
