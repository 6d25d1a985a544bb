import Foundation
import Testing

@testable import NatReconIO

/// SPEC §6: an input whose bytes change while the run reads it fails the run.
@Suite struct FileIdentityTests {
  static func bigFile() -> String {
    var text = "a,b\n"
    while text.utf8.count < 3 * ReaderBuffers.chunkBytes { text += "310101199001011234,zhang\n" }
    return Scratch.file(text)
  }

  static func append(_ path: String, _ text: String) throws {
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    handle.closeFile()
  }

  @Test func unchangedFileReadsWithItsIdentity() throws {
    let path = Self.bigFile()
    let identity = try #require(FileIdentity.of(path: path))
    let reader = try CSVFileReader(path: path, displayPath: "x.csv", encoding: .auto, expectedIdentity: identity)
    var rows = 0
    try reader.forEachRecord { _ in rows += 1 }
    #expect(rows > 30_000)
  }

  @Test func appendedWhileReadingFails() throws {
    let path = Self.bigFile()
    let identity = try #require(FileIdentity.of(path: path))
    let reader = try CSVFileReader(path: path, displayPath: "x.csv", encoding: .utf8, expectedIdentity: identity)
    _ = try reader.readHeader()  // The first chunk is read.
    try Self.append(path, "310101199001011234,appended\n")
    let error = ingestError { try reader.forEachRecord { _ in } }
    #expect(error?.caseName == "inputChanged")
    #expect(error?.description.contains("x.csv: the file changed while the run read it") == true)
  }

  /// `cp` over an export opens it with O_TRUNC: the reader, which reads a plain file
  /// through mapped windows, must fail the run with the change, not die of SIGBUS.
  @Test func truncatedWhileReadingFails() throws {
    let path = Self.bigFile()
    let identity = try #require(FileIdentity.of(path: path))
    let reader = try CSVFileReader(path: path, displayPath: "x.csv", encoding: .utf8, expectedIdentity: identity)
    _ = try reader.readHeader()  // The first chunk is read.
    #expect(truncate(path, 100) == 0)
    let error = ingestError { try reader.forEachRecord { _ in } }
    #expect(error?.caseName == "inputChanged")
    #expect(error?.description.contains("→ 100 bytes") == true)
  }

  @Test func changedBetweenPassesFailsAtOpen() throws {
    let path = Self.bigFile()
    let identity = try #require(FileIdentity.of(path: path))
    // Same size, new bytes, new modification time (a rewrite).
    let original = try #require(FileManager.default.contents(atPath: path))
    var changed = original
    changed[10] = UInt8(ascii: "9")
    usleep(20_000)
    try changed.write(to: URL(fileURLWithPath: path))
    let error = ingestError {
      _ = try CSVFileReader(path: path, displayPath: "x.csv", encoding: .auto, expectedIdentity: identity)
    }
    #expect(error?.caseName == "inputChanged")
  }

  @Test func replacedByRenameFails() throws {
    let path = Self.bigFile()
    let identity = try #require(FileIdentity.of(path: path))
    let other = Scratch.file("a,b\n1,2\n", name: "other.csv")
    #expect(rename(other, path) == 0)
    let error = ingestError {
      _ = try CSVFileReader(path: path, displayPath: "x.csv", encoding: .auto, expectedIdentity: identity)
    }
    #expect(error?.description.contains("replaced by another file") == true)
  }
}
