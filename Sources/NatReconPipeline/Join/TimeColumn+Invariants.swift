// Internal invariants of `TimeColumn`, checked under `NATRECON_INTERNAL_CHECKS`.

extension TimeColumn: InvariantChecking {
  /// What is wrong with the column; empty when nothing is.
  ///
  /// The side table holds exactly
  /// the residents whose code says "in the side table", and only times that have no
  /// 4-byte code (a time that fits would have been stored as an offset).
  func invariantViolations(limit: Int) -> [String] {
    var problems: [String] = []
    var marked = 0
    for r in codes.indices where codes[r] == Self.outOfSpanCode {
      marked += 1
      if outOfSpan[r] == nil, problems.count < limit {
        problems.append("resident \(r) is marked out of span but has no side-table entry")
      }
    }
    if marked != outOfSpan.count {
      problems.append("\(marked) codes mark the side table, which holds \(outOfSpan.count) times")
    }
    for (r, time) in outOfSpan.sorted(by: { $0.key < $1.key }) where problems.count < limit {
      if r < 0 || r >= codes.count {
        problems.append("side-table entry for resident \(r) of \(codes.count)")
      } else if Self.code(time) != nil {
        problems.append("resident \(r)'s time \(time) fits a code but sits in the side table")
      }
    }
    return problems
  }
}
