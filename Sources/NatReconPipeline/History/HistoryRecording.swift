import Foundation

/// Records a run's summary rows while the run finishes, and commits them only after it
/// has published: recording the history no longer waits until after publishing for its
/// heaviest part (parsing summary.csv back and inserting every row: 425 k rows at 10 M
/// residents).
///
/// Right after the report stage, a thread of its own opens the history, begins the
/// run's transaction (`BEGIN IMMEDIATE`, deleting an earlier recording of the same run)
/// and inserts the summary rows, while the calling thread waits for the input digests,
/// writes the manifest and publishes (the digest wait leaves a core idle). After
/// publishing, `commit` adds the manifest figures and commits. A run that fails or
/// writes nothing in between calls `abandon` (the transaction is rolled back); a run
/// killed in between leaves an unfinished transaction in the WAL, which SQLite ignores
/// on the next open. Either way the history is as it was: a run is recorded only when
/// it has published.
///
/// Only when `history.sqlite` already exists (and not with
/// `NATRECON_HISTORY_RECORDING=after-publishing`, the reference path): a first run that fails must not leave a
/// new, empty history behind, so the first night records after publishing as
/// `HistoryStore.record` always did. Any error of the early part (a locked or corrupt
/// history, a summary.csv it cannot read) is not reported from there: `commit` then
/// records the whole run after publishing, which meets the same error and reports it as
/// before ("history not recorded, the run folder stands").
///
/// Lifecycle: `init` (starts the thread), then `commit` once, or `abandon` (any number
/// of times; nothing after `commit`).
final class HistoryRecording {
  private let path: String
  private let runID: String
  private let folder: String
  private let summary: Data?
  private var early: BackgroundTask<HistoryStore, HistoryError>?

  /// Starts the early part when the history exists and the run has a summary.
  /// - Parameters:
  ///   - folder: the run's published folder (named in error messages).
  ///   - onThread: false runs the early part inside `init` (tests).
  init(out: String, runID: String, summary: Data?, folder: String, onThread: Bool = true) {
    path = HistoryStore.path(out: out)
    self.runID = runID
    self.folder = folder
    self.summary = summary
    guard let summary, FileManager.default.fileExists(atPath: path), !Self.afterPublishingOnly else { return }
    let path = path
    early = BackgroundTask(onThread: onThread) { () throws(HistoryError) -> HistoryStore in
      let store = try HistoryStore(path: path)
      try store.begin(runID: runID)
      try store.insertSummary(runID: runID, summary: summary, folder: folder)
      return store
    }
  }

  /// `NATRECON_HISTORY_RECORDING=after-publishing` records the whole run after publishing
  /// (the reference path, as a first run does; for comparisons and benchmarks).
  static var afterPublishingOnly: Bool {
    ProcessInfo.processInfo.environment["NATRECON_HISTORY_RECORDING"] == "after-publishing"
  }

  /// Whether the summary rows went in before publishing (tests).
  var isEarly: Bool {
    guard let early else { return false }
    return (try? early.wait()) != nil
  }

  /// After publishing: commits the run (the summary rows already in, plus the manifest's
  /// figures), or records it whole when the early part did not happen or failed.
  /// - Returns: the history, for catching up earlier folders.
  /// - Throws: `HistoryError` (the history is then as it was before this run).
  func commit(manifest: Data) throws(HistoryError) -> HistoryStore {
    let task = early
    early = nil
    if let task, let store = try? task.wait() {
      do {
        try store.commit(try HistoryRun.parse(runID: runID, manifest: manifest, summary: nil, folder: folder))
      } catch {
        store.rollback()
        throw error
      }
      return store
    }
    let store = try HistoryStore(path: path)
    try store.record(try HistoryRun.parse(runID: runID, manifest: manifest, summary: summary, folder: folder))
    return store
  }

  /// The run failed or publishes nothing: waits for the early part and rolls it back.
  func abandon() {
    guard let task = early else { return }
    early = nil
    (try? task.wait())?.rollback()
  }

  deinit { abandon() }
}
