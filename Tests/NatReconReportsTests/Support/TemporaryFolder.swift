import Foundation

/// A fresh folder under the system temp directory, removed when the value is dropped.
final class TemporaryFolder {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "natrecon-xlsx-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }
}
