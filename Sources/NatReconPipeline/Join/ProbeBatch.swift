import NatReconCore
import NatReconIO

/// One used, matched test record, reduced to what the fold needs (32 bytes).
struct MatchedUpdate {
  var resident: UInt32
  var result: TestResult
  var isInRound: Bool
  var sampleTime: Int64
  /// The negative certificate's anchor (report or sample time); unused otherwise.
  var anchor: Int64
}

/// One used test record whose ID is not on the roster.
struct UnmatchedRecord {
  /// The ID key, or `DocumentKey.unresolved` for another document the roster does not hold (`otherText` set).
  var key: UInt64
  var otherText: [UInt8]
  /// The line where the record starts (its read order within the file).
  var line: Int
  var sampleTime: Int64
  var result: TestResult
  var name: [UInt8]
  var phone: [UInt8]
  var site: [UInt8]
}

/// What a probe worker hands to the fold for a run of records of one file, in order.
struct ProbeBatch {
  /// Records per batch: large enough to amortise the queue, small enough to stay in cache.
  static let records = 8192

  var updates: [MatchedUpdate] = []
  var unmatched: [UnmatchedRecord] = []
  var issues: [DataIssue] = []
  /// name_mismatch issues: (index into `issues`, resident).
  var nameMismatches: [(issue: Int, resident: Int)] = []
  var positiveTubes: [String] = []
  var rows = 0
  var rowsUsed = 0
  var rowsRejected = 0
  var rowsAfterAsOf = 0
  /// The latest sample_time of the batch's used records (`Int64.min` when none).
  var newestSample = Int64.min
  /// Set on the file's first batch.
  var compression: String?
  /// Set on the file's last batch.
  var encoding: String?
  /// Set on the file's last batch when its tube scratch file was written completely.
  var tubeSpill: String?

  init() {
    updates.reserveCapacity(Self.records)
  }
}

extension ProbeBatch: IssueListSink {}
