import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// The manifest's digests: SHA-256 and size of a file as stored.
///
/// A regular file is hashed where the page cache holds it (`FileWindows`, no copy); a
/// pipe, or a file that cannot be mapped, through read(2) in `chunkBytes`.
public enum FileDigest {
  /// Read size for hashing: 128 KiB stays in the core's L2 cache, where the kernel's
  /// copy out of the page cache is 2–3× faster than into a 1 MiB buffer (measured with
  /// `dd`: 8.4 against 3.5 GB/s), and syscalls are still few.
  static let chunkBytes = 1 << 17

  /// The size and SHA-256 (lowercase hex) of the file at `path`.
  ///
  /// - Parameters:
  ///   - path: The file to read.
  ///   - displayPath: The path that messages name.
  ///   - identity: When given (an input), the file must be that file at open and at the
  ///     end, and hold exactly that many bytes (`FileIdentity`): so the digest describes
  ///     the bytes the parsing passes read.
  /// - Returns: The bytes read and the digest.
  /// - Throws: `IngestError.readFailed`, or the change check's error.
  public static func sha256(path: String, displayPath: String, identity: FileIdentity? = nil) throws(IngestError) -> (
    bytes: Int, hex: String
  ) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .readFailed(path: displayPath, detail: FileDescriptor.errorText()) }
    defer { close(fd) }
    if identity != nil {
      try InputChangeCheck.verify(FileIdentity.of(fd: fd), expected: identity, displayPath: displayPath)
    }
    let digest = SHA256()
    let total: Int
    var windows: FileWindows?
    var info = stat()
    if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG {
      windows = FileWindows(fd: fd, size: Int(info.st_size))
    }
    if let windows {
      total = try hash(windows, into: digest, displayPath: displayPath)
    } else {
      total = try hash(fd, into: digest, displayPath: displayPath)
    }
    if identity != nil {
      try InputChangeCheck.verify(
        FileIdentity.of(fd: fd), expected: identity, bytesRead: total, displayPath: displayPath)
    }
    // A truncation reads as zeros: the change check above names it for an input; an
    // output (no identity) fails here.
    if windows?.wasCut == true {
      throw .readFailed(path: displayPath, detail: "the file was cut short while it was read")
    }
    return (total, digest.finalizeHex())
  }

  /// Hashes the file through its page-cache pages (`FileWindows`); the bytes hashed.
  static func hash(_ windows: FileWindows, into digest: SHA256, displayPath: String) throws(IngestError) -> Int {
    while true {
      let bytes: UnsafeBufferPointer<UInt8>
      do { bytes = try windows.next(maxBytes: windows.size) } catch {
        throw .readFailed(path: displayPath, detail: FileDescriptor.errorText(error.code))
      }
      if bytes.isEmpty { break }
      digest.update(UnsafeRawBufferPointer(bytes))
    }
    return windows.position
  }

  /// Hashes what read(2) returns until the end (a pipe, or a file that cannot be mapped);
  /// the bytes hashed.
  static func hash(_ fd: Int32, into digest: SHA256, displayPath: String) throws(IngestError) -> Int {
    var buffer = [UInt8](repeating: 0, count: chunkBytes)
    var total = 0
    while true {
      let n = buffer.withUnsafeMutableBytes { FileDescriptor.read(fd, into: $0.baseAddress, count: chunkBytes) }
      if n < 0 { throw .readFailed(path: displayPath, detail: FileDescriptor.errorText()) }
      if n == 0 { break }
      total += n
      buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
    return total
  }
}
