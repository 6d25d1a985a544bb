import NatReconIO
import NatReconPlatform

/// Computes input digests on a background thread while the run goes on.
///
/// The inputs are read once more for SHA-256 (about 250 MB/s): on its own thread that
/// read overlaps the join instead of adding to it. `wait()` joins the thread.
final class BackgroundDigests: @unchecked Sendable {
  private var results: [(bytes: Int, hex: String)] = []
  private var failure: IngestError?
  private var thread: PosixThread?
  private let files: [InputFile]

  init(files: [InputFile]) {
    self.files = files
    thread = PosixThread.start { [self] in compute() }
    if thread == nil { compute() }
  }

  private func compute() {
    for file in files {
      do {
        results.append(try FileDigest.sha256(path: file.path, displayPath: file.displayPath, identity: file.identity))
      } catch {
        failure = error
        return
      }
    }
  }

  /// Waits for the digests, in input order.
  func wait() throws(IngestError) -> [(bytes: Int, hex: String)] {
    if let thread {
      thread.join()
      self.thread = nil
    }
    if let failure { throw failure }
    return results
  }
}
