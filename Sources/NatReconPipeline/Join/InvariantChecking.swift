/// A structure that can list what is wrong with it: the pipeline's side of the internal
/// checks (`KeyTable` has its own in Core).
///
/// `checkInvariants()` stops the program on any problem and is compiled in only under
/// `NATRECON_INTERNAL_CHECKS` (`make test-checks`); `invariantViolations(limit:)` is
/// always compiled, so tests can corrupt a structure and see the problem named.
protocol InvariantChecking {
  /// What is wrong with the structure.
  ///
  /// - Parameter limit: stop after about this many problems.
  /// - Returns: one sentence per problem, empty when the structure is sound.
  func invariantViolations(limit: Int) -> [String]
}

extension InvariantChecking {
  /// What is wrong with the structure (at most about ten problems).
  ///
  /// - Returns: one sentence per problem, empty when the structure is sound.
  func invariantViolations() -> [String] { invariantViolations(limit: 10) }

  /// Stops the program when the structure breaks one of its invariants.
  ///
  /// Compiled in only under `NATRECON_INTERNAL_CHECKS` (a no-op otherwise).
  func checkInvariants() {
    #if NATRECON_INTERNAL_CHECKS
      let problems = invariantViolations(limit: 10)
      precondition(problems.isEmpty, "\(Self.self): " + problems.joined(separator: "; "))
    #endif
  }
}
