import Foundation
import Testing

@testable import NatReconPipeline

/// `ReleaseOnThread`: the value handed over is freed on another thread (its `deinit`
/// runs there), by the time `wait()` returns; with `onThread` false, in `wait()` on the
/// calling thread.
@Suite struct ReleaseOnThreadTests {
  /// Records the thread its `deinit` ran on.
  final class Tracked: @unchecked Sendable {
    let report: (UInt) -> Void
    init(report: @escaping (UInt) -> Void) { self.report = report }
    deinit { report(UInt(bitPattern: Int(bitPattern: pthread_self()))) }
  }

  final class Box: @unchecked Sendable {
    let lock = NSLock()
    var threads: [UInt] = []
    func add(_ t: UInt) { lock.withLock { threads.append(t) } }
  }

  @Test(arguments: [true, false])
  func freedOnItsThreadByWait(onThread: Bool) {
    let box = Box()
    let caller = UInt(bitPattern: Int(bitPattern: pthread_self()))
    let value = [Tracked(report: box.add), Tracked(report: box.add)]
    let release = ReleaseOnThread(consume value, onThread: onThread)
    release.wait()
    let threads = box.lock.withLock { box.threads }
    #expect(threads.count == 2)
    #expect(threads.allSatisfy { onThread ? $0 != caller : $0 == caller })
  }
}
