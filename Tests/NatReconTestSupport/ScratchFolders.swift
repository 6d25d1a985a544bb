import Foundation

/// Temporary folders that outlive the test that made them (a test's input files handed
/// out by path) and are removed when the test process exits, so that a suite run leaves
/// nothing in the temporary directory (≈ 100 MB a run before: the CI machine's disk is
/// shared).
public enum ScratchFolders {
  private static let registry = Registry()

  /// A new empty folder `NSTemporaryDirectory()/<prefix>-XXXXXX`, removed at exit.
  public static func make(prefix: String) -> String {
    var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buffer in
      mkdtemp(buffer.baseAddress.unsafelyUnwrapped).map { String(cString: $0) }
    }
    guard let path else { fatalError("mkdtemp failed for \(prefix)") }
    registry.add(path)
    return path
  }

  private final class Registry: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []
    private var isHooked = false

    func add(_ path: String) {
      lock.withLock {
        paths.append(path)
        if !isHooked {
          isHooked = true
          atexit { ScratchFolders.registry.removeAll() }
        }
      }
    }

    func removeAll() {
      let all = lock.withLock { paths }
      for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
  }
}
