import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// Streams GB18030 (a superset of GBK and GB2312, what Excel writes on Chinese Windows)
/// to UTF-8 with glibc's iconv.
///
/// A character split across two chunks is carried over: the 1–3 bytes iconv reports as
/// incomplete (EINVAL) are kept and put back in front of the next chunk, in the chunk
/// buffer's headroom (`ReaderBuffers.headroomBytes`), so no chunk is copied. A byte that
/// cannot start a valid character (EILSEQ), and an incomplete character at the end of
/// the file, become one 0xFF byte each in the output: 0xFF never occurs in UTF-8, so the
/// record holding it fails UTF-8 validation and becomes `bad_encoding` — invalid bytes
/// never crash the reader and never vanish.
///
/// Memory: one output buffer of 2 × `ReaderBuffers.chunkBytes` (a 2-byte character
/// becomes at most 3 UTF-8 bytes, a 4-byte one 4).
final class GB18030Decoder {
  /// The byte written for every undecodable input byte.
  static let invalidMarker: UInt8 = 0xFF

  private let converter: iconv_t
  private let output: UnsafeMutablePointer<UInt8>
  private let outputCapacity = 2 * ReaderBuffers.chunkBytes
  private var carry: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
  private var carryCount = 0

  /// - Throws: `.readFailed` when this system's iconv has no GB18030 converter.
  init(displayPath: String) throws(IngestError) {
    let converter = iconv_open("UTF-8", "GB18030")
    guard let converter, converter != iconv_t(bitPattern: -1) else {
      throw .readFailed(
        path: displayPath,
        detail: "iconv cannot convert GB18030 on this system (glibc gconv modules missing)")
    }
    self.converter = converter
    self.output = .allocate(capacity: outputCapacity)
  }

  deinit {
    iconv_close(converter)
    output.deallocate()
  }

  /// Decodes `count` bytes at `input` and hands the UTF-8 output to `emit`, in order, in
  /// one or more pieces.
  ///
  /// - Parameters:
  ///   - input: The chunk. At least `ReaderBuffers.headroomBytes` writable bytes must
  ///     precede it (the carried-over bytes of a split character are written there).
  ///   - isLast: True for the end of the file: an incomplete character is then invalid.
  ///     `count` may be 0.
  ///   - emit: Receives the output; its error stops the decoding and is rethrown.
  func decode(
    _ input: UnsafeMutablePointer<UInt8>, count: Int, isLast: Bool,
    emit: (UnsafePointer<UInt8>, Int) throws(IngestError) -> Void
  ) throws(IngestError) {
    var start = input
    var remaining = count
    if carryCount > 0 {
      start -= carryCount
      withUnsafeBytes(of: carry) { carried in
        for k in 0..<carryCount { start[k] = carried[k] }
      }
      remaining += carryCount
      carryCount = 0
    }
    var outputCount = 0
    while remaining > 0 {
      var inPointer = UnsafeMutableRawPointer(start).assumingMemoryBound(to: CChar.self)
      var inLeft = remaining
      var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output + outputCount)
        .assumingMemoryBound(to: CChar.self)
      var outLeft = outputCapacity - outputCount
      var inOptional: UnsafeMutablePointer<CChar>? = inPointer
      let status = iconv(converter, &inOptional, &inLeft, &outPointer, &outLeft)
      let failure = status == -1 ? errno : 0
      inPointer = inOptional.unsafelyUnwrapped
      start = UnsafeMutableRawPointer(inPointer).assumingMemoryBound(to: UInt8.self)
      remaining = inLeft
      outputCount = outputCapacity - outLeft
      if status != -1 { break }
      switch failure {
      case E2BIG:
        try emit(output, outputCount)
        outputCount = 0
      case EINVAL where !isLast && remaining < 4:
        // A character split by the chunk's end: finish it with the next chunk.
        withUnsafeMutableBytes(of: &carry) { carried in
          for k in 0..<remaining { carried[k] = start[k] }
        }
        carryCount = remaining
        remaining = 0
      default:
        // EILSEQ (or EINVAL at the end of the file): mark one byte invalid, go on.
        if outputCount == outputCapacity {
          try emit(output, outputCount)
          outputCount = 0
        }
        output[outputCount] = Self.invalidMarker
        outputCount += 1
        start += 1
        remaining -= 1
      }
    }
    if outputCount > 0 { try emit(output, outputCount) }
  }
}
