import Foundation
import NatReconCore
import NatReconPlatform
import NatReconTestSupport
import Testing

@testable import NatReconReports

/// `CSVTableWriter` against a plain restatement of SPEC §4's format (RFC 4180 quoting
/// only where a field holds `,` `"` CR or LF; LF row ends), over every field kind and
/// rows that cross the writer's buffer and fields longer than it.
@Suite struct CSVTableWriterTests {
  enum Value {
    case text(String)
    case int(Int)
    case bool(Bool)
    case time(Int64?)
    case ratio(Double?)
    case empty
  }

  /// The expected text of one field.
  static func expected(_ value: Value) -> String {
    switch value {
    case .text(let s):
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    case .int(let v): String(v)
    case .bool(let b): b ? "true" : "false"
    case .time(let t): t.map(Timestamp.format) ?? ""
    case .ratio(let r): r.map { String(format: "%.4f", $0) } ?? ""
    case .empty: ""
    }
  }

  /// Keeps every byte it is fed, in order, so a test can compare them with the file.
  final class RecordingDigest: ByteDigest {
    var bytes: [UInt8] = []
    var isFinal = false
    func update(_ bytes: UnsafeRawBufferPointer) {
      precondition(!isFinal, "update after finalizeHex")
      self.bytes += bytes
    }
    func finalizeHex() -> String {
      isFinal = true
      return "\(bytes.count) bytes"
    }
  }

  /// How rows reach the file: field by field (the reference), through `CSVRow` (texts
  /// of odd length encoded once first, `CSVRow.encode` / `encoded`; a row with a ratio,
  /// which `CSVRow` does not write, field by field), or every
  /// other block of 37 rows formatted into a segment (`init(segment:)`, rows alternately
  /// by fields and through `CSVRow`) and moved into the file by `append(rowsOf:)`.
  enum Mode: CaseIterable { case fields, rows, segments }

  /// Writes one row into `w` (field by field, or through `CSVRow` when it can).
  static func writeRow(_ row: [Value], to w: CSVTableWriter, asRow: Bool) {
    var maxBytes = 0
    for value in row {
      switch value {
      case .text(let s): maxBytes += CSVRow.textBytes(s.utf8.count)
      case .bool: maxBytes += CSVRow.boolBytes
      case .time: maxBytes += CSVRow.timeBytes
      case .empty: maxBytes += 1
      case .int: maxBytes += CSVRow.intBytes
      case .ratio: maxBytes = -1
      }
      if maxBytes < 0 { break }
    }
    if asRow && maxBytes > 0 {
      w.row(maxBytes: maxBytes) { out in
        for value in row {
          switch value {
          case .text(var s) where s.utf8.count % 2 == 1:
            let field = s.withUTF8 { CSVRow.encode($0) }
            field.withUnsafeBufferPointer { out.encoded($0) }
          case .text(var s): s.withUTF8 { out.text($0) }
          case .int(let v): out.int(v)
          case .bool(let b): out.bool(b)
          case .time(let t): out.time(t)
          case .empty: out.empty()
          case .ratio: preconditionFailure()
          }
        }
      }
      return
    }
    for value in row {
      switch value {
      case .text(let s): w.field(s)
      case .int(let v): w.field(v)
      case .bool(let b): w.field(b)
      case .time(let t): w.field(time: t)
      case .ratio(let r): w.field(ratio: r)
      case .empty: w.emptyField()
      }
    }
    w.endRow()
  }

  /// Writes `rows` with a `RecordingDigest`; checks that the digest saw exactly the file's
  /// bytes and that `digestHex` is the digest's.
  static func write(
    _ rows: [[Value]], header: [String], drainOnThread: Bool = true, directAfter: Int? = nil, mode: Mode = .fields,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> (text: String, rows: Int, directBytes: Int) {
    let folder = TemporaryDirectory("csv-writer")
    let path = folder.file("t.csv")
    let digest = RecordingDigest()
    let w = try CSVTableWriter(
      path: path, header: header, digest: digest, drainOnThread: drainOnThread, direct: directAfter != nil,
      directAfter: directAfter ?? 0)
    let segment = CSVTableWriter(segment: ())
    for (i, row) in rows.enumerated() {
      switch mode {
      case .fields: writeRow(row, to: w, asRow: false)
      case .rows: writeRow(row, to: w, asRow: true)
      case .segments:
        if i % 37 == 0 { w.append(rowsOf: segment) }  // the block before, if it was the segment's
        writeRow(row, to: i / 37 % 2 == 1 ? segment : w, asRow: i % 2 == 0)
      }
    }
    w.append(rowsOf: segment)
    #expect(segment.rows == 0, sourceLocation: sourceLocation)
    try w.close()
    let data = try #require(FileManager.default.contents(atPath: path))
    #expect(
      digest.bytes == Array(data), "the digest saw other bytes than the file holds", sourceLocation: sourceLocation)
    #expect(w.digestHex == "\(data.count) bytes", sourceLocation: sourceLocation)
    return (String(decoding: data, as: UTF8.self), w.rows, w.directBytes)
  }

  @Test(arguments: Mode.allCases)
  func fieldsOfEveryKind(mode: Mode) throws {
    let rows: [[Value]] = [
      [.text("plain"), .text("a,b"), .text("say \"hi\""), .text("line\nbreak"), .text("cr\rhere"), .text("")],
      [.int(0), .int(-1), .int(Int.min), .int(Int.max), .int(1_000_000), .int(9)],
      [.bool(true), .bool(false), .time(nil), .time(1_648_994_400), .time(-1), .ratio(0.85404)],
      [.ratio(nil), .empty, .text("云锦小区"), .text("\""), .text(",,"), .time(253_402_300_800)],
      [.empty],
      [.text("")],
      // A row `CSVRow` writes whole: both Bools, no time, times of the cache and a year
      // past 9999 (the reference formatter's), a quoted text last.
      [.bool(false), .time(nil), .bool(true), .time(-1), .time(253_402_300_800), .text("a\"b")],
    ]
    let header = ["a", "b,c", "d", "e", "f", "g"]
    let result = try Self.write(rows, header: header, mode: mode)
    let expected =
      ([header.map { Self.expected(.text($0)) }] + rows.map { $0.map(Self.expected) })
      .map { $0.joined(separator: ",") + "\n" }.joined()
    #expect(result.text == expected)
    #expect(result.rows == rows.count)
  }

  /// Every way of writing full buffers: on the drain's thread or in the caller (the
  /// reference); around the page cache from the start or after the first MiB (in whole
  /// pages, the tail carried over), or through it (nil: the reference).
  @Test(
    arguments: [
      (true, 0, .fields), (false, 0, .fields), (true, 1 << 20, .fields), (true, nil, .fields), (false, nil, .fields),
      (true, 1 << 20, .rows), (false, nil, .rows), (true, 1 << 20, .segments), (false, nil, .segments),
    ] as [(Bool, Int?, Mode)])
  func manyRowsAndFieldsLongerThanTheBuffer(drainOnThread: Bool, directAfter: Int?, mode: Mode) throws {
    var random = SplitMix64(seed: 4180)
    let alphabet = Array("ab,\"\n\r 云;-0123456789")
    var rows: [[Value]] = []
    for i in 0..<8_000 {
      var row: [Value] = []
      for _ in 0..<random.int(in: 1...6) {
        switch random.below(6) {
        case 0: row.append(.int(Int(bitPattern: UInt(random.next())) >> random.below(64)))
        case 1: row.append(.bool(random.below(2) == 0))
        case 2:
          row.append(.time(random.below(5) == 0 ? nil : 1_648_915_200 + Int64(random.int(in: -900_000...900_000))))
        default:
          let length = random.below(12)
          row.append(.text(String((0..<length).map { _ in alphabet[random.below(alphabet.count)] })))
        }
      }
      // Two fields longer than the 1 MiB buffer, one of them quoted (its bytes double).
      if i == 3_000 { row.append(.text(String(repeating: "x", count: 1_500_000))) }
      if i == 6_000 { row.append(.text(String(repeating: "\"q", count: 900_000))) }
      rows.append(row)
    }
    let result = try Self.write(
      rows, header: ["h"], drainOnThread: drainOnThread, directAfter: directAfter, mode: mode)
    let expected = "h\n" + rows.map { $0.map(Self.expected).joined(separator: ",") + "\n" }.joined()
    #expect(result.text == expected)
    #expect(result.rows == rows.count)
    // Direct where the temporary folder's file system allows it: all but the bytes before
    // `directAfter` and the tail went around the page cache.
    if let directAfter, Self.directWritesWork {
      let buffered = result.text.utf8.count - result.directBytes
      #expect(result.directBytes > 0)
      #expect(result.directBytes % FileDescriptor.directAlignment == 0)
      #expect(buffered >= directAfter)
      #expect(buffered < directAfter + 2 * (CSVTableWriter.bufferBytes + 4096))
    } else {
      #expect(result.directBytes == 0)
    }
  }

  /// A drain that falls behind (a pipe read slowly, as a disk that blocks direct writes):
  /// the writer goes on in new buffers, up to `maxBuffers`, then waits for the oldest;
  /// the bytes arrive whole and in order, and the digest saw them in that order. The
  /// reader starts only once the rows formatted fill more than `maxBuffers − 1` buffers
  /// (or after 20 s), so the drain is behind by then however slowly the rows are
  /// formatted (a debug build under the whole suite's load formatted them slower than a
  /// timed reader read them, and the peak stayed at 3).
  @Test func aSlowDrainIsQueuedUpToMaxBuffers() throws {
    var fds: [Int32] = [0, 0]
    try #require(pipe(&fds) == 0)
    let readEnd = fds[0]
    let received = LockedBytes()
    let formatted = LockedCount()
    let behind = (CSVTableWriter.maxBuffers - 1) * CSVTableWriter.bufferBytes + CSVTableWriter.bufferBytes / 2
    let reader = Thread {
      // At most 20 s: a writer that stopped at fewer buffers would wait for this reader.
      for _ in 0..<20_000 where formatted.value < behind { usleep(1_000) }
      var chunk = [UInt8](repeating: 0, count: 256 << 10)
      while true {
        usleep(2_000)
        let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        received.append(chunk[0..<n])
      }
      close(readEnd)
    }
    reader.start()
    let digest = RecordingDigest()
    let w = try CSVTableWriter(fileDescriptor: fds[1], name: "pipe.csv", header: ["n", "text"], digest: digest)
    var expected = "n,text\n"
    for i in 0..<300_000 {  // about 12 MB: a dozen buffers
      let text = "row \(i) " + String(repeating: "云", count: i % 17)
      w.field(i)
      w.field(text)
      w.endRow()
      expected += "\(i),\(text)\n"
      formatted.value = expected.utf8.count
    }
    try w.close()
    while !reader.isFinished { usleep(1_000) }
    #expect(received.bytes == Array(expected.utf8))
    #expect(digest.bytes == Array(expected.utf8))
    #expect(w.peakBuffers == CSVTableWriter.maxBuffers)
  }

  /// A digest that falls behind the writes (the drain hashes on a thread of its own,
  /// beside the one that writes): a buffer is reused only once it is both written and
  /// hashed, so the digest still sees the file's bytes in order, and the writer waits
  /// for the hashing once it holds `maxBuffers`. The digest takes its first bytes only
  /// once the rows formatted fill more than `maxBuffers − 1` buffers (or after 20 s), as
  /// the slow reader above does.
  @Test func aSlowDigestHoldsTheBuffersItHasNotHashed() throws {
    final class SlowDigest: ByteDigest, @unchecked Sendable {
      let recorded = RecordingDigest()
      let formatted = LockedCount()
      func update(_ bytes: UnsafeRawBufferPointer) {
        let behind = (CSVTableWriter.maxBuffers - 1) * CSVTableWriter.bufferBytes + CSVTableWriter.bufferBytes / 2
        for _ in 0..<20_000 where formatted.value < behind { usleep(1_000) }
        recorded.update(bytes)
      }
      func finalizeHex() -> String { recorded.finalizeHex() }
    }
    let folder = TemporaryDirectory("csv-writer-slow-digest")
    let path = folder.file("t.csv")
    let digest = SlowDigest()
    let w = try CSVTableWriter(path: path, header: ["n", "text"], digest: digest, drainOnThread: true)
    var bytes = 0
    for i in 0..<300_000 {  // about 12 MB: a dozen buffers
      let text = "row \(i) " + String(repeating: "云", count: i % 17)
      w.field(i)
      w.field(text)
      w.endRow()
      bytes += "\(i)".utf8.count + text.utf8.count + 2
      digest.formatted.value = bytes
    }
    try w.close()
    let data = try #require(FileManager.default.contents(atPath: path))
    #expect(digest.recorded.bytes == Array(data))
    #expect(w.peakBuffers == CSVTableWriter.maxBuffers)
  }

  /// Whether the temporary folder's file system takes direct writes.
  static var directWritesWork: Bool {
    let folder = TemporaryDirectory("csv-writer-probe")
    let fd = FileDescriptor.create(folder.file("probe"))
    let isDirect = fd >= 0 && FileDescriptor.setDirect(fd, true)
    if fd >= 0 { close(fd) }
    return isDirect
  }

  /// A write that fails (here: no space left, /dev/full) is thrown by `close()`, naming
  /// the file, whether the failing write ran on the drain's thread or in the caller; a
  /// small file's only write happens in `close()`.
  @Test(arguments: [(true, 3_000_000), (false, 3_000_000), (true, 10)])
  func aFailedWriteIsThrownByClose(drainOnThread: Bool, bytes: Int) throws {
    let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
    try #require(fd >= 0)
    let w = try CSVTableWriter(fileDescriptor: fd, name: "full.csv", header: ["a"], drainOnThread: drainOnThread)
    for _ in 0..<(bytes / 10) {
      w.field("123456789")
      w.endRow()
    }
    #expect {
      try w.close()
    } throws: { error in
      guard case .writeFailed(let path, let detail) = error as? ReportError else { return false }
      return path == "full.csv" && detail.contains("No space")
    }
    #expect(w.digestHex == nil)
  }

  @Test func aFailedOpenNamesTheFile() {
    #expect(throws: ReportError.self) {
      _ = try CSVTableWriter(path: "/nonexistent-natrecon/x.csv", header: ["a"])
    }
  }
}

/// Bytes appended by one thread and read by another.
private final class LockedCount: @unchecked Sendable {
  private let lock = NSLock()
  private var stored = 0

  var value: Int {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

private final class LockedBytes: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [UInt8] = []

  func append(_ more: ArraySlice<UInt8>) { lock.withLock { stored += more } }

  var bytes: [UInt8] { lock.withLock { stored } }
}
