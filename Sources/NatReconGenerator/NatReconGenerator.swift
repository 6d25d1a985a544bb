// NatReconGenerator owns synthetic data: deterministic rosters and test exports for
// SampleData/, tests and benchmarks (same seed, same bytes). Imports NatReconCore only.
