import NatReconPlatform
import Testing

@testable import NatReconPipeline

#if canImport(Glibc)
  import Glibc
#endif

/// `IndexedJobs`: results in index order whatever thread ran each job, at most `workers`
/// jobs at once, and the lowest failing index's error whatever the timing.
@Suite struct IndexedJobsTests {
  struct JobFailed: Error, Equatable { let index: Int }

  @Test(arguments: [1, 2, 3])
  func resultsComeBackInIndexOrder(workers: Int) throws {
    let inFlight = LockedGauge()
    let results = try IndexedJobs.run(count: 200, workers: workers) { index throws(JobFailed) -> Int in
      inFlight.enter()
      defer { inFlight.leave() }
      // Uneven work, so jobs finish out of order on two threads.
      var x = index
      for _ in 0..<((index % 7) * 2_000) { x = (x &* 31) &+ 7 }
      return index * 10 + (x == .min ? 1 : 0)
    }
    #expect(results == (0..<200).map { $0 * 10 })
    #expect(inFlight.peak <= workers)
  }

  @Test func noJobsGiveNoResults() throws {
    let results = try IndexedJobs.run(count: 0, workers: 2) { index throws(JobFailed) -> Int in index }
    #expect(results.isEmpty)
  }

  @Test(arguments: [1, 2])
  func theLowestFailingIndexIsThrown(workers: Int) {
    // 5 fails after a delay, 9 at once: 5's error is thrown all the same.
    #expect(throws: JobFailed(index: 5)) {
      _ = try IndexedJobs.run(count: 40, workers: workers) { index throws(JobFailed) -> Int in
        if index == 5 {
          usleep(20_000)
          throw JobFailed(index: 5)
        }
        if index == 9 { throw JobFailed(index: 9) }
        return index
      }
    }
  }

  @Test func finishRunsTheJobsNoHelperStartedOnTheCallingThread() throws {
    let caller = pthread_self()
    let callerNice = PosixThread.currentNiceValue
    let started = Flag()
    let othersDone = Flag()
    let seen = RunLog()
    let jobs = IndexedJobs<Int, JobFailed>(count: 6, helpers: 1, helperPriority: .background) { index in
      seen.record(index, onCaller: pthread_equal(pthread_self(), caller) != 0, nice: PosixThread.currentNiceValue)
      if index == 0 {
        // The helper holds job 0 until the caller has run every other job itself.
        started.set()
        #expect(othersDone.wait(seconds: 20), "the calling thread did not take over jobs 1–5")
      } else if index == 5 {
        othersDone.set()
      }
      return index * 3
    }
    #expect(started.wait(seconds: 20))
    #expect(try jobs.finish() == [0, 3, 6, 9, 12, 15])
    let runs = seen.entries
    #expect(runs.map(\.index).sorted() == Array(0..<6))
    #expect(runs.first { $0.index == 0 }.map { !$0.onCaller && $0.nice == 19 } == true)
    #expect(runs.filter { $0.index > 0 }.allSatisfy { $0.onCaller && $0.nice == callerNice })
  }

  @Test func cancelStartsNoFurtherJob() throws {
    let started = Flag()
    let seen = RunLog()
    let jobs = IndexedJobs<Int, JobFailed>(count: 10, helpers: 1) { index in
      seen.record(index, onCaller: false, nice: 0)
      started.set()
      usleep(100_000)
      return index
    }
    #expect(started.wait(seconds: 20))
    jobs.cancel()
    #expect(seen.entries.map(\.index) == [0])
    jobs.cancel()
  }
}

/// A flag one thread sets and another waits for (with a time limit, so a broken hand-over
/// fails the test instead of hanging the suite).
private final class Flag: @unchecked Sendable {
  private var isSet = false
  private let lock = PosixLock()

  func set() { lock.withLock { isSet = true } }

  /// Whether the flag was set within `seconds`.
  func wait(seconds: Int) -> Bool {
    for _ in 0..<(seconds * 100) {
      if lock.withLock({ isSet }) { return true }
      usleep(10_000)
    }
    return false
  }
}

/// Which jobs ran, where, at which nice value.
private final class RunLog: @unchecked Sendable {
  private var runs: [(index: Int, onCaller: Bool, nice: Int32)] = []
  private let lock = PosixLock()

  func record(_ index: Int, onCaller: Bool, nice: Int32) { lock.withLock { runs.append((index, onCaller, nice)) } }

  var entries: [(index: Int, onCaller: Bool, nice: Int32)] { lock.withLock { runs } }
}

/// Counts jobs running at once and remembers the most.
private final class LockedGauge: @unchecked Sendable {
  private var current = 0
  private var most = 0
  private let lock = PosixLock()

  func enter() {
    lock.withLock {
      current += 1
      most = max(most, current)
    }
  }

  func leave() { lock.withLock { current -= 1 } }

  var peak: Int { lock.withLock { most } }
}
