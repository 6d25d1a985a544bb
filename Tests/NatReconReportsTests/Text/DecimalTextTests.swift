import NatReconReports
import NatReconTestSupport
import Testing

/// `DecimalText.fixed4` (with its fast path `writeFixed4`) against `fixed4Reference`
/// (`vsnprintf("%.4f")`), byte for byte.
@Suite struct DecimalTextTests {
  static func expectReference(_ values: [Double], sourceLocation: SourceLocation = #_sourceLocation) -> Int {
    var fast = 0
    var mismatches: [Double] = []
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DecimalText.maxFixed4Bytes) { out in
      for v in values {
        let reference = DecimalText.fixed4Reference(v)
        if DecimalText.fixed4(v) != reference { mismatches.append(v) }
        if let n = DecimalText.writeFixed4(v, to: out.baseAddress!) {
          fast += 1
          if String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self) != reference {
            mismatches.append(v)
          }
        }
      }
    }
    #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))", sourceLocation: sourceLocation)
    return fast
  }

  /// Every ratio a/b with b ≤ 500 (coverage and certificate rates are such ratios),
  /// which includes the exact ties such as 1/32 = 0.03125 (rounded to even by printf).
  @Test func everySmallRatio() {
    var values: [Double] = []
    for b in 1...500 {
      for a in 0...b { values.append(Double(a) / Double(b)) }
    }
    let fast = Self.expectReference(values)
    #expect(fast > values.count * 9 / 10)
  }

  @Test func tiesEdgesAndRandomDoubles() {
    var values: [Double] = [
      0, -0.0, 1, 0.03125, 0.00005, 0.00015, 0.99995, 0.123449999, 0.12345, 0.12355, 9_999_999.99995,
      99_999_999.9999, 1e8, 1e9, 1e15, -1, -0.00001, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
      .greatestFiniteMagnitude, 0.5, 2.5e-5, 7.5e-5,
    ]
    var random = SplitMix64(seed: 10_000)
    for _ in 0..<10_000 {
      switch random.below(4) {
      case 0: values.append(random.unit())
      case 1: values.append(random.unit() * 1e8)
      case 2: values.append(Double(random.below(2_000_000)) / 20_000 + 0.000_05)  // near ties
      default: values.append(Double(bitPattern: random.next()))
      }
    }
    _ = Self.expectReference(values)
  }
}
