import NatReconCore

/// The exemption list's columns (SPEC §2.3) plus the name and committee a clerk's list
/// carries (not fields the engine reads).
enum ExemptionField: Sendable {
  case seq, committee, name, id, reason, from, until
}

/// Writes `exemptions.csv[.gz]` (灰名单, SPEC §2.3) in dirty mode: the committees' list
/// of people who cannot or need not be tested, as a clerk keeps it in Excel.
///
/// GB18030, CRLF, Chinese headers. About 3% of residents have a row (a resident with a
/// roster status already exempt may be listed too); a few have two. Windows come in
/// every shape — open-ended, current, expired, not yet active — and every form SPEC §2.3
/// allows (a date alone as `YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日`, or a date and time).
/// Dirt: an ID not on the roster (`exemption_unmatched`, a warning) in every list; in
/// lists of 100 rows or more also, once each, an ID Excel mangled (`id_mangled`), an
/// empty reason (`missing_field`) and an end date that is no date (`bad_time`) — errors,
/// so a smaller list would exceed `max_reject_rate`.
///
/// - Memory: one compound at a time plus the output buffer.
struct ExemptionWriter {
  static let header = HeaderVariant<ExemptionField>(columns: [
    (.seq, "序号"), (.committee, "居委"), (.name, "姓名"), (.id, "证件号码"), (.reason, "免检原因"),
    (.from, "开始日期"), (.until, "截止日期"),
  ])
  /// Reasons by age: infants, adults, the very old.
  static let reasons = ByteTable([
    "婴幼儿", "外出执勤", "长期外地", "居家隔离观察", "孕晚期", "卧床不起", "行动不便",
  ])
  static let reasonRanges = [0...0, 1...3, 5...6]
  /// Per million residents: how many get a row.
  static let listedPerMillion = 30_000

  let walker: PopulationWalker
  let seed: UInt64
  let asOf: Int64
  /// Roster residents (for the expected list size).
  let residents: Int

  /// Writes the whole list to `sink`; returns the number of data rows.
  func write(to sink: ByteSink) throws(GeneratorError) -> Int {
    var rng = SplitMix64(seed: seed, stream: 12)
    let newline: [UInt8] = [0x0D, 0x0A]
    var out: [UInt8] = []
    Self.header.appendHeader(to: &out)
    out.append(contentsOf: newline)
    var rows = 0
    let layout = walker.layout
    let names = layout.names
    // Dirt rows go after the first listed residents, so a small list has them.
    let isLarge = residents * Self.listedPerMillion / 1_000_000 >= 100
    // (first row it may go on, kind), in row order; a person's second row never carries it.
    var dirt: [(row: Int, kind: Int)] = isLarge ? [(3, 0), (20, 1), (40, 2), (60, 3)] : [(3, 0)]
    walker.forEachCompound { block in
      let committee = layout.committees[block.committee]
      for p in block.residents where rng.below(1_000_000) < Self.listedPerMillion {
        // Several rows for one person: the first listed always, then 15%.
        for copy in 0..<(rows == 0 || rng.chance(0.15) ? 2 : 1) {
          rows += 1
          var kind: Int?
          if copy == 0, let next = dirt.first, next.row <= rows { kind = dirt.removeFirst().kind }
          IDMaker.appendNumber(Int64(rows), to: &out)
          out.append(CSVBytes.comma)
          names.write(committee.name, to: &out)
          out.append(CSVBytes.comma)
          p.appendName(to: &out)
          out.append(CSVBytes.comma)
          switch kind {
          case 0:  // not on the roster: a valid ID of another region
            let body = p.idBody % 100_000_000_000 + 110_101 * 100_000_000_000
            IDMaker.appendMainland(body: body, check: IDMaker.checkValue(body: body), to: &out)
          case 1:  // Excel turned it into a number
            out.append(contentsOf: Array("3.10104E+17".utf8))
          default:
            p.appendID(lowerX: rng.chance(0.3), to: &out)
          }
          out.append(CSVBytes.comma)
          if kind != 2 {
            let age = Int(Timestamp.shanghaiCivil(asOf).year) - Int(p.birthYear)
            let range = Self.reasonRanges[age < 4 ? 0 : age < 75 ? 1 : 2]
            // 孕晚期 (late pregnancy) only for women of 20–45.
            let pregnant = p.isFemale && (20...45).contains(age) && rng.chance(0.2)
            Self.reasons.write(pregnant ? 4 : rng.int(in: range), to: &out)
          }
          out.append(CSVBytes.comma)
          appendWindow(kind == 3, rng: &rng, to: &out)
          out.append(contentsOf: newline)
        }
      }
    }
    try sink.write(&out)
    return rows
  }

  /// `from,until`: open-ended 35%, current 30%, expired 20%, not yet active 15%.
  private func appendWindow(_ badUntil: Bool, rng: inout SplitMix64, to out: inout [UInt8]) {
    let day: Int64 = 86_400
    var from: Int64?
    var until: Int64?
    switch rng.weighted([35, 30, 20, 15]) {
    case 0: from = rng.chance(0.5) ? nil : asOf - Int64(rng.int(in: 10...200)) * day
    case 1:
      from = asOf - Int64(rng.int(in: 1...30)) * day
      until = asOf + Int64(rng.int(in: 1...30)) * day
    case 2:
      from = rng.chance(0.5) ? nil : asOf - Int64(rng.int(in: 40...90)) * day
      until = asOf - Int64(rng.int(in: 1...30)) * day
    default:
      from = asOf + Int64(rng.int(in: 1...20)) * day
      until = rng.chance(0.5) ? nil : asOf + Int64(rng.int(in: 25...60)) * day
    }
    if let from { appendBound(from, rng: &rng, to: &out) }
    out.append(CSVBytes.comma)
    if badUntil {
      out.append(contentsOf: Array("长期".utf8))
    } else if let until {
      appendBound(until, rng: &rng, to: &out)
    }
  }

  /// A date alone (most lists) in one of the three forms, or a date and time.
  private func appendBound(_ t: Int64, rng: inout SplitMix64, to out: inout [UInt8]) {
    var text: [UInt8] = []
    let form = rng.weighted([40, 25, 20, 15])
    [TimeForm.dashSeconds, .slashSeconds, .chinese, .dashMinutes][form].append(t, millis: 0, to: &text)
    // The first three become a date alone: drop the time after the date.
    if form < 3, let space = text.firstIndex(of: 0x20) { text.removeSubrange(space...) }
    out.append(contentsOf: text)
  }
}
