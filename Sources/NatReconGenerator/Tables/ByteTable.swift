/// A list of short strings stored as one flat UTF-8 byte array plus offsets, so the row
/// loops append a table entry without touching `String` or an inner array.
///
/// Memory: the strings' UTF-8 bytes plus 4 bytes per entry.
struct ByteTable: Sendable {
  private(set) var bytes: [UInt8] = []
  private(set) var starts: [Int32] = [0]

  init(_ strings: [String]) {
    for s in strings { append(s) }
  }

  init() {}

  /// The number of entries.
  var count: Int { starts.count - 1 }

  /// Adds an entry and returns its index.
  @discardableResult
  mutating func append(_ s: String) -> Int {
    bytes.append(contentsOf: s.utf8)
    starts.append(Int32(bytes.count))
    return starts.count - 2
  }

  /// Adds the bytes of an entry and returns its index.
  @discardableResult
  mutating func append(bytes b: [UInt8]) -> Int {
    bytes.append(contentsOf: b)
    starts.append(Int32(bytes.count))
    return starts.count - 2
  }

  /// The byte length of entry `i`.
  @inline(__always)
  func length(_ i: Int) -> Int { Int(starts[i + 1] - starts[i]) }

  /// Appends entry `i` to `out`.
  @inline(__always)
  func write(_ i: Int, to out: inout [UInt8]) {
    let lo = Int(starts[i])
    let hi = Int(starts[i + 1])
    bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[lo..<hi])) }
  }

  /// Entry `i` as a `String` (cold paths: layout, pipeline file).
  func string(_ i: Int) -> String {
    String(decoding: bytes[Int(starts[i])..<Int(starts[i + 1])], as: UTF8.self)
  }

  /// The Unicode scalars of entry `i` (for name variants; cold).
  func scalars(_ i: Int) -> [Unicode.Scalar] { Array(string(i).unicodeScalars) }
}
