import NatReconPlatform
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `FileWindows`: a file's bytes in order through mappings of a window each, never a
/// piece across a window's end; and a file truncated while mapped reads as zeros past
/// the cut, marked `wasCut`, instead of killing the process with SIGBUS.
///
/// Serialized: `allSlotsTakenMeansNoWindows` holds every slot of the guard for a moment
/// (the other suites' readers then read with read(2), as they would anyway).
@Suite(.serialized) struct FileWindowsTests {
  static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// A new file holding `bytes`, opened for reading; the caller closes it.
  static func openFile(_ bytes: [UInt8]) throws -> (fd: Int32, path: String) {
    var template = Array("/tmp/natrecon-windows-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress.unsafelyUnwrapped) }
    try #require(fd >= 0)
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    try #require(FileDescriptor.writeAll(fd, bytes))
    try #require(lseek(fd, 0, SEEK_SET) == 0)
    return (fd, path)
  }

  /// Runs `body` on a new file holding `bytes`, open for reading, then removes it.
  static func withFile(_ bytes: [UInt8], _ body: (Int32) throws -> Void) throws {
    let (fd, path) = try openFile(bytes)
    defer {
      close(fd)
      unlink(path)
    }
    try body(fd)
  }

  /// Every byte `windows` hands out from here on, in pieces of at most `maxBytes`.
  static func rest(of windows: FileWindows, maxBytes: Int) throws -> [UInt8] {
    var read: [UInt8] = []
    while true {
      let piece = try windows.next(maxBytes: maxBytes)
      if piece.isEmpty { return read }
      read.append(contentsOf: piece)
    }
  }

  static func pattern(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }
  }

  @Test(arguments: [1, 4096, 3 * 4096 + 17])
  func piecesAreTheFileInOrder(maxBytes: Int) throws {
    let bytes = Self.pattern(5 * 2 * Self.page + 123)
    try Self.withFile(bytes) { fd in
      let windows = try #require(FileWindows(fd: fd, size: bytes.count, windowBytes: 2 * Self.page))
      var read: [UInt8] = []
      var offsets: [Int] = []
      while true {
        let piece = try windows.next(maxBytes: maxBytes)
        if piece.isEmpty { break }
        #expect(piece.count <= maxBytes)
        offsets.append(read.count)
        read.append(contentsOf: piece)
        #expect(windows.position == read.count)
      }
      #expect(read == bytes)
      #expect(!windows.wasCut)
      // No piece crosses a window's end.
      let crossing = zip(offsets, offsets.dropFirst() + [bytes.count]).filter { start, end in
        start / (2 * Self.page) != (end - 1) / (2 * Self.page)
      }
      #expect(crossing.isEmpty)
      #expect(try windows.next(maxBytes: maxBytes).isEmpty)
    }
  }

  @Test func anEmptyFileOrAPipeHasNoWindows() throws {
    try Self.withFile([]) { fd in #expect(FileWindows(fd: fd, size: 0) == nil) }
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    #expect(FileWindows(fd: ends[0], size: 4096) == nil)
    close(ends[0])
    close(ends[1])
  }

  /// With every slot of the guard taken, no windows (the caller reads with read(2));
  /// a slot given back is taken again. Each file's windows keep one slot throughout.
  @Test func allSlotsTakenMeansNoWindows() throws {
    let bytes = Self.pattern(3 * Self.page)
    try Self.withFile(bytes) { fd in
      var held: [FileWindows] = []
      while held.count <= 64, let windows = FileWindows(fd: fd, size: bytes.count, windowBytes: Self.page) {
        held.append(windows)
      }
      // The loop ended on a refusal: never more windows than slots.
      #expect(!held.isEmpty)
      #expect(held.count <= 64)
      // A file already open moves on to its next window with the slot it holds.
      let read = try Self.rest(of: held[0], maxBytes: 1000)
      #expect(read == bytes)
      held.removeAll()
      #expect(FileWindows(fd: fd, size: bytes.count, windowBytes: Self.page) != nil)
    }
  }

  /// The file is cut to 100 bytes while its first window is mapped and partly read: the
  /// rest of the window reads as zeros, the process lives on, and `wasCut` says so.
  @Test func aFileTruncatedWhileMappedReadsZerosAndIsMarkedCut() throws {
    let bytes = Self.pattern(8 * Self.page)
    try Self.withFile(bytes) { fd in
      let windows = try #require(FileWindows(fd: fd, size: bytes.count, windowBytes: 4 * Self.page))
      let first = try windows.next(maxBytes: 50)
      #expect(Array(first) == Array(bytes[0..<50]))
      #expect(ftruncate(fd, 100) == 0)
      let rest = try Self.rest(of: windows, maxBytes: 1000)
      #expect(rest.count == bytes.count - 50)
      // The kept page holds the kept bytes, then the zeros the kernel fills a last page with.
      #expect(Array(rest[0..<50]) == Array(bytes[50..<100]))
      #expect(rest[50...].allSatisfy { $0 == 0 })
      #expect(windows.wasCut)
    }
  }
}
