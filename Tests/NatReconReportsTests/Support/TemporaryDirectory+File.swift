import NatReconTestSupport

extension TemporaryDirectory {
  /// The path of a file in the folder (not created).
  func file(_ name: String) -> String { path + "/" + name }
}
