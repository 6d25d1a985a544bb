import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

/// One input file after glob expansion.
public struct InputFile: Sendable, Equatable {
  /// The path to open.
  public var path: String
  /// The path as the pipeline names it after glob expansion (data_issues.csv `file`).
  public var displayPath: String
  /// The file as the run first saw it (nil for a pipe): every pass must read these bytes
  /// (SPEC §6, `FileIdentity`).
  public var identity: FileIdentity?

  public init(path: String, displayPath: String, identity: FileIdentity? = nil) {
    self.path = path
    self.displayPath = displayPath
    self.identity = identity
  }
}

/// Expands an input's `files:` entries (paths or globs) in sorted path order (SPEC §8).
enum InputFiles {
  /// - Throws: `IngestError.fileNotFound` for a plain path that does not exist,
  ///   `.noFilesMatch` for a glob that matches nothing.
  static func expand(_ patterns: [String], in spec: PipelineSpec) throws(IngestError) -> [InputFile] {
    var out: [InputFile] = []
    for pattern in patterns {
      let resolved = spec.resolve(pattern)
      let prefix = resolved.count > pattern.count ? String(resolved.dropLast(pattern.count)) : ""
      let isGlob = pattern.contains(where: { "*?[".contains($0) })
      if !isGlob {
        var info = stat()
        guard stat(resolved, &info) == 0 else { throw .fileNotFound(path: pattern) }
        out.append(InputFile(path: resolved, displayPath: pattern))
        continue
      }
      var matches = glob_t()
      defer { globfree(&matches) }
      let status = glob(resolved, 0, nil, &matches)
      guard status == 0, matches.gl_pathc > 0 else { throw .noFilesMatch(pattern: pattern) }
      var found: [InputFile] = []
      for i in 0..<Int(matches.gl_pathc) {
        guard let cPath = matches.gl_pathv[i] else { continue }
        let path = String(cString: cPath)
        let display = !prefix.isEmpty && path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        found.append(InputFile(path: path, displayPath: display))
      }
      out.append(contentsOf: found)
    }
    // Sorted path order, by UTF-8 bytes; a file named twice is read once.
    var seen = Set<String>()
    return out.filter { seen.insert($0.path).inserted }
      .map { InputFile(path: $0.path, displayPath: $0.displayPath, identity: FileIdentity.of(path: $0.path)) }
      .sorted { Array($0.displayPath.utf8).lexicographicallyPrecedes(Array($1.displayPath.utf8)) }
  }
}
