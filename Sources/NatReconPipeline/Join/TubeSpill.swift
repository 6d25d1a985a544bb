import NatReconCore
import NatReconIO
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// What the tube scan needs of one used test record with a tube ID.
struct SpilledRecord {
  /// The ID key; `DocumentKey.unresolved` for another document the roster does not hold (`otherText` then).
  var key: UInt64
  /// The resident, or nil when the ID is not on the roster.
  var resident: UInt32?
  var sampleTime: Int64
  var result: TestResult
  var line: Int
  var tube: UnsafeBufferPointer<UInt8>
  var otherText: UnsafeBufferPointer<UInt8>
  /// Name and phone of an unmatched record (a matched member's come from the roster).
  var name: UnsafeBufferPointer<UInt8>
  var phone: UnsafeBufferPointer<UInt8>
}

/// A scratch file of `SpilledRecord`s, one per test export, written by the probe's
/// worker as it parses the export and read by `PositiveTubeScan`: finding the members
/// of positive tubes then reads about 57 bytes per record (41 plus the tube ID) instead
/// of parsing every export a second time. It lives in the run's temporary folder and is
/// removed after the scan (or with the folder, after a crash).
///
/// Record layout (little-endian): key u64, sample time i64, resident u32 (`UInt32.max`:
/// none), line u32, result u8, then four u32-length-prefixed byte strings: tube, other
/// document text, name, phone.
///
/// Memory: one 256 KiB buffer. A write error (a full disk) does not fail the run: the
/// writer reports it and the scan parses the exports again instead.
final class TubeSpillWriter {
  static let bufferBytes = 1 << 18

  let path: String
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var isFailed = false
  private var isClosed = false

  /// Creates the file; nil when it cannot be created.
  init?(path: String) {
    let fd = FileDescriptor.create(path, mode: 0o600)
    guard fd >= 0 else { return nil }
    self.path = path
    self.fd = fd
    buffer.reserveCapacity(Self.bufferBytes + 4096)
  }

  deinit { if !isClosed { close(fd) } }

  func append(_ r: SpilledRecord) {
    guard !isFailed else { return }
    put(r.key)
    put(UInt64(bitPattern: r.sampleTime))
    put32(r.resident ?? UInt32.max)
    put32(UInt32(truncatingIfNeeded: r.line))
    buffer.append(r.result.rawValue)
    putField(r.tube)
    putField(r.otherText)
    putField(r.name)
    putField(r.phone)
    if buffer.count >= Self.bufferBytes { flush() }
  }

  /// Flushes and closes; false when any write failed (the caller falls back). A failed
  /// file is removed at once, so that nothing partial is published with the reports.
  func finish() -> Bool {
    flush()
    if close(fd) != 0 { isFailed = true }
    isClosed = true
    if isFailed { unlink(path) }
    return !isFailed
  }

  private func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) } }
  private func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) } }
  private func putField(_ b: UnsafeBufferPointer<UInt8>) {
    put32(UInt32(b.count))
    buffer.append(contentsOf: b)
  }

  private func flush() {
    defer { buffer.removeAll(keepingCapacity: true) }
    guard !isFailed, !buffer.isEmpty else { return }
    if !FileDescriptor.writeAll(fd, buffer) { isFailed = true }
  }
}

/// Reads a `TubeSpillWriter` file back, record by record.
enum TubeSpillReader {
  /// Calls `body` for every record of the spill at `path`.
  /// - Throws: `IngestError.readFailed` when the file cannot be read or is cut short.
  static func forEach(path: String, displayPath: String, _ body: (SpilledRecord) -> Void) throws(IngestError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw .readFailed(path: displayPath, detail: "tube scratch file: \(FileDescriptor.errorText())")
    }
    defer { close(fd) }
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: TubeSpillWriter.bufferBytes)
    while true {
      let n = chunk.withUnsafeMutableBytes { FileDescriptor.read(fd, into: $0.baseAddress, count: $0.count) }
      if n < 0 { throw .readFailed(path: displayPath, detail: "tube scratch file: \(FileDescriptor.errorText())") }
      if n == 0 { break }
      pending.append(contentsOf: chunk[0..<n])
      let used = pending.withUnsafeBufferPointer { decode($0, body) }
      pending.removeFirst(used)
    }
    if !pending.isEmpty { throw .readFailed(path: displayPath, detail: "tube scratch file cut short") }
  }

  /// Decodes the complete records at the start of `b`; returns the bytes they took.
  private static func decode(_ b: UnsafeBufferPointer<UInt8>, _ body: (SpilledRecord) -> Void) -> Int {
    var at = 0
    func u64(_ i: Int) -> UInt64 {
      var v: UInt64 = 0
      for k in 0..<8 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
      return v
    }
    func u32(_ i: Int) -> UInt32 {
      UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
    func field(_ cursor: inout Int) -> UnsafeBufferPointer<UInt8>? {
      guard b.count - cursor >= 4 else { return nil }
      let n = Int(u32(cursor))
      guard b.count - cursor - 4 >= n else { return nil }
      defer { cursor += 4 + n }
      return UnsafeBufferPointer(rebasing: b[(cursor + 4)..<(cursor + 4 + n)])
    }
    let fixed = 8 + 8 + 4 + 4 + 1
    while b.count - at >= fixed {
      var cursor = at + fixed
      guard let tube = field(&cursor), let other = field(&cursor), let name = field(&cursor),
        let phone = field(&cursor)
      else { break }
      let resident = u32(at + 16)
      body(
        SpilledRecord(
          key: u64(at), resident: resident == UInt32.max ? nil : resident,
          sampleTime: Int64(bitPattern: u64(at + 8)), result: TestResult(rawValue: b[at + 24]) ?? .pending,
          line: Int(u32(at + 20)), tube: tube, otherText: other, name: name, phone: phone))
      at = cursor
    }
    return at
  }
}
