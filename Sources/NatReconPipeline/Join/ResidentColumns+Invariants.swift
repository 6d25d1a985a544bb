// Internal invariants of `ResidentColumns`, checked under `NATRECON_INTERNAL_CHECKS`.

extension ResidentColumns: InvariantChecking {
  /// What is wrong with the columns; empty when nothing is.
  ///
  /// Every column has one entry
  /// per resident (the roster lines and name hashes may also be empty, once
  /// `Roster.releaseJoinStructures()` freed them), flags use only the defined bits, a
  /// result is set only with a sample time, and each time column is sound.
  func invariantViolations(limit: Int) -> [String] {
    var problems: [String] = []
    let n = count
    let lengths: [(String, Int, Bool)] = [
      ("rosterLine", rosterLine.count, true), ("nameHash", nameHash.count, true),
      ("flags", flags.count, false), ("lastResult", lastResult.count, false),
      ("lastSampleTime", lastSampleTime.count, false), ("lastNegativeAnchor", lastNegativeAnchor.count, false),
      ("lastNegativeSample", lastNegativeSample.count, false),
      ("lastPositiveSample", lastPositiveSample.count, false),
    ]
    for (name, length, mayBeReleased) in lengths where length != n && !(mayBeReleased && length == 0) {
      problems.append("\(name) has \(length) entries for \(n) residents")
    }
    guard problems.isEmpty else { return problems }
    let knownFlags = Flag.eligible | Flag.testedInRound
    for r in 0..<n where problems.count < limit {
      if flags[r] & ~knownFlags != 0 { problems.append("resident \(r) has unknown flag bits \(flags[r])") }
      if lastResult[r] != 0 && lastSampleTime[r] == Self.none {
        problems.append("resident \(r) has a result but no sample time")
      }
    }
    let times = [
      ("lastSampleTime", lastSampleTime), ("lastNegativeAnchor", lastNegativeAnchor),
      ("lastNegativeSample", lastNegativeSample), ("lastPositiveSample", lastPositiveSample),
    ]
    for (name, column) in times {
      problems += column.invariantViolations(limit: limit).map { "\(name): \($0)" }
    }
    return problems
  }
}
