/// A per-resident column of epoch-second times, or "none", in 4 bytes per resident.
///
/// A time is stored as its `Int32` offset from a fixed base (2020-09-13), which covers
/// 1952–2088 exactly. The parser accepts years 0001–9999, so a time outside that span (a
/// mistyped year) is kept exactly in a side table, keyed by resident; rare by nature, it
/// costs nothing on clean data. Four such columns hold 16 bytes per resident instead of
/// 32 (400 MB at 25 M residents).
///
/// - Complexity: O(1) per read and write (a dictionary lookup for out-of-span times).
struct TimeColumn {
  /// Epoch seconds every offset is taken from.
  static let base: Int64 = 1_600_000_000
  /// The stored code for "no time" (`ResidentColumns.none` when read).
  static let noneCode = Int32.min
  /// The stored code for "in the side table".
  static let outOfSpanCode = Int32.min + 1

  private(set) var codes: ContiguousArray<Int32> = []
  private(set) var outOfSpan: [Int: Int64] = [:]

  var count: Int { codes.count }

  mutating func reserveCapacity(_ n: Int) { codes.reserveCapacity(n) }

  /// Appends "none".
  mutating func appendNone(count: Int = 1) { codes.append(contentsOf: repeatElement(Self.noneCode, count: count)) }

  /// The time of resident `r`, or `ResidentColumns.none`.
  subscript(r: Int) -> Int64 {
    Self.decode(codes[r], r, outOfSpan)
  }

  /// The code for `time`, or nil when it must go to the side table.
  @inline(__always)
  static func code(_ time: Int64) -> Int32? {
    if time == ResidentColumns.none { return noneCode }
    let offset = time &- base
    guard offset > Int64(outOfSpanCode), offset <= Int64(Int32.max) else { return nil }
    return Int32(truncatingIfNeeded: offset)
  }

  @inline(__always)
  static func decode(_ code: Int32, _ r: Int, _ outOfSpan: [Int: Int64]) -> Int64 {
    switch code {
    case noneCode: ResidentColumns.none
    case outOfSpanCode: outOfSpan[r] ?? ResidentColumns.none
    default: base &+ Int64(code)
    }
  }

  /// A mutable view for the probe's fold (no uniqueness check per write).
  /// - Warning: valid only inside `withUnsafeMutableView`.
  struct MutableView {
    let codes: UnsafeMutableBufferPointer<Int32>
    let outOfSpan: UnsafeMutablePointer<[Int: Int64]>

    subscript(r: Int) -> Int64 {
      get { TimeColumn.decode(codes[r], r, outOfSpan.pointee) }
      nonmutating set {
        if let code = TimeColumn.code(newValue) {
          if codes[r] == TimeColumn.outOfSpanCode { outOfSpan.pointee[r] = nil }
          codes[r] = code
        } else {
          codes[r] = TimeColumn.outOfSpanCode
          outOfSpan.pointee[r] = newValue
        }
      }
    }
  }

  /// Calls `body` with a mutable view of the column.
  /// - Warning: the view is valid only inside the closure.
  mutating func withUnsafeMutableView<R>(_ body: (MutableView) -> R) -> R {
    var table = outOfSpan
    outOfSpan = [:]
    defer { outOfSpan = table }
    return codes.withUnsafeMutableBufferPointer { codes in
      withUnsafeMutablePointer(to: &table) { body(MutableView(codes: codes, outOfSpan: $0)) }
    }
  }
}
