import NatReconIO

/// Computes input digests on a background thread while the run goes on.
///
/// The inputs are read once more for SHA-256 (about 250 MB/s): on its own thread
/// (`BackgroundTask`) that read overlaps the join instead of adding to it. `wait()` joins
/// the thread; it may be called again (the runner calls it on every path, so the thread
/// never outlives a failed stage).
struct BackgroundDigests {
  private let task: BackgroundTask<[(bytes: Int, hex: String)], IngestError>

  init(files: [InputFile]) {
    task = BackgroundTask { () throws(IngestError) in
      try files.map { file throws(IngestError) in
        try FileDigest.sha256(path: file.path, displayPath: file.displayPath, identity: file.identity)
      }
    }
  }

  /// Waits for the digests, in input order.
  func wait() throws(IngestError) -> [(bytes: Int, hex: String)] { try task.wait() }
}
