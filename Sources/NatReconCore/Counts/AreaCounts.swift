// The aggregate stage's outputs (NatReconPipeline/Aggregate computes them); they live
// in Core because the report writers of NatReconReports print them and cannot import
// the pipeline.

/// Counts for one area (household roll-up) computed by the aggregate stage (`Aggregates`).
///
/// Every count but `residents` and `positive` is over eligible residents (SPEC §8).
public struct AreaCounts: Sendable, Equatable {
  public var residents = 0
  public var eligible = 0
  public var tested = 0
  public var untested = 0
  public var certValid = 0
  /// Households with eligible > 0.
  public var households = 0
  public var householdsComplete = 0
  public var positive = 0

  public init() {}

  /// `tested / eligible`, or nil when nobody is eligible (printed empty).
  public var coverage: Double? { eligible > 0 ? Double(tested) / Double(eligible) : nil }
  /// `cert_valid / eligible`, or nil when nobody is eligible.
  public var certRate: Double? { eligible > 0 ? Double(certValid) / Double(eligible) : nil }

  public mutating func add(_ other: AreaCounts) {
    residents += other.residents
    eligible += other.eligible
    tested += other.tested
    untested += other.untested
    certValid += other.certValid
    households += other.households
    householdsComplete += other.householdsComplete
    positive += other.positive
  }
}
