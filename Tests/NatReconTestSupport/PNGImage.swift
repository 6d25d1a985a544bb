import CZlib
import Foundation

/// A decoded 8-bit RGB or RGBA PNG (what Chromium's `--screenshot` writes), for tests
/// that check a rendered page is not blank.
///
/// Handles the non-interlaced 8-bit truecolour images browsers write: chunks, zlib
/// (`uncompress`) and the five scanline filters of the PNG specification (§9). Anything
/// else throws, so a test never reads a wrong image as blank.
public struct PNGImage {
  public enum Failure: Error, CustomStringConvertible {
    case malformed(String)
    public var description: String {
      switch self {
      case .malformed(let why): "not a PNG this reader handles: \(why)"
      }
    }
  }

  public let width: Int
  public let height: Int
  /// 3 (RGB) or 4 (RGBA).
  public let channels: Int
  /// Row-major pixels, `channels` bytes each, filters removed.
  public let pixels: [UInt8]

  public init(data: Data) throws {
    let bytes = [UInt8](data)
    guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
      throw Failure.malformed("no PNG signature")
    }
    func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
    var offset = 8
    var header: (width: Int, height: Int, depth: UInt8, colour: UInt8, interlace: UInt8)?
    var compressed: [UInt8] = []
    while offset + 8 <= bytes.count {
      let length = be32(offset)
      let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
      let start = offset + 8
      guard start + length + 4 <= bytes.count else { throw Failure.malformed("chunk \(type) runs past the end") }
      switch type {
      case "IHDR":
        header = (be32(start), be32(start + 4), bytes[start + 8], bytes[start + 9], bytes[start + 12])
      case "IDAT":
        compressed += bytes[start..<start + length]
      default:
        break
      }
      offset = start + length + 4
      if type == "IEND" { break }
    }
    guard let h = header else { throw Failure.malformed("no IHDR") }
    guard h.depth == 8, h.colour == 2 || h.colour == 6, h.interlace == 0 else {
      throw Failure.malformed("bit depth \(h.depth), colour type \(h.colour), interlace \(h.interlace)")
    }
    let channels = h.colour == 6 ? 4 : 3
    let stride = h.width * channels
    var raw = [UInt8](repeating: 0, count: h.height * (stride + 1))
    var rawLength = uLongf(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { out in
      compressed.withUnsafeBufferPointer { src in
        uncompress(out.baseAddress, &rawLength, src.baseAddress, uLong(src.count))
      }
    }
    guard status == Z_OK, Int(rawLength) == raw.count else { throw Failure.malformed("zlib status \(status)") }
    var pixels = [UInt8](repeating: 0, count: h.height * stride)
    for y in 0..<h.height {
      let filter = raw[y * (stride + 1)]
      let row = y * (stride + 1) + 1
      let out = y * stride
      for i in 0..<stride {
        let x = raw[row + i]
        let a = i >= channels ? Int(pixels[out + i - channels]) : 0
        let b = y > 0 ? Int(pixels[out - stride + i]) : 0
        let c = i >= channels && y > 0 ? Int(pixels[out - stride + i - channels]) : 0
        let predictor: Int
        switch filter {
        case 0: predictor = 0
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: throw Failure.malformed("filter type \(filter) on row \(y)")
        }
        pixels[out + i] = x &+ UInt8(truncatingIfNeeded: predictor)
      }
    }
    (width, height, self.channels, self.pixels) = (h.width, h.height, channels, pixels)
  }

  /// The RGB of the pixel at (x, y), packed as 0xRRGGBB.
  public func rgb(_ x: Int, _ y: Int) -> UInt32 {
    let i = (y * width + x) * channels
    return UInt32(pixels[i]) << 16 | UInt32(pixels[i + 1]) << 8 | UInt32(pixels[i + 2])
  }
}
