import Foundation
import NatReconPlatform
import Testing

@testable import NatReconIO

/// `FileDigest`: a regular file hashed through its mapped windows has the digest and size
/// of its bytes, the same as the read(2) path (the reference, for pipes) gives; an input
/// that changed fails with the change.
@Suite struct FileDigestTests {
  static func bytes(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
  }

  @Test(arguments: [1, 4096, FileWindows.defaultWindowBytes, 2 * FileWindows.defaultWindowBytes + 12_345])
  func mappedDigestIsTheBytesDigest(count: Int) throws {
    let data = Self.bytes(count)
    let path = Scratch.file(data, name: "input.bin")
    let (bytes, hex) = try FileDigest.sha256(path: path, displayPath: "input.bin")
    #expect(bytes == count)
    #expect(hex == SHA256.hex(of: data))
    // The read(2) path agrees.
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    let digest = SHA256()
    #expect(try FileDigest.hash(fd, into: digest, displayPath: "input.bin") == count)
    #expect(digest.finalizeHex() == hex)
  }

  @Test func anEmptyFileHasTheEmptyDigest() throws {
    let path = Scratch.file([UInt8](), name: "empty.csv")
    let (bytes, hex) = try FileDigest.sha256(path: path, displayPath: "empty.csv")
    #expect(bytes == 0)
    #expect(hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func anInputThatChangedSinceTheRunLookedFails() throws {
    let path = Scratch.file(Self.bytes(10_000), name: "x.csv")
    let identity = try #require(FileIdentity.of(path: path))
    #expect(truncate(path, 100) == 0)
    let error = ingestError { _ = try FileDigest.sha256(path: path, displayPath: "x.csv", identity: identity) }
    #expect(error?.caseName == "inputChanged")
  }

  @Test func aMissingFileFailsNamingIt() {
    let error = ingestError { _ = try FileDigest.sha256(path: "/nonexistent/x.csv", displayPath: "x.csv") }
    #expect(error?.caseName == "readFailed")
    #expect(error?.description.contains("x.csv") == true)
  }
}
