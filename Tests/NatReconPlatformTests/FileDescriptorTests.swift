import NatReconPlatform
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `FileDescriptor.writeAll`: every byte arrives, across the short writes a pipe makes,
/// and a failure is reported with errno rather than dropped.
@Suite struct FileDescriptorTests {
  /// 1 MiB through a pipe (64 KiB of kernel buffer: write(2) returns short many times)
  /// read on another thread comes out whole and in order.
  @Test func pipeGetsEveryByte() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let (readEnd, writeEnd) = (ends[0], ends[1])
    let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
    let received = Received()
    let reader = try #require(
      PosixThread.start {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
          let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
          if n <= 0 { break }
          received.bytes.append(contentsOf: chunk[0..<n])
        }
      })
    let ok = FileDescriptor.writeAll(writeEnd, bytes)
    close(writeEnd)
    reader.join()
    close(readEnd)
    #expect(ok)
    #expect(received.bytes == bytes)
  }

  @Test func emptyWriteSucceeds() {
    #expect(FileDescriptor.writeAll(-1, [UInt8]()))
  }

  @Test func badDescriptorFailsWithErrno() {
    #expect(!FileDescriptor.writeAll(-1, [1, 2, 3]))
    #expect(errno == EBADF)
    #expect(FileDescriptor.errorText() == String(cString: strerror(EBADF)))
  }

  /// A full disk: /dev/full fails every write with ENOSPC.
  @Test func fullDeviceFails() throws {
    let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
    try #require(fd >= 0)
    defer { close(fd) }
    #expect(!FileDescriptor.writeAll(fd, [UInt8](repeating: 7, count: 10)))
    #expect(errno == ENOSPC)
  }
}

/// Bytes one thread writes and another reads after `join` (which orders the accesses).
final class Received: @unchecked Sendable {
  var bytes: [UInt8] = []
}
