#if canImport(Glibc)
  import Glibc
#endif

/// A RAM-backed folder (a tmpfs mount point such as `/dev/shm`) for temp files that are
/// small and short-lived: creating and deleting a file there touches no disk metadata.
public enum RAMFolder {
  /// Where Linux mounts its RAM-backed shared-memory folder.
  public static let standard = "/dev/shm"

  /// The bytes free in `path` when it is the mount point of a tmpfs file system that this
  /// process may create files in; nil otherwise (not mounted there, not tmpfs, read-only,
  /// or missing).
  public static func freeBytes(_ path: String) -> Int? {
    guard isTmpfsMountPoint(path), access(path, W_OK | X_OK) == 0 else { return nil }
    var info = statvfs()
    guard statvfs(path, &info) == 0 else { return nil }
    return Int(info.f_bavail) &* Int(info.f_frsize)
  }

  /// Whether the kernel's mount table (`/proc/self/mounts`) lists `path` as the mount
  /// point of a tmpfs; the last entry for `path` counts (a later mount hides an earlier).
  /// Read once per path for the process: mounts do not change under a run.
  static func isTmpfsMountPoint(_ path: String) -> Bool {
    tmpfsMountPoints.answer(for: path) { readMountType(of: $0) == "tmpfs" }
  }

  private static let tmpfsMountPoints = AnswerCache()

  /// Answers by path, each worked out once (under the lock: the threads writing workbooks
  /// ask at the same time).
  private final class AnswerCache: @unchecked Sendable {
    private let lock = PosixLock()
    private var answers: [String: Bool] = [:]

    func answer(for path: String, _ work: (String) -> Bool) -> Bool {
      lock.withLock {
        if let known = answers[path] { return known }
        let answer = work(path)
        answers[path] = answer
        return answer
      }
    }
  }

  /// The file system type of the last `/proc/self/mounts` line whose mount point is
  /// `path` (the table writes a space, tab, newline or backslash in a path as an octal
  /// escape, `\040` for a space), or nil.
  static func readMountType(of path: String, table: String = "/proc/self/mounts") -> String? {
    guard let file = fopen(table, "r") else { return nil }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(line) }
    var type: String? = nil
    while getline(&line, &capacity, file) > 0, let line {
      // device mount-point type options dump pass
      let fields = String(cString: line).split(separator: " ", omittingEmptySubsequences: true)
      if fields.count >= 3 && fields[1].unescapedMountField() == path { type = String(fields[2]) }
    }
    return type
  }
}

extension Substring {
  /// The mount table's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134`
  /// backslash) turned back into their characters.
  fileprivate func unescapedMountField() -> String {
    guard contains("\\") else { return String(self) }
    var bytes: [UInt8] = []
    var utf8 = Array(self.utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "\\"), utf8.count >= 3,
        let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8)
      {
        bytes.append(value)
        utf8 = utf8.dropFirst(3)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
