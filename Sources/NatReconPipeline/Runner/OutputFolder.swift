import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// The atomic-output rule of SPEC §4: a run builds `<out>/.tmp-<run_id>-<pid>`, renames it
/// to `<out>/<run_id>` only when every file is complete, then swaps `<out>/latest` (a
/// relative symbolic link) with a rename. A failed or killed run leaves the previous
/// outputs untouched; its temporary folder is removed by the next run.
///
/// Two runs on one output folder exclude each other with `flock` on `<out>/.natrecon.lock`:
/// the second waits up to `lockWaitSeconds` (`--wait`), then refuses with exit status 75
/// (EX_TEMPFAIL: cron can retry; a nightly job must not pile up behind a hung run). An
/// `flock` dies with its process, so the lock file is never stale and must not be
/// removed: deleting it would let two runs proceed.
final class OutputFolder {
  let root: String
  let runID: String
  let temporary: String
  private var lockFD: Int32 = -1
  private var isPublished = false
  /// Leftovers of killed runs removed when the lock was taken (for the stderr summary).
  private(set) var removedLeftovers: [String] = []

  var final: String { root + "/" + runID }

  /// Creates `<out>` if needed, takes the lock, removes leftovers of killed runs and
  /// creates the temporary folder.
  init(root: String, runID: String, lockWaitSeconds: Double = OutputFolder.lockWaitSeconds) throws(RunError) {
    self.root = root
    self.runID = runID
    self.temporary = root + "/.tmp-\(runID)-\(getpid())"
    try Self.makeDirectories(root)
    lockFD = open(root + "/.natrecon.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    if lockFD < 0 { throw .outputFailed(path: root, detail: FileDescriptor.errorText()) }
    if !Self.lock(lockFD, waitSeconds: lockWaitSeconds) {
      close(lockFD)
      lockFD = -1
      throw .locked(path: root, waitedSeconds: lockWaitSeconds)
    }
    removeLeftovers()
    if mkdir(temporary, 0o755) != 0 { throw .outputFailed(path: temporary, detail: FileDescriptor.errorText()) }
    if mkdir(temporary + "/committees", 0o755) != 0 {
      throw .outputFailed(path: temporary, detail: FileDescriptor.errorText())
    }
  }

  deinit {
    if !isPublished { Directory.removeTree(temporary) }
    if lockFD >= 0 { close(lockFD) }
  }

  /// The run `<out>/latest` names, if any.
  var latestRunID: String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink(root + "/latest", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Renames the complete temporary folder into place and, with `movingLatest`, points
  /// `latest` at it.
  func publish(movingLatest: Bool = true) throws(RunError) {
    var info = stat()
    let old = root + "/.old-\(runID)-\(getpid())"
    let hadOld = lstat(final, &info) == 0
    if hadOld && rename(final, old) != 0 { throw .outputFailed(path: final, detail: FileDescriptor.errorText()) }
    if rename(temporary, final) != 0 {
      let detail = FileDescriptor.errorText()
      if hadOld { _ = rename(old, final) }
      throw .outputFailed(path: final, detail: detail)
    }
    isPublished = true
    if !movingLatest {
      if hadOld { Directory.removeTree(old) }
      return
    }
    let link = root + "/.latest-\(getpid())"
    unlink(link)
    if symlink(runID, link) != 0 || rename(link, root + "/latest") != 0 {
      throw .outputFailed(path: root + "/latest", detail: FileDescriptor.errorText())
    }
    if hadOld { Directory.removeTree(old) }
  }

  /// Removes `.tmp-*`, `.old-*` and `.latest-*` left by runs that were killed.
  private func removeLeftovers() {
    guard let all = Directory.names(in: root) else { return }
    let names = all.filter { $0.hasPrefix(".tmp-") || $0.hasPrefix(".old-") || $0.hasPrefix(".latest-") }
    for name in names { Directory.removeTree(root + "/" + name) }
    removedLeftovers = names.sorted().map { root + "/" + $0 }
  }

  /// How long a run waits for another run's lock before it refuses, by default (`--wait`):
  /// long enough to ride out a lock that is being released (a finished run, or a child
  /// process that briefly shares the descriptor between fork and exec), short enough for
  /// cron.
  static let lockWaitSeconds = 3.0

  /// Takes the exclusive lock, retrying for `waitSeconds`.
  private static func lock(_ fd: Int32, waitSeconds: Double) -> Bool {
    let deadline = Clock.seconds() + waitSeconds
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      if errno != EWOULDBLOCK && errno != EINTR { return false }
      if Clock.seconds() >= deadline { return false }
      usleep(50_000)
    }
    return true
  }

  /// `mkdir -p` (`Directory.makeAll`), failing with the path that could not be made.
  static func makeDirectories(_ path: String) throws(RunError) {
    if let failure = Directory.makeAll(path) { throw .outputFailed(path: failure.path, detail: failure.detail) }
  }
}
