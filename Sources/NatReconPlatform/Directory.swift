#if canImport(Glibc)
  import Glibc
#endif

/// The folder calls the programs share: `mkdir -p`, `rm -rf` and a listing, once.
public enum Directory {
  /// `mkdir -p`: creates `path` and any missing parent (mode 755).
  ///
  /// - Returns: nil when `path` is a folder now; otherwise the path that could not be made
  ///   and why (strerror's text, or "exists and is not a folder").
  public static func makeAll(_ path: String) -> (path: String, detail: String)? {
    var info = stat()
    if stat(path, &info) == 0 {
      return (info.st_mode & S_IFMT) == S_IFDIR ? nil : (path, "exists and is not a folder")
    }
    let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    if !parent.isEmpty && parent != path, let failure = makeAll(parent) { return failure }
    if mkdir(path, 0o755) != 0 && errno != EEXIST { return (path, FileDescriptor.errorText()) }
    return nil
  }

  /// `rm -rf` without following symbolic links; what cannot be removed stays.
  public static func removeTree(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      for name in names(in: path) ?? [] { removeTree(path + "/" + name) }
      rmdir(path)
    } else {
      unlink(path)
    }
  }

  /// The names in folder `path` (without `.` and `..`), in the order readdir gives them;
  /// nil when it cannot be opened.
  public static func names(in path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
