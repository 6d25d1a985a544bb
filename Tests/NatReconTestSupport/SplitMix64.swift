// The tests' seeded generator is the generator's own `SplitMix64` (one random generator
// for tests and synthetic data, STYLE §12): same seed, same numbers.
@_exported import struct NatReconGenerator.SplitMix64
