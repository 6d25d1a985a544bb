import Foundation
import NatReconPlatform
import Testing

@testable import NatReconPipeline

/// `JobThread`: jobs run in the order handed over, on the thread, one after another
/// without the caller; `wait(leaving:)` returns with at most that many (the newest)
/// unfinished; `isIdle` and `stop` see every job through.
@Suite struct JobThreadTests {
  final class Log: @unchecked Sendable {
    private let lock = PosixLock()
    private var entries: [Int] = []
    func add(_ n: Int) { lock.withLock { entries.append(n) } }
    var all: [Int] { lock.withLock { entries } }
  }

  @Test func jobsRunInOrderAndWaitLeavesTheNewest() throws {
    let thread = try #require(JobThread())
    let log = Log()
    let gate = PosixLock()
    var open = false
    // The first job waits for the gate: the second queues behind it.
    thread.start {
      gate.withLock { while !open { gate.wait() } }
      log.add(1)
    }
    thread.start { log.add(2) }
    #expect(!thread.isIdle)
    gate.withLock {
      open = true
      gate.broadcast()
    }
    thread.wait(leaving: 1)
    #expect(log.all.first == 1)
    thread.wait()
    #expect(log.all == [1, 2])
    #expect(thread.isIdle)
    for n in 3...50 {
      thread.start { log.add(n) }
      thread.wait(leaving: 1)
    }
    thread.stop()
    #expect(log.all == Array(1...50))
  }
}
