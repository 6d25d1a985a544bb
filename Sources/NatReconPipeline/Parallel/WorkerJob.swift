#if canImport(Glibc)
  import Glibc
#endif

/// A closure run on its own pthread.
final class WorkerJob: @unchecked Sendable {
  let body: @Sendable () -> Void

  init(_ body: @escaping @Sendable () -> Void) { self.body = body }

  /// Starts the thread; nil if the system refused (the caller then runs `body` inline).
  func start() -> pthread_t? {
    var thread = pthread_t()
    let context = Unmanaged.passRetained(self).toOpaque()
    let status = pthread_create(
      &thread, nil,
      { raw in
        guard let raw else { return nil }
        Unmanaged<WorkerJob>.fromOpaque(raw).takeRetainedValue().body()
        return nil
      }, context)
    if status != 0 {
      Unmanaged<WorkerJob>.fromOpaque(context).release()
      return nil
    }
    return thread
  }
}
