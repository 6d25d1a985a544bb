import NatReconPlatform
import NatReconTestSupport
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

/// `create`, `writeFile`, `read` and `errorText`: a file written whole is read back whole.
@Suite struct FileDescriptorFileTests {
  /// One folder for the process's scratch files, removed when it exits.
  static let folder = ScratchFolders.make(prefix: "natrecon-platform-tests")

  static func scratch(_ name: String) -> String { folder + "/" + name }

  @Test func writeFileThenReadBack() throws {
    let path = Self.scratch("whole")
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    #expect(FileDescriptor.writeFile(path, Array("old content, longer than nothing".utf8)))
    #expect(FileDescriptor.writeFile(path, bytes))  // truncates what was there
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    try #require(fd >= 0)
    defer { close(fd) }
    var back: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { FileDescriptor.read(fd, into: $0.baseAddress, count: $0.count) }
      try #require(n >= 0)
      if n == 0 { break }
      back += chunk[0..<n]
    }
    #expect(back == bytes)
    unlink(path)
  }

  @Test func createUsesTheMode() throws {
    let path = Self.scratch("private")
    let fd = FileDescriptor.create(path, mode: 0o600)
    try #require(fd >= 0)
    close(fd)
    var info = stat()
    #expect(stat(path, &info) == 0)
    #expect(info.st_mode & 0o077 == 0)  // nobody but the owner, whatever the umask
    unlink(path)
  }

  @Test func failuresCarryErrno() {
    #expect(!FileDescriptor.writeFile("/nonexistent-dir/x", [1]))
    #expect(errno == ENOENT)
    #expect(FileDescriptor.errorText() == String(cString: strerror(ENOENT)))
    #expect(FileDescriptor.errorText(EACCES) == String(cString: strerror(EACCES)))
    #expect(FileDescriptor.read(-1, into: nil, count: 0) == -1)
    #expect(errno == EBADF)
  }
}

/// Direct writes (`setDirect`, `isDirect`, `writeAll`'s `directFallback`): where the file
/// system takes them (where it does not, `setDirect(fd, true)` fails and these tests are
/// off, since there is nothing direct to test).
@Suite(.enabled(if: directWritesWork()))
struct FileDescriptorDirectTests {
  /// Bytes read back from `path`.
  static func contents(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var back: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { FileDescriptor.read(fd, into: $0.baseAddress, count: $0.count) }
      if n <= 0 { break }
      back += chunk[0..<n]
    }
    return back
  }

  /// Whole aligned pages go direct; a tail after `setDirect(false)` through the page
  /// cache; the file holds every byte in order.
  @Test func alignedPagesThenATail() throws {
    let path = FileDescriptorFileTests.scratch("direct-pages")
    let fd = FileDescriptor.create(path)
    try #require(fd >= 0)
    #expect(!FileDescriptor.isDirect(fd))
    try #require(FileDescriptor.setDirect(fd, true))
    #expect(FileDescriptor.isDirect(fd))
    let page = FileDescriptor.directAlignment
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 3 * page, alignment: page)
    defer { memory.deallocate() }
    for i in 0..<memory.count { memory[i] = UInt8(truncatingIfNeeded: i &* 13 &+ i >> 8) }
    #expect(FileDescriptor.writeAll(fd, UnsafeRawBufferPointer(rebasing: memory[0..<(2 * page)])))
    #expect(FileDescriptor.isDirect(fd))
    #expect(FileDescriptor.setDirect(fd, false))
    #expect(!FileDescriptor.isDirect(fd))
    #expect(FileDescriptor.writeAll(fd, UnsafeRawBufferPointer(rebasing: memory[(2 * page)..<(2 * page + 100)])))
    close(fd)
    #expect(Self.contents(path) == Array(memory[0..<(2 * page + 100)]))
    unlink(path)
  }

  /// A direct write the kernel refuses (a buffer off the page boundary: EINVAL) fails
  /// without the fallback, and with it turns `O_DIRECT` off and writes the bytes.
  @Test func refusedDirectWriteFallsBack() throws {
    let path = FileDescriptorFileTests.scratch("direct-refused")
    let fd = FileDescriptor.create(path)
    try #require(fd >= 0 && FileDescriptor.setDirect(fd, true))
    let page = FileDescriptor.directAlignment
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * page, alignment: page)
    defer { memory.deallocate() }
    for i in 0..<memory.count { memory[i] = UInt8(truncatingIfNeeded: i &* 29) }
    let offPage = UnsafeRawBufferPointer(rebasing: memory[1..<(1 + page)])
    #expect(!FileDescriptor.writeAll(fd, offPage))
    #expect(errno == EINVAL)
    #expect(FileDescriptor.isDirect(fd))
    #expect(FileDescriptor.writeAll(fd, offPage, directFallback: true))
    #expect(!FileDescriptor.isDirect(fd))
    close(fd)
    #expect(Self.contents(path) == Array(offPage))
    unlink(path)
  }
}

/// Whether the scratch folder's file system takes direct writes.
func directWritesWork() -> Bool {
  let path = FileDescriptorFileTests.scratch("direct-probe")
  let fd = FileDescriptor.create(path)
  let isDirect = fd >= 0 && FileDescriptor.setDirect(fd, true)
  if fd >= 0 { close(fd) }
  unlink(path)
  return isDirect
}

/// Bytes one thread writes and another reads after `join` (which orders the accesses).
final class Received: @unchecked Sendable {
  var bytes: [UInt8] = []
}

/// `Directory`: `mkdir -p`, a listing and `rm -rf` (which does not follow links).
@Suite struct DirectoryTests {
  @Test func makeListAndRemove() throws {
    let root = "/tmp/natrecon-directory-tests-\(getpid())"
    #expect(Directory.makeAll(root + "/a/b/c") == nil)
    #expect(Directory.makeAll(root + "/a/b/c") == nil)  // already there: fine
    #expect(FileDescriptor.writeFile(root + "/a/file", [1]))
    #expect(Directory.names(in: root + "/a")?.sorted() == ["b", "file"])
    #expect(Directory.names(in: root + "/missing") == nil)
    let failure = Directory.makeAll(root + "/a/file/d")
    #expect(failure?.path == root + "/a/file")
    #expect(failure?.detail == "exists and is not a folder")
    // A link to a folder outside the tree: removed as a link, its target left alone.
    let outside = root + "-outside"
    #expect(Directory.makeAll(outside) == nil)
    #expect(FileDescriptor.writeFile(outside + "/keep", [2]))
    #expect(symlink(outside, root + "/a/link") == 0)
    Directory.removeTree(root)
    var info = stat()
    #expect(lstat(root, &info) != 0)
    #expect(Directory.names(in: outside) == ["keep"])
    Directory.removeTree(outside)
  }
}
