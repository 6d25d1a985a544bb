// NatReconGenerator owns synthetic data: deterministic rosters and test exports for
// SampleData/, tests and benchmarks (same seed, same bytes). Imports NatReconCore only
// (and Glibc for write(2), iconv and popen); no Foundation, and nothing per row allocates.
//
// Layout, in the order a run uses it:
//   Random/      SplitMix64 and stream derivation (no hash-order iteration, no clock)
//   Tables/      districts, streets and region codes; names; compound, site, lab names
//   Population/  Layout (districts → streets → committees), PopulationWalker (compound by
//                compound: buildings, households, residents), IDMaker (GB 11643 IDs)
//   Output/      ByteSink (fd, gzip pipe, GB18030 via iconv), RowBuffer (CSV bytes),
//                TimeForms (every SPEC §2.3 time form)
//   Roster/      RosterWriter
//   Exports/     SamplingPlan (sessions, lanes, pooled tubes, reports), TestExportWriter
//   Dirt/        DirtInjector (which dirt where, forced once per file in dirty mode)
//   Pipeline/    PipelineFile (the SPEC §5 YAML that runs on the generated files)
//   Generator.swift  the entry point: one job per file, run on all cores
