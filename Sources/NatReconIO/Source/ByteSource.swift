import CZlib
import NatReconCore
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// The bytes of one input file: a plain file's page-cache pages (`FileWindows`, or read(2)
/// where it cannot be mapped, e.g. a pipe), zlib streaming inflate for gzip.
///
/// Gzip is detected by its magic bytes (1f 8b), never by the file name (a pipe or FIFO,
/// which cannot be peeked, is read as plain text). Concatenated gzip
/// members (what `cat a.gz b.gz` and parallel compressors write) are read one after the
/// other. A stream that ends before its last member is complete (a truncated copy) or
/// that fails to inflate (Z_DATA_ERROR: bad header, bad block, wrong CRC or length) is
/// `IngestError.corruptGzip`; so is anything after the last member that is not a member.
///
/// Memory: one compressed chunk (`ReaderBuffers.compressedChunkBytes`) plus zlib's
/// 32 KiB window; the caller owns the output buffer.
final class ByteSource {
  let displayPath: String
  let compression: Compression
  /// The file's size on disk (0 for a pipe).
  let fileBytes: Int
  /// Bytes read from disk so far (compressed bytes for gzip), for progress reports.
  private(set) var bytesRead = 0

  private let fd: Int32
  private var isInputAtEOF = false
  // Gzip only.
  private var stream: UnsafeMutablePointer<z_stream>?
  private var compressed: UnsafeMutablePointer<UInt8>?
  private var isMemberEnded = false
  private var isOutputAtEOF = false
  // A plain regular file, mapped.
  private var windows: FileWindows?

  /// Whether `nextPiece` hands out the file's bytes where the page cache holds them.
  var isMapped: Bool { windows != nil }

  /// Opens `path` and detects gzip.
  ///
  /// - Throws: `.fileNotFound`, `.emptyFile` (0 bytes), `.readFailed` (permissions, a
  ///   directory, an I/O error), `.corruptGzip` (zlib cannot start).
  /// The identity the file must keep (nil: not checked); see `FileIdentity`.
  private let expectedIdentity: FileIdentity?

  init(path: String, displayPath: String, expectedIdentity: FileIdentity? = nil) throws(IngestError) {
    self.displayPath = displayPath
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR { throw .fileNotFound(path: displayPath) }
      throw .readFailed(path: displayPath, detail: FileDescriptor.errorText(code))
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let code = errno
      close(fd)
      throw .readFailed(path: displayPath, detail: FileDescriptor.errorText(code))
    }
    let fileType = info.st_mode & S_IFMT
    if fileType == S_IFDIR {
      close(fd)
      throw .readFailed(path: displayPath, detail: "it is a directory")
    }
    // A pipe or FIFO (`<(zcat …)`) has no size and cannot be peeked: read it as plain text.
    let isRegular = fileType == S_IFREG
    guard info.st_size > 0 || !isRegular else {
      close(fd)
      throw .emptyFile(path: displayPath)
    }
    self.fd = fd
    self.fileBytes = Int(info.st_size)
    self.expectedIdentity = expectedIdentity
    do {
      try InputChangeCheck.verify(FileIdentity(info), expected: expectedIdentity, displayPath: displayPath)
    } catch {
      close(fd)
      throw error
    }

    var magic: (UInt8, UInt8) = (0, 0)
    let peeked = isRegular ? withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) } : 0
    guard peeked >= 0 else {
      let code = errno
      close(fd)
      throw .readFailed(path: displayPath, detail: FileDescriptor.errorText(code))
    }
    if peeked == 2 && magic == (0x1F, 0x8B) {
      compression = .gzip
      let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      stream.initialize(to: z_stream())
      // 15 + 16: a gzip wrapper (not zlib or raw deflate), the largest window.
      let status = natrecon_inflateInit2(stream, 15 + 16)
      guard status == Z_OK else {
        stream.deallocate()
        close(fd)
        throw .corruptGzip(path: displayPath, detail: "zlib cannot start (status \(status))")
      }
      self.stream = stream
      self.compressed = .allocate(capacity: ReaderBuffers.compressedChunkBytes)
    } else {
      compression = .none
      if isRegular {
        windows = FileWindows(fd: fd, size: fileBytes, windowBytes: ReaderBuffers.windowBytes)
      }
    }
  }

  deinit {
    if let stream {
      inflateEnd(stream)
      stream.deallocate()
    }
    compressed?.deallocate()
    close(fd)
  }

  /// Fills `buffer` with the next bytes of (decompressed) content; a mapped file is read
  /// with read(2) from here on (`stopMapping`).
  ///
  /// - Returns: The number of bytes written: `capacity` except for the last chunk, 0 at
  ///   the end of the content.
  /// - Throws: `.readFailed` for an I/O error, `.corruptGzip` for a corrupt or truncated
  ///   gzip stream (also when the damage is in the very last bytes: the trailer's CRC and
  ///   length are checked).
  func fill(_ buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(IngestError) -> Int {
    if let stream, let compressed {
      return try inflateFill(buffer, capacity: capacity, stream: stream, compressed: compressed)
    }
    if windows != nil { try stopMapping() }
    return try readFully(into: buffer, capacity: capacity)
  }

  // MARK: - Mapped

  /// Reads the rest of a mapped file with read(2) from where the windows stopped: for
  /// content that is copied anyway (the GB18030 decoder's), so that no window is mapped
  /// beside the copy.
  func stopMapping() throws(IngestError) {
    guard let windows else { return }
    guard lseek(fd, off_t(windows.position), SEEK_SET) == off_t(windows.position) else {
      throw .readFailed(path: displayPath, detail: FileDescriptor.errorText())
    }
    if windows.wasCut { throw .inputChanged(path: displayPath, detail: "cut short while it was read") }
    self.windows = nil
  }

  /// The next bytes of a mapped plain file (`isMapped`), at most `maxBytes`, where the
  /// page cache holds them: valid until the next call. Empty at the end of the file,
  /// where the change check runs.
  ///
  /// - Throws: `.readFailed` when a window cannot be mapped; `.inputChanged` when the
  ///   file changed, or was cut short (its pages past the cut read as zeros, see
  ///   `FileWindows`).
  func nextPiece(maxBytes: Int) throws(IngestError) -> UnsafeBufferPointer<UInt8> {
    let windows = self.windows.unsafelyUnwrapped
    let piece: UnsafeBufferPointer<UInt8>
    do { piece = try windows.next(maxBytes: maxBytes) } catch {
      throw .readFailed(path: displayPath, detail: FileDescriptor.errorText(error.code))
    }
    bytesRead = windows.position
    if piece.isEmpty && !isInputAtEOF {
      isInputAtEOF = true
      if expectedIdentity != nil {
        try InputChangeCheck.verify(
          FileIdentity.of(fd: fd), expected: expectedIdentity, bytesRead: bytesRead, displayPath: displayPath)
      }
      if windows.wasCut { throw .inputChanged(path: displayPath, detail: "cut short while it was read") }
    }
    return piece
  }

  // MARK: - Plain

  /// read(2) until `capacity` bytes or the end of the file.
  private func readFully(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int)
    throws(IngestError) -> Int
  {
    var filled = 0
    while filled < capacity && !isInputAtEOF {
      let count = FileDescriptor.read(fd, into: buffer + filled, count: capacity - filled)
      if count > 0 {
        filled += count
        bytesRead += count
      } else if count == 0 {
        isInputAtEOF = true
        if expectedIdentity != nil {
          try InputChangeCheck.verify(
            FileIdentity.of(fd: fd), expected: expectedIdentity, bytesRead: bytesRead, displayPath: displayPath)
        }
      } else {
        throw .readFailed(path: displayPath, detail: FileDescriptor.errorText(errno))
      }
    }
    return filled
  }

  // MARK: - Gzip

  private func inflateFill(
    _ buffer: UnsafeMutablePointer<UInt8>, capacity: Int, stream: UnsafeMutablePointer<z_stream>,
    compressed: UnsafeMutablePointer<UInt8>
  ) throws(IngestError) -> Int {
    if isOutputAtEOF { return 0 }
    stream.pointee.next_out = buffer
    stream.pointee.avail_out = UInt32(capacity)
    while stream.pointee.avail_out > 0 {
      if stream.pointee.avail_in == 0 && !isInputAtEOF {
        let count = try readFully(into: compressed, capacity: ReaderBuffers.compressedChunkBytes)
        stream.pointee.next_in = compressed
        stream.pointee.avail_in = UInt32(count)
      }
      if isMemberEnded {
        // Another member follows (concatenated gzip), or the content is complete.
        if stream.pointee.avail_in == 0 {
          isOutputAtEOF = true
          break
        }
        inflateReset(stream)
        isMemberEnded = false
      }
      let status = inflate(stream, Z_NO_FLUSH)
      switch status {
      case Z_OK:
        continue
      case Z_STREAM_END:
        isMemberEnded = true
      case Z_BUF_ERROR:
        // No progress possible: zlib needs input, and there is none left.
        if stream.pointee.avail_in == 0 && isInputAtEOF {
          throw corruptGzip(stream, "the file ends inside the gzip stream (truncated)")
        }
      case Z_DATA_ERROR:
        throw corruptGzip(stream, "invalid compressed data")
      case Z_NEED_DICT:
        throw corruptGzip(stream, "a preset dictionary is required")
      case Z_MEM_ERROR:
        throw .readFailed(path: displayPath, detail: "zlib is out of memory")
      default:
        throw corruptGzip(stream, "zlib status \(status)")
      }
    }
    return capacity - Int(stream.pointee.avail_out)
  }

  @inline(never)
  private func corruptGzip(_ stream: UnsafeMutablePointer<z_stream>, _ fallback: String)
    -> IngestError
  {
    let offset = bytesRead - Int(stream.pointee.avail_in)
    let zlibMessage = stream.pointee.msg.map { String(cString: $0) }
    let detail = "\(zlibMessage ?? fallback) at compressed byte \(offset) of \(fileBytes)"
    return .corruptGzip(path: displayPath, detail: detail)
  }
}
