/// Locates files under `Tests/Fixtures/`, independent of the working directory.
public enum Fixtures {
  /// The absolute path of `Tests/Fixtures`.
  public static var root: String {
    let thisFile = #filePath  // …/Tests/NatReconTestSupport/Fixtures.swift
    var parts = thisFile.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(2)
    return parts.joined(separator: "/") + "/Fixtures"
  }

  /// The absolute path of a file under `Tests/Fixtures`.
  public static func path(_ relative: String) -> String { root + "/" + relative }

  /// The package root (the folder holding Package.swift).
  public static var packageRoot: String {
    var parts = root.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(2)
    return parts.joined(separator: "/")
  }

  /// The shared acceptance set, `../shared/acceptance` beside the package root (CI clones
  /// the repository with shared/ beside it); read in place, never copied, so it cannot go
  /// stale. It is read-only in CI: a run on it must write elsewhere (`--out`).
  public static func acceptance(_ relative: String) -> String {
    var parts = packageRoot.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast()
    return parts.joined(separator: "/") + "/shared/acceptance/" + relative
  }
}
