import NatReconPlatform

/// Hands out file indices to workers in order: a counter behind a mutex.
final class LockedCounter: @unchecked Sendable {
  private var value = 0
  private let lock = PosixLock()

  /// Returns the current value and adds one.
  func increment() -> Int {
    lock.withLock {
      value += 1
      return value - 1
    }
  }

  /// From now on `increment` returns values no index reaches (no further work starts).
  func exhaust() { lock.withLock { value = Int.max / 2 } }
}
