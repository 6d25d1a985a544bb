import Foundation
import NatReconPlatform
import Testing

@testable import NatReconIO

/// A plain file is read through mapped windows (`FileWindows`); a pipe through read(2),
/// the reference. The same bytes give the same header, records, lines, problems and
/// encoding either way: UTF-8 parsed in the mapping, GB18030 copied out of it for the
/// decoder, `auto` deciding after its sniff window, each over several windows.
@Suite struct MappedReadingTests {
  static func text(rows: Int) -> String {
    var text = "证件号码,姓名,小区\n"
    for i in 0..<rows {
      let quoted = i % 97 == 0 ? "\"花园, 一期\"" : "花园\(i % 13)"
      text += "3101011990010\(String(format: "%05d", i)),张三\(i % 7),\(quoted)\n"
      if i % 1_001 == 0 { text += "\n" }  // a blank line now and then
    }
    return text
  }

  /// `bytes` through a FIFO, written by a thread of its own.
  static func readThroughPipe(_ bytes: [UInt8], encoding: TextEncoding) throws -> ReadResult {
    let path = Scratch.directory() + "/export.csv"
    try #require(mkfifo(path, 0o600) == 0)
    let writer = try #require(
      PosixThread.start {
        let fd = open(path, O_WRONLY)
        _ = FileDescriptor.writeAll(fd, bytes)
        close(fd)
      })
    defer { writer.join() }
    return try readAll(path, encoding: encoding)
  }

  @Test(arguments: [TextEncoding.utf8, .gb18030, .auto])
  func mappedAndPipedReadTheSame(encoding: TextEncoding) throws {
    let utf8 = Array(Self.text(rows: 160_000).utf8)
    let bytes = encoding == .utf8 ? utf8 : Scratch.gb18030(Self.text(rows: 160_000))
    try #require(bytes.count > FileWindows.defaultWindowBytes)  // two windows at least
    let path = Scratch.file(bytes)
    let mapped = try readAll(path, encoding: encoding)
    #expect(mapped.reader.bytesRead == bytes.count)
    let piped = try Self.readThroughPipe(bytes, encoding: encoding)
    #expect(mapped.header == piped.header)
    #expect(mapped.records.count == piped.records.count)
    #expect(mapped.records == piped.records)
    #expect(mapped.reader.resolvedEncoding == piped.reader.resolvedEncoding)
    #expect(mapped.reader.resolvedEncoding == (encoding == .utf8 ? .utf8 : .gb18030))
  }
}
