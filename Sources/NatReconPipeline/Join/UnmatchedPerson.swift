import NatReconCore

/// What unmatched_tests.csv reports about one ID found in the tests but not the roster.
///
/// Memory grows with the number of distinct unmatched IDs (people tested in the area
/// but missing from the roster), not with the test rows: about 100 bytes each, sites
/// held as IDs into `JoinResult.sites` (a site's name is stored once per run).
struct UnmatchedPerson {
  var tests = 0
  var lastSampleTime = Int64.min
  var lastResult = TestResult.pending
  var name = LatestValue()
  var phone = LatestValue()
  /// Distinct sampling sites, in first-seen order (sorted by name when written).
  var sites: [UInt32] = []

  /// Folds one used record in; `name`/`phone` come from the latest record with a
  /// non-empty value (at equal sample times, the later-read record; see `LatestValue`).
  /// Every field is a commutative fold, so records may arrive in any order.
  mutating func add(
    sampleTime: Int64, result: TestResult, name: UnsafeBufferPointer<UInt8>,
    phone: UnsafeBufferPointer<UInt8>, site: UInt32?, order: UInt64
  ) {
    tests += 1
    LatestRecord.fold(
      sampleTime: sampleTime, result: result, into: &lastSampleTime, lastResult: &lastResult)
    self.name.offer(name, at: sampleTime, order: order)
    self.phone.offer(phone, at: sampleTime, order: order)
    if let site, !sites.contains(site) { sites.append(site) }
  }
}

/// SPEC §3's "latest record" rule, shared by residents, unmatched IDs and tubes.
enum LatestRecord {
  /// The latest sample time wins; at equal sample times positive > invalid > negative >
  /// pending, so a re-exported final result supersedes its pending twin.
  @inline(__always)
  static func fold(
    sampleTime: Int64, result: TestResult, into lastSampleTime: inout Int64, lastResult: inout TestResult
  ) {
    if sampleTime > lastSampleTime {
      lastSampleTime = sampleTime
      lastResult = result
    } else if sampleTime == lastSampleTime && result > lastResult {
      lastResult = result
    }
  }
}

/// A text taken from the latest record with a non-empty value (SPEC §8: name and phone
/// of unmatched IDs and tube members); at equal sample times the later-read record wins.
///
/// "Later-read" is the record's place in the inputs (`readOrder`: file index, then line),
/// not the moment a thread folds it, so files parsed in parallel and folded as their
/// batches arrive give the same value as one thread reading the files in order.
struct LatestValue {
  private(set) var text = ""
  private(set) var time = Int64.min
  private(set) var order: UInt64 = 0

  /// The read order of the record at `line` of input file `file` (sorted file index).
  static func readOrder(file: Int, line: Int) -> UInt64 {
    UInt64(file) << 40 | UInt64(truncatingIfNeeded: line) & (1 << 40 - 1)
  }

  mutating func offer(_ value: UnsafeBufferPointer<UInt8>, at sampleTime: Int64, order: UInt64) {
    guard !value.isEmpty && (sampleTime, order) >= (time, self.order) else { return }
    text = String(decoding: value, as: UTF8.self)
    time = sampleTime
    self.order = order
  }

  /// Takes `other` (the same person's value from another file) under the same rule.
  mutating func merge(_ other: LatestValue) {
    guard !other.text.isEmpty && (other.time, other.order) >= (time, order) else { return }
    self = other
  }
}
