import NatReconIO

/// Computes input digests beside the run, on the core time its stages leave idle.
///
/// The inputs are read once more for SHA-256. A helper thread at the lowest priority
/// (`IndexedJobs`, `.background`) hashes them file by file: it takes what the busy stages
/// leave of the two cores (the roster and test stages keep both busy; the aggregate and
/// report stages do not), instead of half a core from the roster stage. `wait()` hashes
/// the files the helper has not started on the calling thread, at its own priority, so a
/// helper starved by other load cannot hold the run up by more than the file in hand.
/// `cancel()` (every failed path) starts nothing more and waits for the file in hand, so
/// the thread never outlives a failed stage.
struct BackgroundDigests {
  private let jobs: IndexedJobs<(bytes: Int, hex: String), IngestError>

  init(files: [InputFile]) {
    jobs = IndexedJobs(count: files.count, helpers: 1, helperPriority: .background) { index throws(IngestError) in
      let file = files[index]
      return try FileDigest.sha256(path: file.path, displayPath: file.displayPath, identity: file.identity)
    }
  }

  /// The digests, in input order.
  func wait() throws(IngestError) -> [(bytes: Int, hex: String)] { try jobs.finish() }

  /// Stops after the file in hand (the results are not wanted).
  func cancel() { jobs.cancel() }
}
