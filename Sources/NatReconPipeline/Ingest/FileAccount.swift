/// Per-input-file accounting for manifest.json (SPEC §8):
/// `rows = rowsUsed + rowsRejected + rowsAfterAsOf`.
public struct FileAccount: Sendable, Equatable {
  public var path: String
  public var displayPath: String
  public var role: String
  public var bytes: Int = 0
  public var sha256: String = ""
  public var compression: String = ""
  public var encoding: String = ""
  public var rows = 0
  public var rowsUsed = 0
  public var rowsRejected = 0
  public var rowsAfterAsOf = 0
  /// Records with bytes invalid in `encoding` (data issue `bad_encoding`; among the
  /// rejected ones), for the manifest and the stderr summary (SPEC §8).
  public var rowsBadEncoding = 0
  /// Test exports: the latest sample_time of a used record (SPEC §6 stale inputs).
  public var newestSampleTime: Int64?

  public init(path: String, displayPath: String, role: String) {
    self.path = path
    self.displayPath = displayPath
    self.role = role
  }

  /// The share of rejected rows (0 for an input without rows).
  public var rejectRate: Double { rows == 0 ? 0 : Double(rowsRejected) / Double(rows) }
}
