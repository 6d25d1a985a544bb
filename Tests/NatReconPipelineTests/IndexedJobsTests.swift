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
