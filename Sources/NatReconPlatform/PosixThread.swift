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

  /// Makes the calling thread yield to every other runnable thread of the process: its
  /// nice value becomes 19, the lowest priority (Linux keeps a nice value per thread, and
  /// `setpriority` with `who` 0 changes only the calling thread's), and its policy
  /// `SCHED_IDLE`, so it runs only on a core no other thread wants. Work that can wait,
  /// such as the input digests, then takes only what the busy threads leave of the cores,
  /// instead of half a core from the stage that has to finish first. With nice 19 alone
  /// a thread woken to hand over work was still often placed on the core of the thread
  /// the stage waits for, preempting it, while the digest kept the other core: at 25 M
  /// the roster stage's insert thread was off its core about a fifth of the stage.
  /// Linux counts a core running only `SCHED_IDLE` threads as idle when it places a
  /// woken thread.
  ///
  /// There is no way back without privileges (an unprivileged thread cannot lower its
  /// nice value again): a thread that may become urgent must hand its remaining work to
  /// a thread at normal priority (`IndexedJobs.finish`). Best effort: when the system
  /// refuses, the thread keeps its priority.
  public static func lowerCurrentPriority() {
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
    var param = sched_param(sched_priority: 0)
    _ = sched_setscheduler(0, schedIdle, &param)
  }

  /// Linux's `SCHED_IDLE` policy (Glibc exports it only with `_GNU_SOURCE`).
  public static let schedIdle: Int32 = 5

  /// The calling thread's scheduling policy (`SCHED_OTHER` 0 by default).
  public static var currentPolicy: Int32 { sched_getscheduler(0) }

  /// The calling thread's nice value (-20 … 19, 0 by default).
  public static var currentNiceValue: Int32 {
    errno = 0
    return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
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
