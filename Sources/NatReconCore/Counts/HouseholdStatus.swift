// The aggregate stage's outputs (NatReconPipeline/Aggregate computes them); they live
// in Core because the report writers of NatReconReports print them and cannot import
// the pipeline.

/// A household's status (SPEC §3), decided by `Aggregates.status(_:)`.
public enum HouseholdStatus: String, Sendable {
  case exempt, complete, none, partial
}
