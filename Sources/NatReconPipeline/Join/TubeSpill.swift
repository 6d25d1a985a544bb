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
  var sampleTime: Int64
  var result: TestResult
  /// The record's line; only kept with a name or phone (it orders those values: `LatestValue`), else 0.
  var line: Int
  var tube: UnsafeBufferPointer<UInt8>
  var otherText: UnsafeBufferPointer<UInt8>
  /// Name and phone of an unmatched record (a matched member's come from the roster).
  var name: UnsafeBufferPointer<UInt8>
  var phone: UnsafeBufferPointer<UInt8>
}

/// A scratch file of `SpilledRecord`s, one per test export, written by the probe's
/// worker as it parses the export and read by `PositiveTubeScan`: finding the members
/// of positive tubes then reads about 12 bytes per matched record instead of parsing
/// every export a second time. It lives in the run's temporary folder and is removed
/// after the scan (or with the folder, after a crash).
///
/// Record layout: one flag byte — bits 0–1 the result, bit 2 `newTube`, bit 3
/// `unresolved`, bit 4 `hasNameOrPhone` — then
/// - with `newTube`: the tube ID (a varint length and its bytes); without, the record's
///   tube is the previous record's (a pooled tube's members are usually sampled one
///   after another, so a 16-character ID is written about once per tube);
/// - the key (8 bytes, little-endian), or with `unresolved` the document text (length
///   and bytes) instead;
/// - the sample time as the zigzag varint of its difference to the previous record's
///   (wrapping; the first record's to 0): one or two bytes for an export in time order;
/// - with `hasNameOrPhone`: the line (varint), name and phone (length and bytes each).
///
/// Nothing is hashed or left out, so the scan sees exactly the records the probe wrote
/// (the 57-byte layout of session 4 wrote every field in full; `TubeSpillTests`).
///
/// Memory: one 256 KiB buffer (larger only for a record that does not fit, at most
/// `ReaderLimits.maxRecordBytes` plus its lengths). A write error (a full disk) does not
/// fail the run: the writer reports it and the scan parses the exports again instead.
final class TubeSpillWriter {
  static let bufferBytes = 1 << 18

  enum Flag {
    static let result: UInt8 = 0b11
    static let newTube: UInt8 = 1 << 2
    static let unresolved: UInt8 = 1 << 3
    static let hasNameOrPhone: UInt8 = 1 << 4
  }

  let path: String
  private let fd: Int32
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity = TubeSpillWriter.bufferBytes
  private var count = 0
  private var lastTube: [UInt8] = []
  private var lastSampleTime: Int64 = 0
  private var isFailed = false
  private var isClosed = false

  /// Creates the file; nil when it cannot be created.
  init?(path: String) {
    let fd = FileDescriptor.create(path, mode: 0o600)
    guard fd >= 0 else { return nil }
    self.path = path
    self.fd = fd
    buffer = .allocate(capacity: capacity)
  }

  deinit {
    if !isClosed { close(fd) }
    buffer.deallocate()
  }

  func append(_ r: SpilledRecord) {
    guard !isFailed else { return }
    let hasNameOrPhone = !r.name.isEmpty || !r.phone.isEmpty
    let unresolved = r.key == DocumentKey.unresolved
    let newTube = !Self.equal(r.tube, lastTube)
    // Each varint takes at most 10 bytes.
    var bound = 1 + 10 + 8
    if newTube { bound += 10 + r.tube.count }
    if unresolved { bound += 10 + r.otherText.count }
    if hasNameOrPhone { bound += 30 + r.name.count + r.phone.count }
    reserve(bound)

    var flags = r.result.rawValue & Flag.result
    if newTube { flags |= Flag.newTube }
    if unresolved { flags |= Flag.unresolved }
    if hasNameOrPhone { flags |= Flag.hasNameOrPhone }
    var p = buffer + count
    p.pointee = flags
    p += 1
    if newTube {
      putBytes(r.tube, &p)
      lastTube.removeAll(keepingCapacity: true)
      lastTube.append(contentsOf: r.tube)
    }
    if unresolved {
      putBytes(r.otherText, &p)
    } else {
      UnsafeMutableRawPointer(p).storeBytes(of: r.key.littleEndian, as: UInt64.self)
      p += 8
    }
    let delta = r.sampleTime &- lastSampleTime
    lastSampleTime = r.sampleTime
    Self.putVarint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)), &p)
    if hasNameOrPhone {
      Self.putVarint(UInt64(truncatingIfNeeded: r.line), &p)
      putBytes(r.name, &p)
      putBytes(r.phone, &p)
    }
    count = p - buffer
    if count >= Self.bufferBytes { flush() }
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

  private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return b.withUnsafeBufferPointer { other in
      guard let base = a.baseAddress, let otherBase = other.baseAddress else { return true }
      return memcmp(base, otherBase, a.count) == 0
    }
  }

  @inline(__always)
  static func putVarint(_ value: UInt64, _ p: inout UnsafeMutablePointer<UInt8>) {
    var v = value
    while v >= 0x80 {
      p.pointee = UInt8(truncatingIfNeeded: v) | 0x80
      p += 1
      v >>= 7
    }
    p.pointee = UInt8(v)
    p += 1
  }

  private func putBytes(_ b: UnsafeBufferPointer<UInt8>, _ p: inout UnsafeMutablePointer<UInt8>) {
    Self.putVarint(UInt64(b.count), &p)
    if let base = b.baseAddress, b.count > 0 {
      p.update(from: base, count: b.count)
      p += b.count
    }
  }

  /// Room for `bytes` more: flushes, and grows the buffer for a record larger than it.
  private func reserve(_ bytes: Int) {
    guard count + bytes > capacity else { return }
    flush()
    guard bytes > capacity else { return }
    buffer.deallocate()
    capacity = bytes
    buffer = .allocate(capacity: capacity)
  }

  private func flush() {
    defer { count = 0 }
    guard !isFailed, count > 0 else { return }
    if !FileDescriptor.writeAll(fd, UnsafeRawBufferPointer(start: buffer, count: count)) { isFailed = true }
  }
}

/// Reads a `TubeSpillWriter` file back, record by record.
enum TubeSpillReader {
  /// Calls `body` for every record of the spill at `path` whose tube `wantsTube` accepts;
  /// `wantsTube` is asked once per run of records with the same tube (so a scan tests a
  /// tube once per pooled tube rather than once per record).
  /// - Throws: `IngestError.readFailed` when the file cannot be read or is cut short.
  static func forEach(
    path: String, displayPath: String, wantsTube: (UnsafeBufferPointer<UInt8>) -> Bool = { _ in true },
    _ body: (SpilledRecord) -> Void
  ) throws(IngestError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw .readFailed(path: displayPath, detail: "tube scratch file: \(FileDescriptor.errorText())")
    }
    defer { close(fd) }
    var capacity = TubeSpillWriter.bufferBytes
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var state = DecodeState()
    var filled = 0
    while true {
      if filled == capacity {
        // Not one whole record in a full buffer: a record larger than the buffer.
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = larger
        capacity *= 2
      }
      let n = FileDescriptor.read(fd, into: buffer + filled, count: capacity - filled)
      if n < 0 { throw .readFailed(path: displayPath, detail: "tube scratch file: \(FileDescriptor.errorText())") }
      if n == 0 { break }
      filled += n
      let used = decode(UnsafeBufferPointer(start: buffer, count: filled), &state, wantsTube, body)
      if used > 0 {
        memmove(buffer, buffer + used, filled - used)
        filled -= used
      }
    }
    if filled > 0 { throw .readFailed(path: displayPath, detail: "tube scratch file cut short") }
  }

  /// What carries from one record to the next.
  private struct DecodeState {
    var tube: [UInt8] = []
    var isWanted = true
    var isAsked = false
    var sampleTime: Int64 = 0
  }

  /// A bounds-checked reader over the bytes of one record.
  private struct Cursor {
    let end: UnsafePointer<UInt8>
    var p: UnsafePointer<UInt8>

    @inline(__always)
    mutating func byte() -> UInt8? {
      guard p < end else { return nil }
      defer { p += 1 }
      return p.pointee
    }

    @inline(__always)
    mutating func varint() -> UInt64? {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while p < end && shift < 64 {
        let b = p.pointee
        p += 1
        value |= UInt64(b & 0x7F) << shift
        if b < 0x80 { return value }
        shift += 7
      }
      return nil
    }

    @inline(__always)
    mutating func bytes() -> UnsafeBufferPointer<UInt8>? {
      guard let n = varint(), n <= UInt64(end - p) else { return nil }
      defer { p += Int(n) }
      return UnsafeBufferPointer(start: p, count: Int(n))
    }

    @inline(__always)
    mutating func key() -> UInt64? {
      guard end - p >= 8 else { return nil }
      defer { p += 8 }
      return UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }
  }

  /// Decodes the complete records at the start of `b`; returns the bytes they took.
  private static func decode(
    _ b: UnsafeBufferPointer<UInt8>, _ state: inout DecodeState, _ wantsTube: (UnsafeBufferPointer<UInt8>) -> Bool,
    _ body: (SpilledRecord) -> Void
  ) -> Int {
    guard let start = b.baseAddress else { return 0 }
    let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var c = Cursor(end: start + b.count, p: start)
    // The end of the last complete record.
    var done = start
    while c.p < c.end {
      guard let flags = c.byte() else { break }
      var tube: UnsafeBufferPointer<UInt8>?
      if flags & TubeSpillWriter.Flag.newTube != 0 {
        guard let t = c.bytes() else { break }
        tube = t
      }
      var key = DocumentKey.unresolved
      var other = none
      if flags & TubeSpillWriter.Flag.unresolved != 0 {
        guard let o = c.bytes() else { break }
        other = o
      } else {
        guard let k = c.key() else { break }
        key = k
      }
      guard let zigzag = c.varint() else { break }
      var line = 0
      var name = none
      var phone = none
      if flags & TubeSpillWriter.Flag.hasNameOrPhone != 0 {
        guard let l = c.varint(), let n = c.bytes(), let ph = c.bytes() else { break }
        line = Int(truncatingIfNeeded: l)
        name = n
        phone = ph
      }
      // The whole record is here: only now does the state move on.
      done = c.p
      if let tube {
        state.tube.removeAll(keepingCapacity: true)
        state.tube.append(contentsOf: tube)
        state.isAsked = false
      }
      let delta = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
      state.sampleTime &+= delta
      if !state.isAsked {
        state.isWanted = state.tube.withUnsafeBufferPointer { wantsTube($0) }
        state.isAsked = true
      }
      guard state.isWanted else { continue }
      let result = TestResult(rawValue: flags & TubeSpillWriter.Flag.result) ?? .pending
      state.tube.withUnsafeBufferPointer { tubeBytes in
        body(
          SpilledRecord(
            key: key, sampleTime: state.sampleTime, result: result, line: line, tube: tubeBytes, otherText: other,
            name: name, phone: phone))
      }
    }
    return done - start
  }
}
