#if canImport(Glibc)
  import Glibc
#endif

/// Hands out file indices to workers in order: a counter behind a mutex.
final class LockedCounter: @unchecked Sendable {
  private var value = 0
  private var mutex = pthread_mutex_t()

  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }

  /// Returns the current value and adds one.
  func increment() -> Int {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    value += 1
    return value - 1
  }
}
