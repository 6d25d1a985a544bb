import NatReconPlatform
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `PosixThread`: the closure runs on another thread, `join` waits for it, and a detached
/// thread runs to the end on its own.
@Suite struct PosixThreadTests {
  @Test func joinWaitsForTheBody() throws {
    let box = Box()
    let caller = pthread_self()
    let thread = try #require(
      PosixThread.start {
        usleep(20_000)
        box.value = 42
        box.ranElsewhere = pthread_equal(pthread_self(), caller) == 0
      })
    thread.join()
    #expect(box.value == 42)
    #expect(box.ranElsewhere)
  }

  @Test func manyThreadsEachRunOnce() throws {
    let boxes = (0..<8).map { _ in Box() }
    let threads = try boxes.enumerated().map { i, box in
      try #require(PosixThread.start { box.value += i + 1 })
    }
    for thread in threads { thread.join() }
    #expect(boxes.map(\.value) == Array(1...8))
  }

  @Test func detachedThreadRuns() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let writeEnd = ends[1]
    let thread = try #require(PosixThread.start { _ = FileDescriptor.writeAll(writeEnd, [9]) })
    thread.detach()
    var byte: UInt8 = 0
    #expect(read(ends[0], &byte, 1) == 1)
    #expect(byte == 9)
    close(ends[0])
    close(ends[1])
  }

  @Test func aLoweredThreadTakesTheLowestPriorityAndLeavesTheCallersAlone() throws {
    let callerBefore = PosixThread.currentNiceValue
    let box = Box()
    let thread = try #require(
      PosixThread.start {
        PosixThread.lowerCurrentPriority()
        box.value = Int(PosixThread.currentNiceValue)
        box.policy = PosixThread.currentPolicy
      })
    thread.join()
    #expect(box.value == 19)
    #expect(box.policy == PosixThread.schedIdle)
    #expect(PosixThread.currentNiceValue == callerBefore)
    #expect(PosixThread.currentPolicy == 0)
  }
}

/// A value one thread sets and another reads after `join`.
final class Box: @unchecked Sendable {
  var value = 0
  var ranElsewhere = false
  var policy: Int32 = -1
}

/// `PosixLock`: `withLock` excludes other threads, and `wait`/`broadcast` hand a value over.
@Suite struct PosixLockTests {
  @Test func countersDoNotLoseIncrements() throws {
    let lock = PosixLock()
    let box = Box()
    let threads = try (0..<4).map { _ in
      try #require(PosixThread.start { for _ in 0..<10_000 { lock.withLock { box.value += 1 } } })
    }
    for thread in threads { thread.join() }
    #expect(lock.withLock { box.value } == 40_000)
  }

  @Test func waitSeesTheBroadcastValue() throws {
    let lock = PosixLock()
    let box = Box()
    let producer = try #require(
      PosixThread.start {
        usleep(10_000)
        lock.lock()
        box.value = 7
        lock.broadcast()
        lock.unlock()
      })
    lock.lock()
    while box.value == 0 { lock.wait() }
    let seen = box.value
    lock.unlock()
    producer.join()
    #expect(seen == 7)
  }
}
