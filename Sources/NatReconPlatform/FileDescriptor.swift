#if canImport(Glibc)
  import Glibc
#endif

/// The file calls every module shares: the one write(2) loop (`writeAll`), the one read(2)
/// retry (`read`), and the one way an output file is created (`create`, `writeFile`).
public enum FileDescriptor {
  /// Creates (or truncates) `path` for writing, close-on-exec.
  ///
  /// - Returns: the descriptor, or -1 with `errno` set.
  public static func create(_ path: String, mode: mode_t = 0o644) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
  }

  /// Writes `bytes` as the whole content of `path` (created or truncated).
  ///
  /// - Returns: true, or false with `errno` saying why (the file may then be partial).
  public static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    let fd = create(path)
    if fd < 0 { return false }
    if !writeAll(fd, bytes) {
      let code = errno
      close(fd)
      errno = code
      return false
    }
    return close(fd) == 0
  }

  /// read(2) into `buffer`, retried when a signal interrupts it.
  ///
  /// - Returns: the bytes read (0 at the end of the file), or -1 with `errno` set.
  public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer?, count: Int) -> Int {
    while true {
      let n = Glibc.read(fd, buffer, count)
      if n < 0 && errno == EINTR { continue }
      return n
    }
  }

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

  /// An errno value (by default the current one) as text, for a message naming the file:
  /// the one strerror call.
  public static func errorText(_ code: Int32 = errno) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
  }
}
