import Foundation
import Testing

/// Golden-file assertions (STYLE §6): compares with `Tests/Fixtures/golden/<test>/<file>`.
///
/// With `NATRECON_RECORD_GOLDEN=1` the golden file is (re)written and the test fails, so a
/// recording never passes silently; review golden diffs like code.
public func assertMatchesGolden(
  _ actual: Data, test: String, file: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let path = Fixtures.path("golden/\(test)/\(file)")
  if ProcessInfo.processInfo.environment["NATRECON_RECORD_GOLDEN"] == "1" {
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    if !FileManager.default.createFile(atPath: path, contents: actual) {
      Issue.record("cannot write golden file \(path)", sourceLocation: sourceLocation)
    }
    Issue.record("recorded golden file \(path); rerun without NATRECON_RECORD_GOLDEN", sourceLocation: sourceLocation)
    return
  }
  guard let expected = FileManager.default.contents(atPath: path) else {
    Issue.record("missing golden file \(path); record it with NATRECON_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
    return
  }
  if expected != actual {
    Issue.record(
      "\(file) differs from golden \(path):\n\(lineDiff(expected: expected, actual: actual))",
      sourceLocation: sourceLocation)
  }
}

/// The first differing lines of two texts, for failure messages.
public func lineDiff(expected: Data, actual: Data, limit: Int = 8) -> String {
  let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  var out: [String] = []
  for i in 0..<max(e.count, a.count) where out.count < limit * 2 {
    let x = i < e.count ? String(e[i]) : "<none>"
    let y = i < a.count ? String(a[i]) : "<none>"
    if x != y {
      out.append("line \(i + 1) - \(x)")
      out.append("line \(i + 1) + \(y)")
    }
  }
  if e.count != a.count { out.append("(\(e.count) expected lines, \(a.count) actual)") }
  return out.joined(separator: "\n")
}

/// A fresh temporary folder, removed when the value is released.
public final class TemporaryDirectory {
  public let path: String

  public init(_ label: String = "natrecon") {
    let base = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    path = base
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes a file (creating folders) and returns its path.
  @discardableResult
  public func write(_ relative: String, _ contents: String) -> String {
    write(relative, Data(contents.utf8))
  }

  @discardableResult
  public func write(_ relative: String, _ data: Data) -> String {
    let full = path + "/" + relative
    try? FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    precondition(FileManager.default.createFile(atPath: full, contents: data), "cannot write \(full)")
    return full
  }

  public func read(_ relative: String) -> Data? { FileManager.default.contents(atPath: path + "/" + relative) }
}
