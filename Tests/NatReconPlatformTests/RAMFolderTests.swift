import NatReconTestSupport
import Testing

@testable import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// `RAMFolder`: a folder counts as RAM-backed only when the mount table names it as a
/// tmpfs mount point, read as the kernel writes the table.
@Suite struct RAMFolderTests {
  /// A mount table in a file, as `/proc/self/mounts` writes one.
  static func table(_ lines: [String]) -> String {
    let path = ScratchFolders.make(prefix: "natrecon-ramfolder") + "/mounts"
    #expect(FileDescriptor.writeFile(path, Array((lines.joined(separator: "\n") + "\n").utf8)))
    return path
  }

  @Test func theLastEntryForAMountPointGivesItsType() {
    let path = Self.table([
      "/dev/vda / ext4 rw,relatime 0 0",
      "shm /dev/shm tmpfs rw,nosuid,nodev 0 0",
      "/dev/vdb /data ext4 rw 0 0",
      "tmpfs /data tmpfs rw 0 0",
      "tmpfs /mnt/with\\040space tmpfs rw 0 0",
    ])
    #expect(RAMFolder.readMountType(of: "/dev/shm", table: path) == "tmpfs")
    #expect(RAMFolder.readMountType(of: "/", table: path) == "ext4")
    #expect(RAMFolder.readMountType(of: "/data", table: path) == "tmpfs", "a later mount hides an earlier")
    #expect(RAMFolder.readMountType(of: "/mnt/with space", table: path) == "tmpfs")
    #expect(RAMFolder.readMountType(of: "/dev", table: path) == nil, "a folder above a mount point is not one")
    #expect(RAMFolder.readMountType(of: "/dev/shm/inner", table: path) == nil)
    #expect(RAMFolder.readMountType(of: "/dev/shm", table: "/nonexistent/mounts") == nil)
  }

  /// A folder on disk that is not a mount point (a scratch folder) is never RAM-backed,
  /// nor is one that does not exist.
  @Test func anOrdinaryFolderHasNoRAMFreeBytes() {
    #expect(RAMFolder.freeBytes(ScratchFolders.make(prefix: "natrecon-ramfolder")) == nil)
    #expect(RAMFolder.freeBytes("/nonexistent-natrecon-folder") == nil)
  }

  /// Where this machine mounts /dev/shm as tmpfs (Linux does by default), its free space
  /// is reported, and it agrees with statvfs.
  @Test func theStandardFolderReportsItsFreeSpaceWhereItIsTmpfs() throws {
    guard RAMFolder.readMountType(of: RAMFolder.standard) == "tmpfs" else {
      #expect(RAMFolder.freeBytes(RAMFolder.standard) == nil)
      return
    }
    let free = try #require(RAMFolder.freeBytes(RAMFolder.standard))
    var info = statvfs()
    #expect(statvfs(RAMFolder.standard, &info) == 0)
    let total = Int(info.f_blocks) * Int(info.f_frsize)
    #expect(free > 0 && free <= total)
  }
}
