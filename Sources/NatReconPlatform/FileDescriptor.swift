#if canImport(Glibc)
  import Glibc
#endif

/// The one write(2) loop: every file the programs write goes through `writeAll`.
public enum FileDescriptor {
  /// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
  ///
  /// - Returns: true when every byte was written; false otherwise, with `errno` saying why
  ///   (EIO when write(2) wrote nothing without an error). Read it at once with
  ///   `errorText()`.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var offset = 0
    while offset < bytes.count {
      let n = write(fd, base + offset, bytes.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        return false
      }
      if n == 0 {
        errno = EIO
        return false
      }
      offset += n
    }
    return true
  }

  /// `writeAll` for an array of bytes.
  public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(fd, $0) }
  }

  /// `errno` as text (strerror), for a message naming the file.
  public static func errorText() -> String { String(cString: strerror(errno)) }
}
