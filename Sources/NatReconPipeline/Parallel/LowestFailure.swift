#if canImport(Glibc)
  import Glibc
#endif

/// The error of the lowest-numbered item (file, committee) that failed, whichever worker
/// hit it first: what a single thread going through the items in order would have thrown.
final class LowestFailure<Failure: Error>: @unchecked Sendable {
  private var index = Int.max
  private var failure: Failure?
  private var mutex = pthread_mutex_t()

  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }

  func record(_ error: Failure, at index: Int) {
    pthread_mutex_lock(&mutex)
    if index < self.index { (self.index, failure) = (index, error) }
    pthread_mutex_unlock(&mutex)
  }

  /// Whether an item before `index` failed (so `index` need not be started).
  func hasFailure(before index: Int) -> Bool {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return self.index < index
  }

  var error: Failure? {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return failure
  }
}
