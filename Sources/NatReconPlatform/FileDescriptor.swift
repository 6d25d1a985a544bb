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

  /// Linux's `O_DIRECT` (Glibc does not export it to Swift: it needs `_GNU_SOURCE`); 0
  /// where its value is not known here, which turns direct writes off (`setDirect`).
  #if arch(x86_64) || arch(i386)
    static let directFlag: Int32 = 0o40000
  #elseif arch(arm64)
    static let directFlag: Int32 = 0o200000
  #else
    static let directFlag: Int32 = 0
  #endif

  /// The alignment of address, length and offset that direct writes keep: a 4 KiB page,
  /// a multiple of every common disk's logical block (512 or 4,096 bytes).
  public static let directAlignment = 4096

  /// Whether `fd`'s writes are direct (`O_DIRECT` is set).
  public static func isDirect(_ fd: Int32) -> Bool {
    let flags = fcntl(fd, F_GETFL)
    return directFlag != 0 && flags >= 0 && flags & directFlag != 0
  }

  /// Turns `O_DIRECT` on or off for the rest of `fd`'s writes (`fcntl(F_SETFL)`): on,
  /// writes go from the caller's memory to the disk without the kernel's copy into the
  /// page cache, and each write's address, length and file offset must be multiples of
  /// the file system's alignment (`directAlignment` suits common disks);
  /// `writeAll(…, directFallback: true)` turns it off again when the kernel refuses a
  /// direct write.
  ///
  /// - Returns: true, or false with `errno` set (`EINVAL`: the file system takes no
  ///   direct writes).
  @discardableResult
  public static func setDirect(_ fd: Int32, _ on: Bool) -> Bool {
    if on && directFlag == 0 {
      errno = EINVAL
      return false
    }
    let flags = fcntl(fd, F_GETFL)
    if flags < 0 { return false }
    return fcntl(fd, F_SETFL, on ? flags | directFlag : flags & ~directFlag) == 0
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
  ///
  /// With `directFallback`, a write the kernel refuses with `EINVAL` (a direct write the
  /// file system cannot align) turns `O_DIRECT` off (`setDirect`) and is made again
  /// through the page cache.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, directFallback: Bool = false) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var offset = 0
    var mayFallBack = directFallback
    while offset < bytes.count {
      let n = write(fd, base + offset, bytes.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        if errno == EINVAL && mayFallBack {
          mayFallBack = false
          if setDirect(fd, false) { continue }
          errno = EINVAL
        }
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
