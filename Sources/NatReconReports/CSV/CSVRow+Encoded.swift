import NatReconCore

/// Fields encoded once and copied into many rows: the address parts of households.csv,
/// gaps.csv and expiring.csv repeat on every row of their area, so each distinct text is
/// quoted once (`encode`) instead of checked and quoted again per row (`text`).
extension CSVRow {
  /// `bytes` as `text` writes it into a row: `CSVField.write`'s bytes, then the comma.
  public static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: textBytes(bytes.count)) { out, count in
      guard let base = out.baseAddress else { return }
      count = CSVField.write(bytes, to: base)
      base[count] = UInt8(ascii: ",")
      count += 1
    }
  }

  /// A field `encode` made (its comma included), copied as it is.
  @inlinable public mutating func encoded(_ field: UnsafeBufferPointer<UInt8>) {
    guard let base = field.baseAddress else { return }
    p.update(from: base, count: field.count)
    p += field.count
  }

  /// Room an integer field needs at most (20 bytes and its comma).
  public static let intBytes = 21

  /// An integer field in decimal.
  public mutating func int(_ value: Int) {
    p += CSVTableWriter.writeDecimal(value, to: p)
    comma()
  }
}
