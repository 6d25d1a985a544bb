import NatReconCore

/// Every time form SPEC §2.3 and §8 accept, written from epoch seconds.
///
/// Real exports differ per source system: epoch milliseconds from one, Excel serials from
/// a sheet someone saved, ISO with `Z` from an API. Each dirty export has a primary form
/// and a few rows in others; clean mode writes `dashSeconds` only.
enum TimeForm: Int, CaseIterable, Sendable {
  case dashSeconds  // 2022-04-01 07:26:42
  case dashMinutes  // 2022-04-01 07:26
  case dashFraction  // 2022-04-01 07:26:42.250
  case dashLooseHour  // 2022-04-01  7:26:42 (1-digit hour, two spaces)
  case slashSeconds  // 2022/4/1 7:26:42
  case slashMinutes  // 2022/4/1 7:26
  case isoLocal  // 2022-04-01T07:26:42
  case isoUTC  // 2022-03-31T23:26:42Z
  case isoOffset  // 2022-04-01T07:26:42+08:00
  case isoFraction  // 2022-04-01T07:26:42.250+08:00
  case chinese  // 2022年4月1日 7:26:42
  case chineseCompact  // 2022年4月1日7:26
  case compact14  // 20220401072642
  case epochSeconds  // 1648769202
  case epochMillis  // 1648769202250
  case excelSerial  // 44652.3192361111

  /// Appends `epochSeconds` in this form; `millis` (0–999) is the sub-second part the
  /// fractional and millisecond forms show (the engine drops or floors it).
  @inline(__always)
  func append(_ epochSeconds: Int64, millis: Int, to out: inout [UInt8]) {
    switch self {
    case .epochSeconds:
      IDMaker.appendNumber(epochSeconds, to: &out)
      return
    case .epochMillis:
      IDMaker.appendNumber(epochSeconds * 1000 + Int64(millis), to: &out)
      return
    case .excelSerial:
      let (days, second) = Timestamp.shanghaiDaysAndSeconds(epochSeconds)
      IDMaker.appendNumber(days - Timestamp.excelEpochDays, to: &out)
      if second != 0 {
        // Ten decimals: 1 s is 1.16e-5 days, so the engine's rounding gets the second back.
        out.append(UInt8(ascii: "."))
        let start = out.count
        IDMaker.appendDigits(UInt64((second * 10_000_000_000 + 43_200) / 86_400), width: 10, to: &out)
        while out.count > start + 1 && out.last == UInt8(ascii: "0") { out.removeLast() }
      }
      return
    case .isoUTC:
      appendISO(epochSeconds - Timestamp.shanghaiOffsetSeconds, to: &out)
      out.append(UInt8(ascii: "Z"))
      return
    case .dashSeconds:
      Timestamp.append(epochSeconds, to: &out)  // the engine's own form
      return
    default:
      break
    }
    let t = Timestamp.shanghaiCivil(epochSeconds)
    switch self {
    case .dashMinutes, .dashFraction, .dashLooseHour:
      appendDate(t.year, t.month, t.day, separator: UInt8(ascii: "-"), padded: true, to: &out)
      out.append(UInt8(ascii: " "))
      if self == .dashLooseHour {
        out.append(UInt8(ascii: " "))
        IDMaker.appendNumber(Int64(t.hour), to: &out)
      } else {
        two(t.hour, &out)
      }
      out.append(UInt8(ascii: ":"))
      two(t.minute, &out)
      if self != .dashMinutes {
        out.append(UInt8(ascii: ":"))
        two(t.second, &out)
      }
      if self == .dashFraction { appendFraction(millis, to: &out) }
    case .slashSeconds, .slashMinutes:
      appendDate(t.year, t.month, t.day, separator: UInt8(ascii: "/"), padded: false, to: &out)
      out.append(UInt8(ascii: " "))
      IDMaker.appendNumber(Int64(t.hour), to: &out)
      out.append(UInt8(ascii: ":"))
      two(t.minute, &out)
      if self == .slashSeconds {
        out.append(UInt8(ascii: ":"))
        two(t.second, &out)
      }
    case .isoLocal, .isoOffset, .isoFraction:
      appendISO(epochSeconds, to: &out)
      if self == .isoFraction { appendFraction(millis, to: &out) }
      if self != .isoLocal { out.append(contentsOf: [0x2B, 0x30, 0x38, 0x3A, 0x30, 0x30]) }  // +08:00
    case .chinese, .chineseCompact:
      IDMaker.appendNumber(Int64(t.year), to: &out)
      out.append(contentsOf: [0xE5, 0xB9, 0xB4])  // 年
      IDMaker.appendNumber(Int64(t.month), to: &out)
      out.append(contentsOf: [0xE6, 0x9C, 0x88])  // 月
      IDMaker.appendNumber(Int64(t.day), to: &out)
      out.append(contentsOf: [0xE6, 0x97, 0xA5])  // 日
      if self == .chinese { out.append(UInt8(ascii: " ")) }
      IDMaker.appendNumber(Int64(t.hour), to: &out)
      out.append(UInt8(ascii: ":"))
      two(t.minute, &out)
      if self == .chinese {
        out.append(UInt8(ascii: ":"))
        two(t.second, &out)
      }
    case .compact14:
      IDMaker.appendDigits(UInt64(t.year), width: 4, to: &out)
      two(t.month, &out)
      two(t.day, &out)
      two(t.hour, &out)
      two(t.minute, &out)
      two(t.second, &out)
    case .dashSeconds, .epochSeconds, .epochMillis, .excelSerial, .isoUTC:
      break
    }
  }

  /// `YYYY-MM-DDTHH:MM:SS` of the wall clock `epochSeconds + 8 h`.
  @inline(__always)
  private func appendISO(_ epochSeconds: Int64, to out: inout [UInt8]) {
    let t = Timestamp.shanghaiCivil(epochSeconds)
    appendDate(t.year, t.month, t.day, separator: UInt8(ascii: "-"), padded: true, to: &out)
    out.append(UInt8(ascii: "T"))
    two(t.hour, &out)
    out.append(UInt8(ascii: ":"))
    two(t.minute, &out)
    out.append(UInt8(ascii: ":"))
    two(t.second, &out)
  }

  @inline(__always)
  private func appendDate(_ y: Int64, _ m: Int, _ d: Int, separator: UInt8, padded: Bool, to out: inout [UInt8]) {
    IDMaker.appendDigits(UInt64(y), width: 4, to: &out)
    out.append(separator)
    if padded { two(m, &out) } else { IDMaker.appendNumber(Int64(m), to: &out) }
    out.append(separator)
    if padded { two(d, &out) } else { IDMaker.appendNumber(Int64(d), to: &out) }
  }

  @inline(__always)
  private func appendFraction(_ millis: Int, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "."))
    IDMaker.appendDigits(UInt64(millis), width: 3, to: &out)
  }

  @inline(__always)
  private func two(_ v: Int, _ out: inout [UInt8]) { Timestamp.appendTwoDigits(v, to: &out) }
}
