/// What stops recording or reading the history (SPEC §4 History): exit status 1.
public enum HistoryError: Error, Sendable, CustomStringConvertible {
  /// SQLite refused (read-only, locked, disk full, not a database).
  case database(path: String, detail: String)
  /// The file was written by a newer natrecon; it is left as it is.
  case schemaAhead(path: String, version: Int)
  /// A run folder's manifest.json or summary.csv cannot be read back.
  case unreadableRun(path: String, detail: String)
  /// `natrecon history OUT` on a folder without a history.
  case missing(path: String)

  public var description: String {
    switch self {
    case .database(let path, let detail): "\(path): \(detail)"
    case .schemaAhead(let path, let version):
      "\(path): written by a newer natrecon (history schema version \(version), this one knows \(HistoryStore.schemaVersion)); left unchanged — use that natrecon, or move the file away and run `natrecon history OUT --rebuild`"
    case .unreadableRun(let path, let detail): "\(path): cannot be read into the history (\(detail))"
    case .missing(let path):
      "\(path): no history yet; a run records one after publishing, or `natrecon history OUT --rebuild` builds it from the run folders"
    }
  }
}
