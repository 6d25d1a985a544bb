import NatReconPlatform

/// The error of the lowest-numbered item (file, committee) that failed, whichever worker
/// hit it first: what a single thread going through the items in order would have thrown.
final class LowestFailure<Failure: Error>: @unchecked Sendable {
  private var index = Int.max
  private var failure: Failure?
  private let lock = PosixLock()

  func record(_ error: Failure, at index: Int) {
    lock.withLock { if index < self.index { (self.index, failure) = (index, error) } }
  }

  /// Whether an item before `index` failed (so `index` need not be started).
  func hasFailure(before index: Int) -> Bool { lock.withLock { self.index < index } }

  var error: Failure? { lock.withLock { failure } }
}
