// NatReconCore owns the domain's value types and byte-level normalisation:
// ID numbers (ResidentID), times (Timestamp, and CivilDate: the one calendar, which the
// generator uses too), results (TestResult), text folding, masking and data issues,
// and the text forms every writer shares (CSVField: CSV quoting; TextEscape: JSON, HTML
// and display escaping). It imports nothing but the Swift standard library:
// no Foundation, no C modules. Every per-row function here works on bytes.
