import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// Streams GB18030 (a superset of GBK and GB2312, what Excel writes on Chinese Windows)
/// to UTF-8.
///
/// ASCII is copied 8 bytes at a time; two-byte characters (all of GBK, nearly all Chinese
/// text) go through `GB18030Table`, a lookup table built once from glibc's iconv; the
/// rare four-byte characters (CJK extensions, other scripts) are converted by iconv one
/// at a time. Measured on a test export, the table makes the GB18030 path about twice as
/// fast as converting everything with iconv.
///
/// A character split across two chunks is carried over: its 1–3 bytes are kept and put
/// back in front of the next chunk, in the chunk buffer's headroom
/// (`ReaderBuffers.headroomBytes`), so no chunk is copied. A byte that cannot start a
/// valid character, and an incomplete character at the end of the file, become one 0xFF
/// byte each in the output, and decoding resumes at the next byte (as iconv's EILSEQ
/// handling would: an ASCII byte after a bad lead byte survives). 0xFF never occurs in
/// UTF-8, so the record holding it fails UTF-8 validation and becomes `bad_encoding` —
/// invalid bytes never crash the reader and never vanish.
///
/// Memory: one output buffer of 2 × `ReaderBuffers.chunkBytes` (a two-byte character
/// becomes at most 4 UTF-8 bytes, a four-byte one 4); the shared table is 94 KiB.
final class GB18030Decoder {
  /// The byte written for every undecodable input byte.
  static let invalidMarker: UInt8 = 0xFF

  private let converter: iconv_t
  private let table: [UInt32]
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
    self.table = GB18030Table.twoByte
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
    var p = UnsafePointer(input)
    var n = count
    if carryCount > 0 {
      let start = input - carryCount
      withUnsafeBytes(of: carry) { carried in
        for k in 0..<carryCount { start[k] = carried[k] }
      }
      p = UnsafePointer(start)
      n += carryCount
      carryCount = 0
    }
    let out = output
    let capacity = outputCapacity
    var o = 0
    var i = 0
    try table.withUnsafeBufferPointer { (table) throws(IngestError) in
      let twoByte = table.baseAddress.unsafelyUnwrapped
      while i < n {
        if o + 8 > capacity {
          try emit(out, o)
          o = 0
        }
        if i &+ 8 <= n {
          // Eight bytes at once: all ASCII are copied whole; otherwise the ASCII bytes in
          // front of the first non-ASCII one are (the word is stored whole, the bytes past
          // them are overwritten next), and the loop starts again at that byte, with the
          // output's room checked again.
          let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
          UnsafeMutableRawPointer(out + o).storeBytes(of: word, as: UInt64.self)
          let high = UInt64(littleEndian: word) & UTF8Scan.highBits
          let ascii = high == 0 ? 8 : high.trailingZeroBitCount &>> 3
          if ascii > 0 {
            i &+= ascii
            o &+= ascii
            continue
          }
        }
        let lead = p[i]
        if lead < 0x80 {
          out[o] = lead
          o += 1
          i += 1
          continue
        }
        if lead == 0x80 || lead == 0xFF {
          out[o] = Self.invalidMarker
          o += 1
          i += 1
          continue
        }
        guard i + 1 < n else {
          if !isLast { return keep(p + i, n - i) }
          out[o] = Self.invalidMarker
          o += 1
          i += 1
          continue
        }
        let trail = p[i + 1]
        if trail >= 0x40 && trail != 0x7F && trail != 0xFF {
          var entry = twoByte[(Int(lead) - 0x81) * GB18030Table.trailCount + Int(trail) - 0x40]
          if entry == 0 {
            out[o] = Self.invalidMarker
            o += 1
            i += 1
            continue
          }
          // A run of two-byte characters (a name, an address) stays in this loop. Each
          // entry's UTF-8 bytes are stored as one 4-byte word (its top byte, the length,
          // lands past the character and is overwritten or never emitted: there are 8
          // bytes of room).
          while true {
            let length = Int(entry >> 24)
            UnsafeMutableRawPointer(out + o).storeBytes(of: entry.littleEndian, as: UInt32.self)
            if length == 4 { Self.writeSupplementary(entry & 0xFF_FFFF, into: out + o) }
            o += length
            i += 2
            guard i + 1 < n && o + 8 <= capacity else { break }
            let nextLead = p[i]
            let nextTrail = p[i + 1]
            guard nextLead >= 0x81 && nextLead != 0xFF && nextTrail >= 0x40 && nextTrail != 0x7F && nextTrail != 0xFF
            else { break }
            entry = twoByte[(Int(nextLead) - 0x81) * GB18030Table.trailCount + Int(nextTrail) - 0x40]
            if entry == 0 { break }
          }
          continue
        }
        if trail >= 0x30 && trail <= 0x39 {
          guard i + 3 < n else {
            if !isLast { return keep(p + i, n - i) }
            out[o] = Self.invalidMarker
            o += 1
            i += 1
            continue
          }
          let written = fourByte(p + i, into: out + o)
          if written > 0 {
            o += written
            i += 4
            continue
          }
        }
        out[o] = Self.invalidMarker
        o += 1
        i += 1
      }
    }
    if o > 0 { try emit(out, o) }
  }

  /// Writes the 4-byte UTF-8 form of `scalar` (U+10000…U+10FFFF): the six two-byte codes
  /// that iconv maps outside the BMP (FE51 → U+20087, …; see `GB18030Table`).
  @inline(never)
  private static func writeSupplementary(_ scalar: UInt32, into out: UnsafeMutablePointer<UInt8>) {
    out[0] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
    out[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 12) & 0x3F)
    out[2] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F)
    out[3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
  }

  /// Keeps the 1–3 bytes of a character cut off by the chunk's end for the next chunk.
  private func keep(_ start: UnsafePointer<UInt8>, _ count: Int) {
    withUnsafeMutableBytes(of: &carry) { carried in
      for k in 0..<count { carried[k] = start[k] }
    }
    carryCount = count
  }

  /// Converts one four-byte GB18030 sequence with iconv; returns the UTF-8 length, 0 when
  /// the sequence is invalid.
  private func fourByte(_ start: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>)
    -> Int
  {
    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: start)
      .assumingMemoryBound(to: CChar.self)
    var inLeft = 4
    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(destination)
      .assumingMemoryBound(to: CChar.self)
    var outLeft = 4
    let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
    guard status != -1 && inLeft == 0 else {
      iconv(converter, nil, nil, nil, nil)  // Reset after a failure.
      return 0
    }
    return 4 - outLeft
  }
}

/// The two-byte characters of GB18030 (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F) as
/// UTF-8, built once per process from glibc's iconv, so the decoder agrees with iconv by
/// construction.
///
/// Layout: 126 × 191 `UInt32` (94 KiB), indexed `(lead − 0x81) × 191 + (trail − 0x40)`;
/// the UTF-8 bytes sit in the low 24 bits (first byte lowest), the length (2 or 3) in
/// the top byte; 0 marks a pair that is not a valid character. Six pairs (FE51, FE52,
/// FE53, FE6C, FE76, FE91) decode in glibc to characters outside the BMP (U+20087,
/// U+20089, U+200CC, U+215D7, U+2298F, U+241FE), whose UTF-8 takes 4 bytes: their entry
/// holds the scalar value in the low 24 bits and length 4 (SPEC §2: exactly as iconv).
enum GB18030Table {
  static let trailCount = 191

  static let twoByte: [UInt32] = build()

  private static func build() -> [UInt32] {
    var table = [UInt32](repeating: 0, count: 126 * trailCount)
    let converter = iconv_open("UTF-8", "GB18030")
    guard let converter, converter != iconv_t(bitPattern: -1) else { return table }
    defer { iconv_close(converter) }
    var source: (UInt8, UInt8) = (0, 0)
    var target: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
    for lead in 0x81...0xFE {
      for trail in 0x40...0xFE where trail != 0x7F {
        source = (UInt8(lead), UInt8(trail))
        let length = withUnsafeMutableBytes(of: &source) { input in
          withUnsafeMutableBytes(of: &target) { output in
            var inPointer: UnsafeMutablePointer<CChar>? = input.baseAddress?.assumingMemoryBound(
              to: CChar.self)
            var inLeft = 2
            var outPointer: UnsafeMutablePointer<CChar>? = output.baseAddress?.assumingMemoryBound(
              to: CChar.self)
            var outLeft = 4
            let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            if status == -1 || inLeft != 0 {
              iconv(converter, nil, nil, nil, nil)
              return 0
            }
            return 4 - outLeft
          }
        }
        let value: UInt32
        switch length {
        case 2, 3:
          value = UInt32(target.0) | UInt32(target.1) << 8 | UInt32(target.2) << 16
        case 4:
          // Outside the BMP: keep the scalar value (21 bits), the decoder writes the bytes.
          value =
            (UInt32(target.0) & 0x07) << 18 | (UInt32(target.1) & 0x3F) << 12
            | (UInt32(target.2) & 0x3F) << 6 | UInt32(target.3) & 0x3F
        default:
          continue  // A pair iconv decodes to ASCII would not be GB18030; never seen.
        }
        table[(lead - 0x81) * trailCount + trail - 0x40] = value | UInt32(length) << 24
      }
    }
    return table
  }
}
