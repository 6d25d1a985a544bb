import NatReconCore

/// What stops a run while reading inputs (SPEC §6): exit status 1, one line on stderr.
public enum IngestError: Error, Sendable, CustomStringConvertible {
  case fileNotFound(path: String)
  case noFilesMatch(pattern: String)
  case emptyFile(path: String)
  case missingColumn(path: String, field: String, aliasesTried: [String], headersFound: [String])
  case corruptGzip(path: String, detail: String)
  case notText(path: String, detail: String)
  case readFailed(path: String, detail: String)
  /// A header with more than `ReaderLimits.maxHeaderColumns` columns or longer than
  /// `ReaderLimits.maxRecordBytes`: not a roster or an export.
  case headerTooLarge(path: String, detail: String)
  /// The file's bytes differ between two passes of the run, or from what the digest read
  /// (`FileIdentity`): nothing is published.
  case inputChanged(path: String, detail: String)

  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file; check the path in the pipeline's inputs"
    case .noFilesMatch(let pattern):
      return "\(pattern): the glob matches no file; check the pipeline's inputs"
    case .emptyFile(let path):
      return "\(path): the file is empty (0 bytes); export it again"
    case .missingColumn(let path, let field, let tried, let found):
      return
        "\(path): no column for \(field) (tried \(tried.joined(separator: ", ")); found \(found.joined(separator: ", "))); add `columns: {\(field): <header>}` to the pipeline input"
    case .corruptGzip(let path, let detail):
      return "\(path): corrupt or truncated gzip stream (\(detail)); copy or export the file again"
    case .notText(let path, let detail):
      return "\(path): not a CSV text file (\(detail))"
    case .readFailed(let path, let detail):
      return "\(path): cannot read (\(detail))"
    case .headerTooLarge(let path, let detail):
      return
        "\(path): the header row is too large (\(detail)); is this a roster or a test export with its header on the first line?"
    case .inputChanged(let path, let detail):
      return
        "\(path): the file changed while the run read it (\(detail)); nothing was published; rerun once the file is complete"
    }
  }
}
