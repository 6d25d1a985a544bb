import NatReconPlatform

/// Writes small text files (manifest.json, metrics) with an error naming the file.
enum ManifestFile {
  static func write(_ text: String, to path: String) throws(RunError) {
    if !FileDescriptor.writeFile(path, Array(text.utf8)) {
      throw .outputFailed(path: path, detail: FileDescriptor.errorText())
    }
  }
}
