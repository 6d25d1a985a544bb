import NatReconCore
import Testing

// Expected instants were computed independently (Python's datetime with explicit
// UTC+8, UTC and −05:30 zones), e.g. 2022-04-03 22:00:00 +08:00 = 1648994400.

@Suite struct TimestampParseTests {
  @Test(arguments: [
    // Dash form: 1–2 digit month, day and hour; optional seconds with a fraction.
    ("2022-04-03 22:00:00", Int64(1_648_994_400)),
    ("2022-04-03 22:00", 1_648_994_400),
    ("2022-4-3 9:05", 1_648_947_900),
    ("2022-04-03   07:00:17.250", 1_648_940_417),
    ("2022-4-03 07:00:17.999999", 1_648_940_417),
    ("2000-02-29 12:00:00", 951_796_800),
    ("1970-01-01 08:00:00", 0),
    // Slash form.
    ("2022/4/3 9:05", 1_648_947_900),
    ("2022/04/03 09:05:59", 1_648_947_959),
    ("2022/12/31 23:59:59.5", 1_672_502_399),
    ("2024/2/29 0:00", 1_709_136_000),
    // ISO forms: no offset (Shanghai), Z, ±HH:MM, fractions.
    ("2022-04-03T22:00:00", 1_648_994_400),
    ("2022-04-03T14:00:00Z", 1_648_994_400),
    ("2022-04-03T22:00:00+08:00", 1_648_994_400),
    ("2022-04-03T09:00:00-05:30", 1_648_996_200),
    ("2022-04-03T14:00:00.750Z", 1_648_994_400),
    ("2022-04-03T22:00:00.5+08:00", 1_648_994_400),
    ("2022-04-03T14:00:00-00:00", 1_648_994_400),
    // 年月日 form: zero or more spaces before the time.
    ("2022年4月3日 22:00", 1_648_994_400),
    ("2022年4月3日22:00:00", 1_648_994_400),
    ("2022年04月03日  7:00:17.250", 1_648_940_417),
    // Digit forms.
    ("20220403220000", 1_648_994_400),
    ("1648994400", 1_648_994_400),
    ("1648994400999", 1_648_994_400),  // milliseconds are floored
    ("1648994400000", 1_648_994_400),
    ("0000000000", 0),
    // Excel serials: days from 1899-12-30, Shanghai wall time, nearest second.
    ("44654.5", 1_648_958_400),  // 2022-04-03 12:00:00 +08
    ("44654", 1_648_915_200),
    ("44654.25", 1_648_936_800),
    ("44654.0000057871", 1_648_915_201),  // 0.500005 s rounds up
    ("44654.0000057870", 1_648_915_200),  // 0.499997 s rounds down
    ("44654.00015625", 1_648_915_214),  // exactly 13.5 s: halves round up
    ("44654.00015624", 1_648_915_213),
    ("44654.99999999", 1_649_001_600),  // rounds into the next day
    ("44654.50000000000000000000001", 1_648_958_400),
    ("1", -2_209_104_000),
    ("0", -2_209_190_400),
    // Values are trimmed first.
    ("  2022-04-03 22:00:00\r\n", 1_648_994_400),
    ("\u{3000}1648994400\u{3000}", 1_648_994_400),
    ("\t44654.5 ", 1_648_958_400),
  ])
  func accepts(input: String, expected: Int64) {
    #expect(Timestamp.parse(input) == expected)
    let fromBytes = Array(input.utf8).withUnsafeBufferPointer { Timestamp.parse($0) }
    #expect(fromBytes == expected)
  }

  @Test(arguments: [
    // Digit strings of other lengths, or serials out of pattern.
    "20220401", "123456", "164899440", "16489944000", "123456789012", "123456.5", "44654.",
    ".5", "44654.5.1", "44654,5", "-1648994400", "+44654", "4.4654E4",
    // Dates that do not exist, times out of range.
    "2022-02-30 10:00:00", "2022/13/01 9:00", "2022年4月31日 10:00", "0000-00-00 00:00:00",
    "0000-01-01 00:00:00", "2021-02-29 00:00", "1900-02-29 00:00", "2022-00-10 10:00",
    "2022-04-00 10:00", "2022-04-03 24:00:00", "2022-04-03 10:60", "2022-04-03 10:00:60",
    "20221301000000", "20220403240000", "20220230120000",
    // Wrong shapes.
    "2022-04-03", "2022/4/3", "2022年4月3日", "2022-04-0310:00", "2022/4/3 9:5",
    "2022/4/3 9:05:5", "2022-04-03 10:00:00.", "2022-04-03 10", "2022-04-03 10:00:",
    "2022-04-03\t10:00", "22-04-03 10:00", "2022-123-01 10:00", "2022-04-03 100:00",
    "2022/4/3 10:00:00Z", "2022-04-03 10:00:00+08:00", "2022-04-03 10:00 PM",
    "2022年4月3日 10:00:00 下午", "2022年4月3 10:00", "2022.04.03 10:00",
    // ISO needs 2-digit fields, seconds, upper-case T/Z and ±HH:MM.
    "2022-4-3T10:00:00", "2022-04-3T10:00:00", "2022-04-03T9:00:00", "2022-04-03T10:00",
    "2022-04-03T10:0:00", "2022-04-03T10:00:00+0800", "2022-04-03T10:00:00+08",
    "2022-04-03T10:00:00z", "2022-04-03t10:00:00", "2022-04-03T10:00:00+24:00",
    "2022-04-03T10:00:00+08:60", "2022-04-03T10:00:00ZZ", "2022-04-03T10:00:00 Z",
    "2022-04-03 T10:00:00",
    // Not times at all.
    "#VALUE!", "NULL", "", "   ", "\u{3000}", "-", "２０２２-04-03 10:00",
  ])
  func rejects(input: String) {
    #expect(Timestamp.parse(input) == nil)
  }

  @Test(arguments: [
    [0x31, 0x36, 0x34, 0x38, 0x39, 0x39, 0x34, 0x34, 0x30, 0xFF] as [UInt8],
    Array("2022年4月3日 22:00".utf8) + [0x00],  // a NUL after the time
    [0x32, 0x30, 0x32, 0x32, 0xE5, 0xB9],  // truncated 年
  ])
  func rejectsStrayBytes(bytes: [UInt8]) {
    #expect(bytes.withUnsafeBufferPointer { Timestamp.parse($0) } == nil)
  }

  /// A few hundred instants around T, written in each textual form, parse back exactly.
  @Test func everyFormAgreesOnOneInstant() {
    let t: Int64 = 1_648_994_400  // 2022-04-03 22:00:00 +08
    for delta in stride(from: Int64(-90 * 86_400), through: 90 * 86_400, by: 86_400 / 2 + 3_661) {
      let e = t + delta
      let s = Timestamp.format(e)  // YYYY-MM-DD HH:MM:SS
      let chars = Array(s)
      let date = String(chars[0..<10])
      let clock = String(chars[11...])
      let y = String(chars[0..<4])
      let mo = Int(String(chars[5..<7])) ?? 0
      let d = Int(String(chars[8..<10])) ?? 0
      let h = Int(String(chars[11..<13])) ?? 0
      let rest = String(chars[13...])  // ":MM:SS"
      let forms = [
        s, "\(date)T\(clock)", "\(date)T\(clock)+08:00",
        "\(y)/\(mo)/\(d) \(h)\(rest)", "\(y)-\(mo)-\(d)  \(h)\(rest).999",
        "\(y)年\(mo)月\(d)日\(h)\(rest)", s.filter { $0.isNumber }, String(e), String(e * 1000 + 999),
      ]
      for form in forms {
        #expect(Timestamp.parse(form) == e, "\(form)")
      }
    }
  }
}
