#if canImport(Glibc)
  import Glibc
#endif

/// What `fstat` says about a regular input file — device, inode, size, modification and
/// status-change times — to tell whether every pass of a run read the same bytes (SPEC
/// §6: an input that changes while the run reads it fails the run).
///
/// A run takes it once per input when it expands the pipeline's globs; every pass that
/// reads the file (the roster stage, the residents pass, the digest thread, a reparse of
/// the exports) checks it when it opens the file and again at its end, and that it read
/// exactly `size` bytes. A write to the file changes its `ctime` (and `mtime`), an
/// export replaced by a rename changes its inode, an append its size: so the SHA-256 in
/// the manifest, computed on the digest thread, describes the bytes every pass parsed,
/// without hashing on the parsing threads (which `BENCHMARKS.md` measured as a slowdown).
/// Limit: timestamps tick at the kernel's clock resolution (about 1–4 ms), so a rewrite
/// of the same size made within the same tick as a write the run already saw goes
/// unnoticed; the run would have to start while the export is still being written.
public struct FileIdentity: Sendable, Equatable {
  public var device: UInt64
  public var inode: UInt64
  public var size: Int
  public var modified: timespec
  public var changed: timespec

  /// The identity of the open file `fd`, or nil when it is not a regular file (a pipe has
  /// no identity to keep) or `fstat` fails.
  public static func of(fd: Int32) -> FileIdentity? {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    return FileIdentity(info)
  }

  /// The identity of the file at `path` (following symbolic links), or nil.
  public static func of(path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileIdentity(info)
  }

  init?(_ info: stat) {
    guard info.st_mode & S_IFMT == S_IFREG else { return nil }
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    size = Int(info.st_size)
    modified = info.st_mtim
    changed = info.st_ctim
  }

  public static func == (a: FileIdentity, b: FileIdentity) -> Bool {
    a.device == b.device && a.inode == b.inode && a.size == b.size
      && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
      && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
  }

  /// What differs from `earlier`, for the error message ("size 1200 → 1350 bytes").
  public func difference(from earlier: FileIdentity) -> String {
    if inode != earlier.inode || device != earlier.device { return "replaced by another file" }
    if size != earlier.size { return "size \(earlier.size) → \(size) bytes" }
    return "rewritten (modification time changed)"
  }
}

/// Checks that a file reads as it was when the run first looked at it.
public enum InputChangeCheck {
  /// - Throws: `.inputChanged` when `now` (nil: the file is no longer a regular file)
  ///   differs from `expected`, or when `bytesRead` (if given) is not its size.
  public static func verify(
    _ now: FileIdentity?, expected: FileIdentity?, bytesRead: Int? = nil, displayPath: String
  ) throws(IngestError) {
    guard let expected else { return }
    guard let now else { throw .inputChanged(path: displayPath, detail: "no longer a regular file") }
    if now != expected { throw .inputChanged(path: displayPath, detail: now.difference(from: expected)) }
    if let bytesRead, bytesRead != expected.size {
      throw .inputChanged(path: displayPath, detail: "read \(bytesRead) bytes of \(expected.size)")
    }
  }
}
