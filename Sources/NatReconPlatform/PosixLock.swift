#if canImport(Glibc)
  import Glibc
#endif

/// The one mutex (with its condition variable): what every type shared between threads
/// locks.
///
/// The pthread objects live in memory of their own, so their address never moves (a
/// `pthread_mutex_t` stored in a Swift property has no stable address). `wait` and
/// `broadcast` are for callers that hold the lock: a bounded queue waits while it is full
/// or empty and wakes the other side when that changes.
public final class PosixLock: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  public init() {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    condition.deallocate()
    mutex.deallocate()
  }

  public func lock() { pthread_mutex_lock(mutex) }

  public func unlock() { pthread_mutex_unlock(mutex) }

  /// Runs `body` holding the lock.
  public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Holding the lock: waits for another thread's `broadcast`.
  ///
  /// The lock is released while waiting and taken again before returning. Wake-ups can
  /// be spurious, so wait in a loop over the condition.
  public func wait() { pthread_cond_wait(condition, mutex) }

  /// Holding the lock: wakes every thread in `wait`.
  public func broadcast() { pthread_cond_broadcast(condition) }
}
