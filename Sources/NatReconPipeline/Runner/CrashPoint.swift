import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Named points in a run where the crash-safety tests stop it (SPEC §4: a killed run
/// must leave the previous reports intact).
///
/// With `NATRECON_PAUSE_AT=<point>` in the environment, the run writes
/// `paused <point>` on stderr and sleeps there for a minute, so a test can `SIGKILL` it
/// at exactly that moment, or `SIGTERM`/`SIGINT` it, or change an input and send
/// `SIGUSR1` to let the run go on at once (the input-change tests: `ingest` is after the
/// roster stage, before the roster's second pass). Without the variable this costs one
/// environment lookup per run.
enum CrashPoint: String {
  case ingest, reports, publish

  static let requested: String? = getenv("NATRECON_PAUSE_AT").map { String(cString: $0) }

  func pauseIfRequested() {
    guard Self.requested == rawValue else { return }
    // SIGUSR1 ends the pause (whichever thread the kernel hands it to sets the flag).
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in crashPointResumed = 1 }
    sigemptyset(&action.sa_mask)
    sigaction(SIGUSR1, &action, nil)
    // A parent may have started us with signals blocked (a thread pool's mask is inherited).
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGUSR1)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    writeStderr("paused \(rawValue)\n")
    var waited = 0
    while crashPointResumed == 0 && waited < 6000 {
      usleep(10_000)
      waited += 1
    }
  }
}

/// Set by the SIGUSR1 handler of `CrashPoint.pauseIfRequested` (a test-only hook).
nonisolated(unsafe) private var crashPointResumed: sig_atomic_t = 0
