#if canImport(Glibc)
  import Glibc
#endif

/// The one pthread start-up: a closure run on a thread of its own.
///
/// `start` hands the closure to the new thread (which releases it when the closure
/// returns); the caller either `join`s the thread or `detach`es it, once. When the system
/// refuses a thread, `start` returns nil and the caller runs the work itself.
public struct PosixThread: @unchecked Sendable {
  private let handle: pthread_t

  /// Starts `body` on a new thread with the default attributes.
  ///
  /// - Returns: the thread, or nil when pthread_create failed (nothing was started).
  public static func start(_ body: @escaping @Sendable () -> Void) -> PosixThread? {
    let context = Unmanaged.passRetained(Job(body)).toOpaque()
    var handle = pthread_t()
    let status = pthread_create(
      &handle, nil,
      { raw in
        guard let raw else { return nil }
        Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().body()
        return nil
      }, context)
    if status != 0 {
      Unmanaged<Job>.fromOpaque(context).release()
      return nil
    }
    return PosixThread(handle: handle)
  }

  /// Waits for the thread to end.
  public func join() { pthread_join(handle, nil) }

  /// Lets the thread end on its own; it cannot be joined after this.
  public func detach() { pthread_detach(handle) }

  private final class Job: @unchecked Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}
