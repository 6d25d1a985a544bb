import Foundation
import NatReconPlatform

/// This run's summary rows written into the history ahead of publishing, in a transaction
/// that commits only after publishing (SPEC §4 History: "after publishing, a run records
/// its summary").
///
/// At city scale summary.csv has about a million rows, and recording them after
/// publishing took 2 s on one thread with the other core idle. The report stage writes
/// summary.csv on its tables thread early in the residents pass, so `start` runs there
/// right after (`ReportStage.onSummaryWritten`): it checks the file as `HistoryRun.parse`
/// does, opens the history and calls `HistoryStore.beginRecording`. After publishing the
/// runner `take`s the open store and calls `finishRecording` with the manifest figures.
///
/// Nothing changes for a reader or on a failure: readers see no row of the run before
/// the commit (workbooks and dashboard read the trend from earlier runs only); a run that
/// fails or is not published `abandon`s the transaction; and when `start` failed (the
/// history locked, corrupt, newer) the runner records after publishing exactly as
/// before, with the same error line if it fails again.
///
/// Threads: `start` on the tables thread, everything else on the calling thread after
/// the report stage has joined it; a lock keeps the hand-over plain.
final class HistoryDraft: @unchecked Sendable {
  let out: String
  let runID: String
  private var store: HistoryStore?
  private let lock = PosixLock()

  init(out: String, runID: String) {
    self.out = out
    self.runID = runID
  }

  /// Inserts summary.csv's rows (at `summaryPath`) in an open transaction; on any
  /// failure leaves nothing open (the runner then records after publishing).
  func start(summaryPath: String) {
    // Mapped, not read: the residents pass (the run's memory peak) is running, and a
    // read copy (6.5 MB at 1 M residents, 100 MB at 25 M) would stay in the heap.
    guard let summary = try? Data(contentsOf: URL(fileURLWithPath: summaryPath), options: .alwaysMapped),
      HistoryRun.check(summary: summary) == nil
    else { return }
    do throws(HistoryError) {
      let opened = try HistoryStore(path: HistoryStore.path(out: out))
      try opened.beginRecording(runID: runID, summaryCSV: summary, summaryRows: [])
      lock.withLock { store = opened }
    } catch {
      return
    }
  }

  /// The store with this run's summary rows in an open transaction, or nil when `start`
  /// did not run or failed; hands it over once.
  func take() -> HistoryStore? {
    lock.withLock {
      defer { store = nil }
      return store
    }
  }

  /// Rolls back what `start` wrote unless it was taken (a failed or unpublished run).
  func abandon() { take()?.abandonRecording() }
}
