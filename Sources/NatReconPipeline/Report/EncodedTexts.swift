import NatReconReports

/// The roster's interned strings (address parts) as CSV fields, each encoded once
/// (`CSVRow.encode`: quoted when it must be, its comma included), for the tables whose
/// rows repeat them: households.csv, gaps.csv and expiring.csv copy a household's seven
/// parts per row instead of checking and quoting each again.
///
/// Memory: the strings' bytes once more (a few MB at city scale) and one offset each.
/// Read-only after `init`: shared by the report stage's threads.
final class EncodedTexts: @unchecked Sendable {
  private let bytes: UnsafeMutablePointer<UInt8>
  /// String `k`'s field is `bytes[offsets[k] ..< offsets[k + 1]]`.
  private let offsets: UnsafeMutablePointer<Int>
  /// The longest field (with its comma): a row of `n` parts needs at most `n` × this.
  let maxFieldBytes: Int

  init(_ text: [String]) {
    let fields = text.map { s in
      var s = s
      return s.withUTF8 { CSVRow.encode($0) }
    }
    let total = fields.reduce(0) { $0 + $1.count }
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, total))
    let offsets = UnsafeMutablePointer<Int>.allocate(capacity: fields.count + 1)
    var at = 0
    offsets[0] = 0
    for (k, field) in fields.enumerated() {
      (bytes + at).initialize(from: field, count: field.count)
      at += field.count
      offsets[k + 1] = at
    }
    self.bytes = bytes
    self.offsets = offsets
    maxFieldBytes = fields.map(\.count).max() ?? 1
  }

  deinit {
    bytes.deallocate()
    offsets.deallocate()
  }

  /// String `id`'s field, valid while `self` lives.
  @inline(__always)
  func field(_ id: UInt32) -> UnsafeBufferPointer<UInt8> {
    let start = offsets[Int(id)]
    return UnsafeBufferPointer(start: bytes + start, count: offsets[Int(id) + 1] - start)
  }
}
