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
  /// The household and area counts (computed on the tables thread during the residents
  /// pass), for the run's counts and summary line.
  var aggregates: Aggregates
  /// How long computing them took on that thread (the manifest's `aggregate` stage,
  /// which overlaps `reports`).
  var aggregateSeconds: Double
}
