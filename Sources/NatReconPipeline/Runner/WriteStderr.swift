#if canImport(Glibc)
  import Glibc
#endif

/// Writes text to stderr (diagnostics never go to stdout).
public func writeStderr(_ text: String) {
  var bytes = Array(text.utf8)
  bytes.withUnsafeMutableBytes { buffer in
    var offset = 0
    while offset < buffer.count {
      let n = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      offset += n
    }
  }
}
