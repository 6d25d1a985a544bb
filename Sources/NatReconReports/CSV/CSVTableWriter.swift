import NatReconCore
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Writes one machine CSV file (SPEC §4): UTF-8 without BOM, LF, RFC 4180 quoting.
///
/// Rows are formatted field by field straight into one large byte buffer, allocated once
/// (no per-field array appends or `String` round trips), and written in `bufferBytes`
/// chunks. Text fields go through `CSVField.write` (quoted only when they hold a comma,
/// a quote, CR or LF, so identical values always give identical bytes). Times go through a `Timestamp.TextCache` (the date
/// part cached per day).
///
/// Full buffers are written, and fed to the file's digest when it has one (the
/// manifest's sha256, SPEC §4), by a `ChunkDrain` on a thread of its own while the next
/// buffer is formatted; `drainOnThread` false does both in the caller (the reference
/// path). So the writer holds two buffers once the file outgrows one, and more (up to
/// `maxBuffers`) only while the drain falls behind: a buffer is allocated when the
/// oldest one handed over is not written yet.
///
/// A file created by path goes around the page cache (`O_DIRECT`) once it has
/// `directAfter` bytes, where the file system allows it (`ChunkDrain`): the buffers are
/// mmap'd pages and each full buffer is handed over up to its last whole page, the rest
/// carried to the front of the next buffer; `close()` hands over the tail. Smaller files
/// (every file of a run up to a few million residents) stay in the page cache, where
/// writing is cheap and a reader finds them. `direct` false is the page-cache reference;
/// the bytes and the digest are the same either way.
///
/// Lifecycle: `init` (creates the file), `field…`/`endRow` per row, `close()` once. One
/// writer belongs to one thread.
public final class CSVTableWriter {
  /// Flush threshold: large enough that write(2) calls are rare, small enough to stay in cache.
  static let bufferBytes = 1 << 20

  public let path: String
  public private(set) var rows = 0
  private var fd: Int32
  /// The pending bytes: `count` of `capacity` (at least `bufferBytes` + slack; grown only
  /// for a field longer than the buffer).
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// The buffers handed to the drain, oldest first, with their capacities: each is
  /// written (free again) once the drain's `completed` counts it.
  private var handedOver: [(buffer: UnsafeMutablePointer<UInt8>, capacity: Int)] = []
  /// Buffers handed to the drain so far.
  private var submitted = 0
  /// The most buffers the writer held at once (for tests: at most `maxBuffers`).
  private(set) var peakBuffers = 1
  private let drain: ChunkDrain
  private let digest: ByteDigest?
  /// Whether full buffers are handed over in whole pages (the file may go direct).
  private let inWholePages: Bool
  /// A segment (`init(segment:)`): no file; the buffer grows instead of being flushed.
  private let isSegment: Bool
  private var count = 0
  private var fieldsInRow = 0
  @usableFromInline let times = Timestamp.TextCache()

  /// Creates (truncates) the file and writes the header row.
  ///
  /// - Parameters:
  ///   - digest: Fed every byte written; its `finalizeHex()` is `digestHex` after `close()`.
  ///   - drainOnThread: Whether full buffers are written on a thread of their own.
  ///   - direct: Whether the file's bytes after the first `directAfter` bypass the page
  ///     cache where the file system allows it.
  /// - Throws: `ReportError.writeFailed` naming the file.
  public convenience init(
    path: String, header: [String], digest: ByteDigest? = nil, drainOnThread: Bool = true, direct: Bool = true,
    directAfter: Int = CSVTableWriter.directAfterBytes
  ) throws(ReportError) {
    try self.init(
      fileDescriptor: FileDescriptor.create(path), name: path, header: header, digest: digest,
      drainOnThread: drainOnThread, directAfter: direct ? directAfter : nil)
  }

  /// Bytes of a file written through the page cache before the rest goes around it:
  /// 256 MiB. At 1 M residents residents.csv is 190 MB and stays in the page cache (there,
  /// direct writes measured no faster and slower in the worst runs); at 25 M it is 5 GB.
  public static let directAfterBytes = 256 << 20

  /// Writes to an open descriptor (e.g. a `dup` of stdout), which `close()` closes;
  /// `name` stands for the path in messages. A negative descriptor fails with `errno`.
  public convenience init(
    fileDescriptor: Int32, name: String, header: [String], digest: ByteDigest? = nil, drainOnThread: Bool = true
  ) throws(ReportError) {
    try self.init(
      fileDescriptor: fileDescriptor, name: name, header: header, digest: digest, drainOnThread: drainOnThread,
      directAfter: nil)
  }

  /// A segment: rows formatted into memory only (no file, no header), on another thread
  /// than the file's writer, then moved into it in order by `append(rowsOf:)`. Its
  /// buffer grows to hold whatever is formatted between two moves.
  public init(segment: Void) {
    path = ""
    fd = -1
    digest = nil
    inWholePages = false
    isSegment = true
    drain = ChunkDrain(fd: -1, digest: nil, onThread: false)
    capacity = Self.bufferBytes + 4096
    buffer = Self.allocateBuffer(capacity)
  }

  private init(
    fileDescriptor: Int32, name: String, header: [String], digest: ByteDigest?, drainOnThread: Bool, directAfter: Int?
  ) throws(ReportError) {
    self.path = name
    fd = fileDescriptor
    self.digest = digest
    inWholePages = directAfter != nil
    isSegment = false
    drain = ChunkDrain(fd: fileDescriptor, digest: digest, onThread: drainOnThread, directAfter: directAfter)
    capacity = Self.bufferBytes + 4096
    buffer = Self.allocateBuffer(capacity)
    if fd < 0 { throw .writeFailed(path: name, detail: FileDescriptor.errorText()) }
    for name in header { field(name) }
    endRowWithoutCounting()
  }

  deinit {
    _ = drain.finish()  // a writer dropped without `close()` (an error path)
    if fd >= 0 { Glibc.close(fd) }
    Self.freeBuffer(buffer, capacity)
    for (buffer, capacity) in handedOver { Self.freeBuffer(buffer, capacity) }
  }

  /// Buffers a file's writer holds at most: the one being filled and those handed to the
  /// drain and not yet written (1 MiB each, allocated only while the drain falls behind).
  static let maxBuffers = 4

  /// A buffer of its own pages (`mmap`): aligned as a direct write needs, counted in the
  /// resident set only as far as it is filled, and returned whole by `freeBuffer`.
  private static func allocateBuffer(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
    guard let pages = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      pages != UnsafeMutableRawPointer(bitPattern: -1)
    else { fatalError("natrecon: out of memory (\(capacity) bytes for an output buffer)") }
    return pages.bindMemory(to: UInt8.self, capacity: capacity)
  }

  private static func freeBuffer(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) {
    munmap(buffer, capacity)
  }

  /// Bytes written around the page cache so far (for tests; complete after `close()`).
  var directBytes: Int { drain.directBytes }

  // MARK: - Fields

  /// Appends a text field.
  public func field(_ value: String) {
    if let done: Void = value.utf8.withContiguousStorageIfAvailable({ field(bytes: $0) }) { return done }
    var copy = value
    copy.withUTF8 { field(bytes: $0) }
  }

  /// Appends a text field given as UTF-8 bytes (`CSVField.write`: quoted only when it
  /// holds `,` `"` CR or LF).
  public func field(bytes: UnsafeBufferPointer<UInt8>) {
    let p = reserve(CSVField.maxBytes(bytes.count) + 1)
    let n = separator(p)
    count += n + CSVField.write(bytes, to: p + n)
  }

  /// Appends an empty field.
  public func emptyField() {
    count += separator(reserve(1))
  }

  /// Appends an integer field.
  public func field(_ value: Int) {
    let p = reserve(24)
    let n = separator(p)
    count += n + Self.writeDecimal(value, to: p + n)
  }

  /// Appends `true` / `false`.
  public func field(_ value: Bool) {
    let p = reserve(7)
    let n = separator(p)
    let raw = UnsafeMutableRawPointer(p + n)
    if value {
      raw.storeBytes(of: UInt32(0x6575_7274).littleEndian, as: UInt32.self)  // "true"
      count += n + 4
    } else {
      raw.storeBytes(of: UInt32(0x736C_6166).littleEndian, as: UInt32.self)  // "fals"
      p[n + 4] = UInt8(ascii: "e")
      count += n + 5
    }
  }

  /// Appends a time as `YYYY-MM-DD HH:MM:SS` (UTC+8), or an empty field for nil.
  public func field(time: Int64?) {
    let p = reserve(40)
    let n = separator(p)
    guard let time else {
      count += n
      return
    }
    count += n + times.write(time, to: p + n)
  }

  /// Appends a ratio as C's `%.4f` (SPEC §8), or an empty field for nil.
  public func field(ratio: Double?) {
    guard let ratio else {
      emptyField()
      return
    }
    let p = reserve(DecimalText.maxFixed4Bytes + 1)
    let comma = fieldsInRow > 0 ? 1 : 0
    p[0] = UInt8(ascii: ",")  // overwritten by the first field of a row
    if let n = DecimalText.writeFixed4(ratio, to: p + comma) {
      fieldsInRow += 1
      count += comma + n
    } else {
      field(DecimalText.fixed4Reference(ratio))
    }
  }

  /// Room for a whole row of `bytes` bytes at most, at the end of the pending bytes
  /// (`row(maxBytes:_:)`).
  @usableFromInline
  func reserveRow(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
    precondition(fieldsInRow == 0, "a row is formatted whole or field by field")
    return reserve(bytes)
  }

  /// Ends a row of `bytes` bytes (its LF included) formatted at `reserveRow`'s pointer.
  @usableFromInline
  func endRow(bytes: Int) {
    count += bytes
    rows += 1
    if count >= Self.bufferBytes { flush() }
  }

  /// Ends the current row.
  public func endRow() {
    endRowWithoutCounting()
    rows += 1
  }

  private func endRowWithoutCounting() {
    reserve(1)[0] = 0x0A
    count += 1
    fieldsInRow = 0
    if count >= Self.bufferBytes { flush() }
  }

  /// A pointer to room for `bytes` more bytes at the end of the pending bytes (flushing
  /// first when they would not fit, growing only for a field longer than the buffer).
  @inline(__always)
  private func reserve(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
    if count + bytes > capacity { makeRoom(bytes) }
    return buffer + count
  }

  private func makeRoom(_ bytes: Int) {
    flush()
    guard count + bytes > capacity else { return }
    let grownCapacity = isSegment ? max(count + bytes, 2 * capacity) : count + bytes
    let grown = Self.allocateBuffer(grownCapacity)
    grown.update(from: buffer, count: count)
    Self.freeBuffer(buffer, capacity)
    buffer = grown
    capacity = grownCapacity
  }

  /// Moves a segment's rows to the end of this file (its bytes copied, as if formatted
  /// here), leaving the segment empty for the next rows.
  ///
  /// - Precondition: `segment` was made by `init(segment:)`; neither writer is inside a row.
  public func append(rowsOf segment: CSVTableWriter) {
    precondition(segment.isSegment && fieldsInRow == 0 && segment.fieldsInRow == 0, "whole rows of a segment")
    var from = segment.buffer
    var left = segment.count
    while left > 0 {
      if count >= Self.bufferBytes { flush() }
      let n = min(left, Self.bufferBytes - count)
      (buffer + count).update(from: from, count: n)
      count += n
      from += n
      left -= n
    }
    if count >= Self.bufferBytes { flush() }
    rows += segment.rows
    segment.count = 0
    segment.rows = 0
  }

  /// Writes the comma before every field but a row's first at `p`; returns its length.
  @inline(__always)
  private func separator(_ p: UnsafeMutablePointer<UInt8>) -> Int {
    defer { fieldsInRow += 1 }
    guard fieldsInRow > 0 else { return 0 }
    p[0] = UInt8(ascii: ",")
    return 1
  }

  /// Writes `value` in decimal at `p` (at most 20 bytes); returns the length.
  static func writeDecimal(_ value: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    var magnitude = value.magnitude
    if value < 0 {
      p[0] = UInt8(ascii: "-")
      n = 1
    }
    var digits = 0
    var rest = magnitude
    repeat {
      digits += 1
      rest /= 10
    } while rest > 0
    var i = n + digits
    repeat {
      i -= 1
      p[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
      magnitude /= 10
    } while magnitude > 0
    return n + digits
  }

  // MARK: - Finish

  /// Flushes and closes the file.
  ///
  /// - Throws: `ReportError.writeFailed` when any write failed (disk full, …).
  public func close() throws(ReportError) {
    flush(all: true)
    if let failure = drain.finish() {
      Glibc.close(fd)
      fd = -1
      throw .writeFailed(path: path, detail: failure)
    }
    if Glibc.close(fd) != 0 {
      fd = -1
      throw .writeFailed(path: path, detail: FileDescriptor.errorText())
    }
    fd = -1
    digestHex = digest?.finalizeHex()
  }

  /// The digest's hex of every byte of the file (its header row included), set by a
  /// successful `close()` when the writer was given a digest.
  public private(set) var digestHex: String?

  /// Hands the pending bytes to the drain and goes on in the other buffer. A write error
  /// is remembered by the drain and thrown by `close()`.
  ///
  /// For a file that may go direct only whole pages are handed over, unless `all`; the rest (less
  /// than a page) is copied to the front of the other buffer.
  private func flush(all: Bool = false) {
    guard !isSegment else { return }
    let handed = inWholePages && !all ? count & ~(FileDescriptor.directAlignment - 1) : count
    guard handed > 0 else { return }
    drain.submit(UnsafeRawBufferPointer(start: buffer, count: handed))
    submitted += 1
    handedOver.append((buffer, capacity))
    // The next buffer: the oldest handed over once it is written; a new one while it is
    // not and the writer holds fewer than `maxBuffers`; else the oldest, after waiting.
    let oldestDone = submitted - handedOver.count + 1
    let next: (buffer: UnsafeMutablePointer<UInt8>, capacity: Int)
    if handedOver.count + 1 <= Self.maxBuffers && drain.completed < oldestDone {
      next = (Self.allocateBuffer(Self.bufferBytes + 4096), Self.bufferBytes + 4096)
    } else {
      drain.waitForCompleted(oldestDone)
      next = handedOver.removeFirst()
    }
    peakBuffers = max(peakBuffers, handedOver.count + 1)
    // The submitted chunk ends at `handed`: the bytes after it are free to copy.
    next.buffer.update(from: buffer + handed, count: count - handed)
    buffer = next.buffer
    capacity = next.capacity
    count -= handed
  }
}
