import NatReconCore

/// One row of a `CSVTableWriter`, formatted in room reserved once for the whole row
/// (`CSVTableWriter.row(maxBytes:_:)`): each field is written at a pointer the caller
/// keeps in a register and followed by its comma, the last comma becoming the row's LF.
/// The same bytes as the writer's `field…` methods (the reference; `CSVTableWriterTests`
/// compares them), without their per-field call, room check and separator count, which
/// cost about half of a field's instructions in residents.csv (≈ 45 of ≈ 90 a field,
/// 17 fields a row).
///
/// Every method is inlinable, so a caller in another module formats a row without a call
/// per field. Each method's worst case is listed in `maxBytes` terms.
public struct CSVRow {
  @usableFromInline let start: UnsafeMutablePointer<UInt8>
  @usableFromInline var p: UnsafeMutablePointer<UInt8>
  @usableFromInline let times: Timestamp.TextCache

  @inlinable init(at start: UnsafeMutablePointer<UInt8>, times: Timestamp.TextCache) {
    self.start = start
    p = start
    self.times = times
  }

  /// Room a text field of `count` bytes needs at most (quoted, every byte doubled, comma).
  @inlinable public static func textBytes(_ count: Int) -> Int { CSVField.maxBytes(count) + 1 }
  /// Room a time field needs at most (`Timestamp.TextCache`, any year, and its comma).
  public static let timeBytes = 33
  /// Room a `true`/`false` field needs at most (it stores a whole word).
  public static let boolBytes = 8

  @inlinable mutating func comma() {
    p[0] = UInt8(ascii: ",")
    p += 1
  }

  /// A text field (`CSVField.write`: quoted only when it holds `,` `"` CR or LF).
  @inlinable public mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
    p += CSVField.write(bytes, to: p)
    comma()
  }

  /// An empty field.
  @inlinable public mutating func empty() { comma() }

  /// `true` / `false`.
  @inlinable public mutating func bool(_ value: Bool) {
    let raw = UnsafeMutableRawPointer(p)
    if value {
      raw.storeBytes(of: UInt64(0x2C65_7572_74).littleEndian, as: UInt64.self)  // "true,"
      p += 5
    } else {
      raw.storeBytes(of: UInt64(0x2C65_736C_6166).littleEndian, as: UInt64.self)  // "false,"
      p += 6
    }
  }

  /// A time as `YYYY-MM-DD HH:MM:SS` (UTC+8), or an empty field for nil.
  @inlinable public mutating func time(_ epochSeconds: Int64?) {
    if let epochSeconds { p += times.write(epochSeconds, to: p) }
    comma()
  }
}

extension CSVTableWriter {
  /// Formats one whole row through `body` (its fields through `CSVRow`, at least one) in
  /// room reserved once, then ends it as `endRow()` does.
  ///
  /// - Precondition: no field of the row is written yet; the fields take at most
  ///   `maxBytes` bytes (the sum of `CSVRow`'s per-field bounds).
  @inlinable
  public func row(maxBytes: Int, _ body: (inout CSVRow) -> Void) {
    var row = CSVRow(at: reserveRow(maxBytes), times: times)
    body(&row)
    precondition(row.p > row.start, "a row has at least one field")
    row.p[-1] = 0x0A  // the last field's comma
    endRow(bytes: row.p - row.start)
  }
}
