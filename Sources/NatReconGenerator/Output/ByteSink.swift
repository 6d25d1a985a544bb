import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Where a generated file's bytes go: a file descriptor, or `gzip -n -c` through `popen`
/// for `.gz` (so the generator links no zlib); GB18030 files are converted in process with
/// iconv(3) first.
///
/// The row loops fill a `[UInt8]` and hand it over with `write(_:)` whenever it passes
/// `flushBytes`; rows are never split, so a multi-byte character never straddles two
/// iconv calls.
///
/// Determinism: `gzip -n` stores neither name nor time, so the same bytes in give the
/// same `.gz` out.
final class ByteSink {
  /// Hand the buffer over when it holds this much: large writes, little memory.
  static let flushBytes = 1 << 20

  let path: String
  private var fd: Int32 = -1
  private var pipe: UnsafeMutablePointer<FILE>?
  private let command: String
  private var encoder: GB18030Encoder?
  private var converted: [UInt8] = []
  private(set) var bytesIn = 0

  /// Opens `path` for writing (truncating), through gzip when `gzip`.
  init(path: String, gzip: Bool, gb18030: Bool) throws(GeneratorError) {
    self.path = path
    if gzip {
      command = "gzip -n -c > " + Self.shellQuoted(path)
      guard let p = popen(command, "w") else {
        throw .cannotCreate(path: path, detail: "popen gzip: " + FileDescriptor.errorText())
      }
      pipe = p
    } else {
      command = ""
      fd = FileDescriptor.create(path)
      if fd < 0 { throw .cannotCreate(path: path, detail: FileDescriptor.errorText()) }
    }
    if gb18030 {
      guard let e = GB18030Encoder() else { throw .noGB18030Converter }
      encoder = e
      converted = [UInt8](repeating: 0, count: 2 * Self.flushBytes + 4096)
    }
  }

  deinit {
    if let pipe { pclose(pipe) }
    if fd >= 0 { Glibc.close(fd) }
  }

  /// Writes `buffer` (converted if GB18030) and empties it, keeping its capacity.
  func write(_ buffer: inout [UInt8]) throws(GeneratorError) {
    bytesIn += buffer.count
    if encoder != nil {
      try convertAndWrite(buffer)
    } else {
      let failure: GeneratorError? = buffer.withUnsafeBytes { raw in
        do throws(GeneratorError) { try writeRaw(raw) } catch { return error }
        return nil
      }
      if let failure { throw failure }
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes the rest and closes; for gzip, waits for it and checks its exit status.
  func close() throws(GeneratorError) {
    if let p = pipe {
      pipe = nil
      let status = pclose(p)
      if status != 0 { throw .filterFailed(path: path, command: command, status: status) }
    }
    if fd >= 0 {
      let r = Glibc.close(fd)
      fd = -1
      if r != 0 { throw .writeFailed(path: path, detail: FileDescriptor.errorText()) }
    }
  }

  private func writeRaw(_ raw: UnsafeRawBufferPointer) throws(GeneratorError) {
    guard let base = raw.baseAddress, raw.count > 0 else { return }
    if let pipe {
      if fwrite(base, 1, raw.count, pipe) != raw.count {
        throw .writeFailed(path: path, detail: "gzip pipe: " + FileDescriptor.errorText())
      }
      return
    }
    if !FileDescriptor.writeAll(fd, raw) { throw .writeFailed(path: path, detail: FileDescriptor.errorText()) }
  }

  /// UTF-8 → GB18030 (`GB18030Encoder`), written out a converted chunk at a time.
  private func convertAndWrite(_ buffer: [UInt8]) throws(GeneratorError) {
    guard let encoder else { return }
    var done = 0
    while done < buffer.count {
      var step = (produced: 0, failed: false)
      var code: Int32 = 0
      buffer.withUnsafeBytes { inRaw in
        converted.withUnsafeMutableBytes { outRaw in
          step = encoder.convert(inRaw, from: &done, into: outRaw)
          code = errno
        }
      }
      let failure: GeneratorError? = converted.withUnsafeBytes { raw in
        do throws(GeneratorError) {
          try writeRaw(UnsafeRawBufferPointer(rebasing: raw[0..<step.produced]))
        } catch { return error }
        return nil
      }
      if let failure { throw failure }
      if step.failed { throw .writeFailed(path: path, detail: "iconv to GB18030: " + FileDescriptor.errorText(code)) }
    }
  }

  static func shellQuoted(_ s: String) -> String {
    "'" + s.replacingAll("'", with: "'\\''") + "'"
  }

}

extension String {
  /// `self` with every `target` replaced (no Foundation).
  func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}
