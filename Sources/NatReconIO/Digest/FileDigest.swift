import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// The manifest's digests: SHA-256 and size of a file as stored.
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
    var buffer = [UInt8](repeating: 0, count: chunkBytes)
    var total = 0
    while true {
      let n = buffer.withUnsafeMutableBytes { FileDescriptor.read(fd, into: $0.baseAddress, count: chunkBytes) }
      if n < 0 { throw .readFailed(path: displayPath, detail: FileDescriptor.errorText()) }
      if n == 0 { break }
      total += n
      buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
    if identity != nil {
      try InputChangeCheck.verify(
        FileIdentity.of(fd: fd), expected: identity, bytesRead: total, displayPath: displayPath)
    }
    return (total, digest.finalizeHex())
  }
}
