import Foundation

/// What the report stage hands back to the run: the files it wrote and what the manifest
/// and the history need of them.
struct ReportSet {
  /// Every published output (machine files unless `formats` leaves them out, workbooks,
  /// dashboard.html), in the manifest's order; digests are taken later.
  var outputs: [OutputRecord]
  /// summary.csv as written, for the history (also when the folder leaves it out).
  var summaryBytes: Data?
  /// Why dashboard.html has no trend from earlier runs, when it has none (a note).
  var historyNote: String?
  /// The household and area counts (computed at the start of the report stage, on its
  /// calling thread, while unmatched_tests.csv is written), for the run's counts and
  /// summary line; nil once the runner has taken them (`ReleaseOnThread`).
  var aggregates: Aggregates?
  /// How long computing them took (the manifest's `aggregate` stage, which is part of
  /// `reports`' wall time).
  var aggregateSeconds: Double
}
