#if canImport(Glibc)
  import Glibc
#endif

/// Named points in a run where the crash-safety tests stop it (SPEC §4: a killed run
/// must leave the previous reports intact).
///
/// With `NATRECON_PAUSE_AT=<point>` in the environment, the run writes
/// `paused <point>` on stderr and sleeps there for a minute, so a test can `SIGKILL` it
/// at exactly that moment. Without the variable this costs one environment lookup per run.
enum CrashPoint: String {
  case ingest, reports, publish

  static let requested: String? = getenv("NATRECON_PAUSE_AT").map { String(cString: $0) }

  func pauseIfRequested() {
    guard Self.requested == rawValue else { return }
    writeStderr("paused \(rawValue)\n")
    sleep(60)
  }
}
