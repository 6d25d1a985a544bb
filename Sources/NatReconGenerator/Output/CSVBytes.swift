import NatReconCore

/// Small byte writers shared by the roster and export writers.
enum CSVBytes {
  static let comma = UInt8(ascii: ",")
  static let quote = UInt8(ascii: "\"")

  /// Appends `bytes` as one CSV field (`CSVField`, the machine CSVs' writer).
  static func appendField(_ bytes: [UInt8], to out: inout [UInt8]) {
    bytes.withUnsafeBufferPointer { CSVField.append($0, to: &out) }
  }

  static func appendField(_ table: ByteTable, _ i: Int, to out: inout [UInt8]) {
    table.bytes.withUnsafeBufferPointer { all in
      let lo = Int(table.starts[i])
      let hi = Int(table.starts[i + 1])
      CSVField.append(UnsafeBufferPointer(rebasing: all[lo..<hi]), to: &out)
    }
  }

  /// Full-width form (U+FF01–U+FF5E) of an ASCII byte 0x21–0x7E, as UTF-8.
  @inline(__always)
  static func appendFullWidth(_ ascii: UInt8, to out: inout [UInt8]) {
    let scalar = 0xFF01 + UInt32(ascii - 0x21)  // 0xFF01…0xFF5E: EF BC 81 … EF BD 9E
    out.append(0xEF)
    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  }
}

/// The header names of one generated file, in column order, for a set of fields.
struct HeaderVariant<Field: Sendable>: Sendable {
  let columns: [(field: Field, header: String)]

  func appendHeader(to out: inout [UInt8]) {
    for (i, c) in columns.enumerated() {
      if i > 0 { out.append(CSVBytes.comma) }
      CSVBytes.appendField(Array(c.header.utf8), to: &out)
    }
  }
}
