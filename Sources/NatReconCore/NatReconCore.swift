// NatReconCore owns the domain's value types and byte-level normalisation:
// ID numbers (ResidentID), times (Timestamp), results (TestResult), text folding,
// masking and data issues. It imports nothing but the Swift standard library:
// no Foundation, no C modules. Every per-row function here works on bytes.
