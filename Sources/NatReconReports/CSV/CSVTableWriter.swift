import NatReconCore
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Writes one machine CSV file (SPEC §4): UTF-8 without BOM, LF, RFC 4180 quoting.
///
/// Rows are built field by field into a reused buffer and flushed in `bufferBytes`
/// chunks. A field is
/// quoted only when it holds a comma, a quote, CR or LF, so identical values always
/// give identical bytes.
///
/// Lifecycle: `init` (creates the file), `field…`/`endRow` per row, `close()` once.
public final class CSVTableWriter {
  /// Flush threshold: large enough that write(2) calls are rare, small enough to stay in cache.
  static let bufferBytes = 1 << 20

  public let path: String
  public private(set) var rows = 0
  private var fd: Int32
  private var buffer: [UInt8] = []
  private var fieldsInRow = 0

  /// Creates (truncates) the file and writes the header row.
  ///
  /// - Throws: `ReportError.writeFailed` naming the file.
  public convenience init(path: String, header: [String]) throws(ReportError) {
    try self.init(fileDescriptor: FileDescriptor.create(path), name: path, header: header)
  }

  /// Writes to an open descriptor (e.g. a `dup` of stdout), which `close()` closes;
  /// `name` stands for the path in messages. A negative descriptor fails with `errno`.
  public init(fileDescriptor: Int32, name: String, header: [String]) throws(ReportError) {
    self.path = name
    fd = fileDescriptor
    if fd < 0 { throw .writeFailed(path: name, detail: FileDescriptor.errorText()) }
    buffer.reserveCapacity(Self.bufferBytes + 4096)
    for name in header { field(name) }
    endRowWithoutCounting()
  }

  deinit {
    if fd >= 0 { Glibc.close(fd) }
  }

  // MARK: - Fields

  /// Appends a text field.
  public func field(_ value: String) {
    var copy = value
    copy.withUTF8 { field(bytes: $0) }
  }

  /// Appends a text field given as UTF-8 bytes.
  public func field(bytes: UnsafeBufferPointer<UInt8>) {
    if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    CSVField.append(bytes, to: &buffer)
  }

  /// Appends an integer field.
  public func field(_ value: Int) {
    if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    appendDecimal(value)
  }

  /// Appends `true` / `false`.
  public func field(_ value: Bool) { field(value ? "true" : "false") }

  /// Appends a time as `YYYY-MM-DD HH:MM:SS` (UTC+8), or an empty field for nil.
  public func field(time: Int64?) {
    if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    if let time { Timestamp.append(time, to: &buffer) }
  }

  /// Appends a ratio as C's `%.4f` (SPEC §8), or an empty field for nil.
  public func field(ratio: Double?) {
    guard let ratio else {
      field("")
      return
    }
    field(DecimalText.fixed4(ratio))
  }

  /// Ends the current row.
  public func endRow() {
    endRowWithoutCounting()
    rows += 1
  }

  private func endRowWithoutCounting() {
    buffer.append(0x0A)
    fieldsInRow = 0
    if buffer.count >= Self.bufferBytes { try? flushOrRemember() }
  }

  // MARK: - Finish

  /// Flushes and closes the file.
  ///
  /// - Throws: `ReportError.writeFailed` when any write failed (disk full, …).
  public func close() throws(ReportError) {
    try flushOrRemember()
    if let failure { throw .writeFailed(path: path, detail: failure) }
    if Glibc.close(fd) != 0 {
      fd = -1
      throw .writeFailed(path: path, detail: FileDescriptor.errorText())
    }
    fd = -1
  }

  private var failure: String?

  private func flushOrRemember() throws(ReportError) {
    guard !buffer.isEmpty else { return }
    if failure == nil && !FileDescriptor.writeAll(fd, buffer) { failure = FileDescriptor.errorText() }
    buffer.removeAll(keepingCapacity: true)
  }

  private func appendDecimal(_ value: Int) {
    if value < 0 {
      buffer.append(UInt8(ascii: "-"))
      appendDecimal(-value)
      return
    }
    if value >= 10 { appendDecimal(value / 10) }
    buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
  }
}
