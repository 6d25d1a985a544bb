import NatReconCore
import NatReconTestSupport
import Testing

/// `Timestamp.TextCache` (the cached fast path) against `Timestamp.append(_:to:)` (the
/// reference), byte for byte.
@Suite struct TimestampTextCacheTests {
  /// Formats `times` with one cache (so its slots are reused and replaced) and expects the
  /// reference's bytes for each.
  static func expectSameAsReference(_ times: [Int64], sourceLocation: SourceLocation = #_sourceLocation) {
    let cache = Timestamp.TextCache()
    var mismatches: [Int64] = []
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { scratch in
      let out = scratch.baseAddress!
      // A canary after the written bytes: the cache must not write past what it reports.
      for t in times {
        scratch.initialize(repeating: 0xEE)
        let n = cache.write(t, to: out)
        var expected: [UInt8] = []
        Timestamp.append(t, to: &expected)
        if Array(scratch[0..<n]) != expected || scratch[n] != 0xEE { mismatches.append(t) }
      }
    }
    #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))", sourceLocation: sourceLocation)
  }

  @Test func everySecondAroundDayBoundaries() {
    // Shanghai midnight is 16:00 UTC: the seconds around it on several days, plus
    // month, year and leap-day boundaries, in an order that moves between days.
    let midnights: [Int64] = [
      1_648_915_200,  // 2022-04-03 00:00
      1_648_828_800,  // 2022-04-02
      1_648_742_400,  // 2022-04-01 (month boundary)
      951_753_600,  // 2000-02-29 (leap day)
      946_656_000,  // 2000-01-01 (year boundary)
      -28_800,  // 1970-01-01 00:00 Shanghai
      253_402_185_600,  // 9999-12-31
    ]
    var times: [Int64] = []
    for offset in -120...120 {
      for m in midnights { times.append(m + Int64(offset)) }
    }
    Self.expectSameAsReference(times)
  }

  @Test func everySecondOfOneDay() {
    let start: Int64 = 1_648_915_200 - 3
    Self.expectSameAsReference((0..<86_406).map { start + Int64($0) })
  }

  @Test func seededRandomTimesOverManyDays() {
    var random = SplitMix64(seed: 86_400)
    var times: [Int64] = []
    for _ in 0..<50_000 {
      // Mostly a few nearby days (the report case, slots reused), sometimes anywhere in
      // 0000–9999 (slots replaced), sometimes outside it (the reference's years).
      switch random.below(10) {
      case 0: times.append(Int64(random.int(in: -62_167_248_000...253_402_300_799)))
      case 1: times.append(Int64(bitPattern: random.next()) >> Int64(random.below(40)))
      default: times.append(1_648_915_200 + Int64(random.int(in: -40 * 86_400...40 * 86_400)))
      }
    }
    Self.expectSameAsReference(times)
  }

  @Test(arguments: [Int64.min, Int64.max, -62_167_248_001, -62_167_219_200, 253_402_300_800, -1, 0])
  func yearsAtAndBeyondTheEdges(time: Int64) {
    Self.expectSameAsReference([time, time, 1_648_915_200, time])
  }
}
