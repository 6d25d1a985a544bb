import NatReconCore
import NatReconTestSupport
import Testing

// Expected texts computed independently with Python's datetime in UTC+8.

@Suite struct TimestampFormatTests {
  @Test(arguments: [
    (Int64(1_648_994_400), "2022-04-03 22:00:00", "20220403-220000", Int32(20_220_403)),
    (0, "1970-01-01 08:00:00", "19700101-080000", 19_700_101),
    (-1, "1970-01-01 07:59:59", "19700101-075959", 19_700_101),
    (1_648_915_199, "2022-04-02 23:59:59", "20220402-235959", 20_220_402),
    (1_648_915_200, "2022-04-03 00:00:00", "20220403-000000", 20_220_403),
    (-2_209_190_400, "1899-12-30 00:00:00", "18991230-000000", 18_991_230),
    (951_782_399, "2000-02-29 07:59:59", "20000229-075959", 20_000_229),
    (4_102_444_800, "2100-01-01 08:00:00", "21000101-080000", 21_000_101),
    (253_402_271_999, "9999-12-31 23:59:59", "99991231-235959", 99_991_231),
  ])
  func formats(epochSeconds: Int64, text: String, runID: String, date: Int32) {
    #expect(Timestamp.format(epochSeconds) == text)
    var out: [UInt8] = [UInt8(ascii: "[")]
    Timestamp.append(epochSeconds, to: &out)
    #expect(out == Array(("[" + text).utf8))
    #expect(Timestamp.runID(epochSeconds) == runID)
    #expect(Timestamp.shanghaiDate(epochSeconds) == date)
  }

  @Test(arguments: [
    (Int64(1_648_958_400), 44654.5),
    (1_648_915_200, 44654.0),
    (1_648_936_800, 44654.25),
    (-2_209_190_400, 0.0),
    (-2_209_104_000, 1.0),
    (-28_800, 25569.0),  // 1970-01-01 00:00 Shanghai
  ])
  func excelSerial(epochSeconds: Int64, serial: Double) {
    #expect(Timestamp.excelSerial(epochSeconds) == serial)
  }

  @Test func extremeInstantsDoNotTrap() {
    #expect(Timestamp.format(Int64.max).hasSuffix(":07"))
    #expect(Timestamp.format(Int64.min).hasPrefix("-"))
    #expect(Timestamp.shanghaiDate(Int64.max) == Int32.max)
    #expect(Timestamp.shanghaiDate(Int64.min) == Int32.min)
  }

  /// Random instants from 1900 to 2100 survive format → parse, 14-digit → parse and
  /// excelSerial → text → parse (rounded to the nearest second).
  @Test func randomInstantsRoundTrip() {
    var rng = SplitMix64(seed: 20_220_403)
    let low: Int64 = -2_208_988_800  // 1900-01-01 UTC
    let span: UInt64 = 6_311_433_600  // 200 years
    for _ in 0..<3000 {
      let e = low + Int64(rng.next() % span)
      let text = Timestamp.format(e)
      #expect(Timestamp.parse(text) == e, "\(text)")
      #expect(Timestamp.parse(text.filter { $0.isNumber }) == e, "\(text)")
      #expect(Timestamp.runID(e).filter { $0.isNumber } == text.filter { $0.isNumber })
      let serial = "\(Timestamp.excelSerial(e))"
      #expect(Timestamp.parse(serial) == e, "\(serial)")
      let date = Timestamp.shanghaiDate(e)
      #expect("\(date)" == String(text.prefix(10).filter { $0.isNumber }))
    }
  }
}
