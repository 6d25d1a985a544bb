import NatReconCore
import NatReconIO

/// Column indices of the canonical fields of one file, resolved once per file.
struct FieldColumns {
  private var columns: [Int]  // indexed by CanonicalField order; -1 = absent

  init(_ mapping: HeaderMapping) {
    columns = [Int](repeating: -1, count: CanonicalField.allCases.count)
    for (field, column) in mapping.mapped { columns[Self.ordinal(field)] = column }
  }

  private static func ordinal(_ field: CanonicalField) -> Int {
    CanonicalField.allCases.firstIndex(of: field) ?? 0
  }

  /// The column of `field`, or -1.
  func column(_ field: CanonicalField) -> Int { columns[Self.ordinal(field)] }
}

extension CSVRecord {
  /// The trimmed value of a column (empty when the column is absent, -1).
  @inline(__always)
  func trimmed(_ column: Int) -> UnsafeBufferPointer<UInt8> {
    column < 0 ? UnsafeBufferPointer(start: nil, count: 0) : ByteText.trimmed(field(column))
  }
}
