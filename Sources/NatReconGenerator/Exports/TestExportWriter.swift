import NatReconCore

#if canImport(Glibc)
  import Glibc
#endif

/// The test export's columns (SPEC §2.2) plus a remarks column some systems add.
enum TestField: Sendable {
  case id, name, phone, sample, report, result, tube, site, institution, remark
}

/// How one export file looks: header, time form, result words, line ends and other
/// file-level habits of the system that wrote it.
struct ExportStyle {
  var header: HeaderVariant<TestField>
  var timeForm: TimeForm
  var vocabulary: Int
  var crlf: Bool
  var bom: Bool
  var apostropheIDs: Bool
  var lowerX: Bool
  var masksNames: Bool

  static let cleanHeader = HeaderVariant<TestField>(columns: [
    (.id, "证件号码"), (.name, "姓名"), (.phone, "联系电话"), (.sample, "采样时间"), (.report, "报告时间"),
    (.result, "检测结果"), (.tube, "试管编号"), (.site, "采样点"), (.institution, "检测机构"),
  ])
  static let dirtyHeaders: [HeaderVariant<TestField>] = [
    HeaderVariant(columns: [
      (.id, "身份证号码"), (.name, "姓名"), (.phone, "联系方式"), (.sample, "采样时间"), (.report, "结果时间"),
      (.result, "结果"), (.tube, "试管码"), (.site, " 采样地点"), (.institution, "检测机构"), (.remark, "备注"),
    ]),
    HeaderVariant(columns: [
      (.id, " ID"), (.name, "Name"), (.phone, "Phone"), (.sample, "Sample_Time"), (.report, "Report_Time"),
      (.result, "Result"), (.tube, "Tube_ID"), (.site, "Site"), (.institution, "Institution"),
    ]),
    HeaderVariant(columns: [
      (.name, "姓名"), (.id, "身份证号 "), (.phone, "手机号码"), (.sample, "采集时间"), (.report, "检测时间"),
      (.result, "核酸结果"), (.tube, "管码"), (.site, "采样点名称"), (.institution, "检测单位"),
    ]),
    HeaderVariant(columns: [
      (.id, "证件号码"), (.name, "姓名"), (.phone, "电话"), (.sample, "采样时间"), (.report, "报告时间"),
      (.result, "检测结果"), (.tube, "样本编号"), (.site, "采样点"), (.institution, "检测机构"),
    ]),
    HeaderVariant(columns: [
      (.id, "公民身份号码"), (.name, "姓名　"), (.phone, "手机号"), (.sample, "采集时间"), (.report, "报告时间"),
      (.result, "检测结果"), (.tube, "试管编号"), (.site, "采样地点"), (.institution, "检测单位"), (.remark, "备注"),
    ]),
  ]

  /// The style of day `day`'s export: clean mode is always the same; dirty mode rotates
  /// headers, time forms and result words so consecutive files differ.
  static func of(day: Int, seed: UInt64, clean: Bool) -> ExportStyle {
    if clean {
      return ExportStyle(
        header: cleanHeader, timeForm: .dashSeconds, vocabulary: 0, crlf: false, bom: false,
        apostropheIDs: false, lowerX: false, masksNames: false)
    }
    var rng = SplitMix64(seed: seed, stream: 6, UInt64(day))
    var baseRNG = SplitMix64(seed: seed, stream: 7)
    let base = baseRNG.below(1000)
    // Forms rotate with a stride coprime to 16, so any few days use different ones.
    let forms: [TimeForm] = [
      .epochMillis, .isoUTC, .excelSerial, .slashSeconds, .chinese, .dashFraction, .compact14, .isoOffset,
      .epochSeconds, .dashMinutes, .isoFraction, .chineseCompact, .dashSeconds, .slashMinutes, .isoLocal,
      .dashLooseHour,
    ]
    return ExportStyle(
      header: dirtyHeaders[(base + day) % dirtyHeaders.count],
      timeForm: forms[(base + day * 5) % forms.count],
      vocabulary: (base + day) % PlaceTables.resultVocabularies.count,
      crlf: rng.chance(0.5), bom: rng.chance(0.4), apostropheIDs: rng.chance(0.25), lowerX: rng.chance(0.3),
      masksNames: rng.chance(0.15))
  }
}

/// Writes `tests/YYYY-MM-DD.csv[.gz]` for one day: every compound's session(s) of that
/// day, preceded by the previous day's tubes that were pending at its export and are now
/// reported; in dirty mode, row dirt from `DirtRates.tests` and, on one file, a few
/// records keyed in from a GBK system (`bad_encoding`).
///
/// - Memory: one compound and its plans at a time plus a 1 MiB output buffer.
struct TestExportWriter {
  let walker: PopulationWalker
  let options: GeneratorOptions
  /// 0-based day; the file is of `firstDayStart + day × 24 h`.
  let day: Int
  let firstDayStart: Int64

  static let sites: (suffix: [UInt8], gate: [UInt8]) = (Array("采样点".utf8), Array(",南门".utf8))
  static let unknownResults = ByteTable(PlaceTables.unknownResults)
  static let badTimes = ByteTable(PlaceTables.badTimes)
  static let wordyNegative = Array("ORF1a/b阴性，N基因阴性".utf8)
  static let remarks = ByteTable(["单管复核", "补录,已核实", "复核\n已通知", "上门采样"])
  /// The value an `extraField` row carries beyond the header.
  static let extraField = Array("补录".utf8)
  static let laboratories = ByteTable(PlaceTables.laboratories.map(\.name))
  static let tubePrefixes = ByteTable(PlaceTables.laboratories.map(\.tubePrefix))

  /// The day whose file ends with GBK-keyed records (dirty mode only).
  static func badEncodingDay(days: Int) -> Int { max(0, days - 2) }

  /// Writes the file to `sink`; returns the number of data rows.
  func write(to sink: ByteSink) throws(GeneratorError) -> Int {
    let clean = options.clean
    let style = ExportStyle.of(day: day, seed: options.seed, clean: clean)
    let vocabulary = ByteTable(PlaceTables.resultVocabularies[style.vocabulary])
    let newline: [UInt8] = style.crlf ? [0x0D, 0x0A] : [0x0A]
    let expectedRows = options.residents * 9 / 10 * options.roundsPerDay
    var picker = DirtPicker(
      rates: DirtRates.tests, expectedRows: expectedRows, enabled: !clean,
      rng: SplitMix64(seed: options.seed, stream: 10, UInt64(day)))
    var out: [UInt8] = []
    out.reserveCapacity(ByteSink.flushBytes + 65_536)
    if style.bom { out.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    style.header.appendHeader(to: &out)
    out.append(contentsOf: newline)

    let dayStart = firstDayStart + Int64(day) * 86_400
    let committees = walker.layout.committees.count
    var plan = SamplingPlan()
    var previous = SamplingPlan()
    var row = 0
    var failure: GeneratorError?
    var context = RowContext(style: style, vocabulary: vocabulary, newline: newline, asOf: options.asOf)

    walker.forEachCompound { block in
      if failure != nil { return }
      let forcePositive = block.compound == (day % committees) * 4
      context.site.removeAll(keepingCapacity: true)
      context.site.append(contentsOf: block.name)
      context.site.append(contentsOf: Self.sites.suffix)
      // Yesterday's tubes still pending at yesterday's export, now reported.
      if day > 0 {
        for round in 0..<options.roundsPerDay {
          previous.build(
            block: block, seed: options.seed, day: day - 1, round: round, roundsPerDay: options.roundsPerDay,
            dayStart: dayStart - 86_400, forcePositive: block.compound == ((day - 1) % committees) * 4)
          for tube in previous.tubes where tube.isPendingAtExport && tube.isReExported {
            emitTube(
              tube, plan: previous, block: block, pending: false, context: &context, picker: &picker, row: &row,
              to: &out)
          }
        }
      }
      for round in 0..<options.roundsPerDay {
        plan.build(
          block: block, seed: options.seed, day: day, round: round, roundsPerDay: options.roundsPerDay,
          dayStart: dayStart, forcePositive: forcePositive && round == 0)
        for tube in plan.tubes {
          emitTube(
            tube, plan: plan, block: block, pending: tube.isPendingAtExport, context: &context, picker: &picker,
            row: &row, to: &out)
        }
      }
      if out.count >= ByteSink.flushBytes {
        do throws(GeneratorError) { try sink.write(&out) } catch { failure = error }
      }
    }
    if let failure { throw failure }
    // GBK rows in a small file would make `encoding: auto` read the whole file as GB18030.
    if !clean && day == Self.badEncodingDay(days: options.days) && row >= 200 {
      row += appendGBKRecords(count: max(1, row / 3000), style: style, dayStart: dayStart, to: &out)
    }
    try sink.write(&out)
    return row
  }

  /// Per-file state for the row loop.
  struct RowContext {
    let style: ExportStyle
    let vocabulary: ByteTable
    let newline: [UInt8]
    let asOf: Int64
    var site: [UInt8] = []
    var scratch: [UInt8] = []
  }

  // MARK: - Rows

  @inline(__always)
  private func emitTube(
    _ tube: SamplingPlan.Tube, plan: SamplingPlan, block: CompoundBlock, pending: Bool,
    context: inout RowContext, picker: inout DirtPicker, row: inout Int, to out: inout [UInt8]
  ) {
    for e in Int(tube.first)..<Int(tube.first + tube.count) {
      let entry = Int(plan.entries[e])
      let person =
        entry >= 0
        ? block.residents[entry]
        : Visitors.resident(seed: options.seed, compound: block.compound, index: -entry - 1, asOfYear: walker.asOfYear)
      var result = plan.entryResult[e] == 255 ? tube.result : plan.entryResult[e]
      if pending { result = 2 }
      let dirt = picker.dirt(row: row)
      writeRow(
        person, sample: plan.sampleTimes[e], millis: Int(plan.millis[e]), report: pending ? nil : tube.report,
        result: result, tube: tube.number, lab: plan.laboratory, gate: plan.hasGateSuffix, dirt: dirt,
        context: &context, picker: &picker, to: &out)
      out.append(contentsOf: context.newline)
      row += 1
    }
  }

  @inline(__always)
  private func writeRow(
    _ p: Resident, sample: Int64, millis: Int, report: Int64?, result: UInt8, tube: Int, lab: Int, gate: Bool,
    dirt: Dirt, context: inout RowContext, picker: inout DirtPicker, to out: inout [UInt8]
  ) {
    let style = context.style
    var columns = style.header.columns.count
    if dirt == .shortRow { columns -= 1 }
    // A row in another system's time form now and then (merged exports).
    let form =
      picker.isEnabled && picker.chance(0.03) ? TimeForm(rawValue: picker.below(16)) ?? style.timeForm : style.timeForm
    for c in 0..<columns {
      if c > 0 { out.append(CSVBytes.comma) }
      switch style.header.columns[c].field {
      case .id:
        DirtyID.append(p, dirt: dirt, apostrophe: style.apostropheIDs, lowerX: style.lowerX, picker: &picker, to: &out)
      case .name:
        appendName(p, dirt: dirt, masked: style.masksNames, picker: &picker, to: &out)
      case .phone:
        if p.phone != 0 && !(picker.isEnabled && picker.chance(0.05)) {
          IDMaker.appendDigits(p.phone, width: 11, to: &out)
        }
      case .sample:
        switch dirt {
        case .missingSample: break
        case .badSampleTime: Self.badTimes.write(picker.below(Self.badTimes.count), to: &out)
        case .farFutureSample: form.append(sample + 3650 * 86_400, millis: millis, to: &out)
        default: form.append(sample, millis: millis, to: &out)
        }
      case .report:
        guard let report else { break }
        switch dirt {
        case .badReportTime: Self.badTimes.write(picker.below(Self.badTimes.count), to: &out)
        case .reportBeforeSample: form.append(sample - Int64(3600 + picker.below(36_000)), millis: millis, to: &out)
        default: form.append(report, millis: (millis + 317) % 1000, to: &out)
        }
      case .result:
        if dirt == .unknownResult {
          Self.unknownResults.write(picker.below(Self.unknownResults.count), to: &out)
        } else if dirt == .wordyResult && result == 0 {
          out.append(contentsOf: Self.wordyNegative)
        } else {
          context.vocabulary.write(Int(result), to: &out)
        }
      case .tube:
        Self.tubePrefixes.write(lab, to: &out)
        let date = Timestamp.shanghaiCivil(sample)
        IDMaker.appendDigits(UInt64(Int(date.year) % 100 * 10_000 + date.month * 100 + date.day), width: 6, to: &out)
        IDMaker.appendDigits(UInt64(tube), width: tube >= 100_000_000 ? 10 : 8, to: &out)
      case .site:
        if gate {
          out.append(CSVBytes.quote)
          out.append(contentsOf: context.site)
          out.append(contentsOf: Self.sites.gate)
          out.append(CSVBytes.quote)
        } else {
          out.append(contentsOf: context.site)
        }
      case .institution:
        Self.laboratories.write(lab, to: &out)
      case .remark:
        if picker.isEnabled && picker.chance(0.005) {
          CSVBytes.appendField(Self.remarks, picker.below(Self.remarks.count), to: &out)
        }
      }
    }
    dirt.appendRowEnd(extraField: Self.extraField, to: &out)
  }

  @inline(__always)
  private func appendName(_ p: Resident, dirt: Dirt, masked: Bool, picker: inout DirtPicker, to out: inout [UInt8]) {
    if masked || dirt == .maskedName {
      // 张*文 or **文: masking systems keep the last character.
      if picker.chance(0.5) { GivenNames.surnames.write(Int(p.surname), to: &out) } else { out.append(0x2A) }
      if p.given2 != Resident.noCharacter {
        out.append(0x2A)
        GivenNames.table.write(Int(p.given2), to: &out)
      } else {
        GivenNames.table.write(Int(p.given1), to: &out)
      }
      return
    }
    guard dirt == .nameMismatch else {
      p.appendName(to: &out)
      return
    }
    // A clerk's slip: the last character replaced by another of the same generation.
    var q = p
    let last = q.given2 != Resident.noCharacter ? q.given2 : q.given1
    var changed = last
    for range in GivenNames.ranges where range.contains(Int(last)) {
      changed = UInt16(
        range.lowerBound + (Int(last) - range.lowerBound + 1 + picker.below(range.count - 1)) % range.count)
    }
    if q.given2 != Resident.noCharacter { q.given2 = changed } else { q.given1 = changed }
    q.appendName(to: &out)
  }

  // MARK: - GBK-keyed records

  /// Appends `count` records whose text is GB18030 inside this UTF-8 file (supplementary
  /// records keyed into an old GBK system and pasted in): each is `bad_encoding`.
  private func appendGBKRecords(count: Int, style: ExportStyle, dayStart: Int64, to out: inout [UInt8]) -> Int {
    let names = ["张伟", "王秀英", "李娜", "刘洋", "陈静"].map(GB18030Text.encode)
    let site = GB18030Text.encode("补录采样点")
    let lab = GB18030Text.encode("上海市疾病预防控制中心")
    let negative = GB18030Text.encode("阴性")
    var rng = SplitMix64(seed: options.seed, stream: 11, UInt64(day))
    for k in 0..<count {
      let p = Visitors.resident(seed: options.seed, compound: -1 - k, index: k, asOfYear: walker.asOfYear)
      let sample = dayStart + Int64(9 * 3600 + rng.below(3 * 3600))
      for (c, column) in style.header.columns.enumerated() {
        if c > 0 { out.append(CSVBytes.comma) }
        switch column.field {
        case .id: p.appendID(to: &out)
        case .name: out.append(contentsOf: names[k % names.count])
        case .phone: IDMaker.appendDigits(p.phone, width: 11, to: &out)
        case .sample: style.timeForm.append(sample, millis: 0, to: &out)
        case .report: style.timeForm.append(sample + 8 * 3600, millis: 0, to: &out)
        case .result: out.append(contentsOf: negative)
        case .tube:
          out.append(contentsOf: Array("BL".utf8))
          IDMaker.appendDigits(UInt64(k + 1), width: 8, to: &out)
        case .site: out.append(contentsOf: site)
        case .institution: out.append(contentsOf: lab)
        case .remark: break
        }
      }
      out.append(contentsOf: style.crlf ? [0x0D, 0x0A] : [0x0A])
    }
    return count
  }
}

/// UTF-8 → GB18030 for a few fixed strings (cold path), through `GB18030Encoder`.
enum GB18030Text {
  static func encode(_ s: String) -> [UInt8] {
    guard let encoder = GB18030Encoder() else {
      return [0xFF]  // never valid UTF-8 either: the record is still bad_encoding
    }
    let input = Array(s.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
    var done = 0
    let produced = input.withUnsafeBytes { inRaw in
      output.withUnsafeMutableBytes { encoder.convert(inRaw, from: &done, into: $0).produced }
    }
    return Array(output[0..<produced])
  }
}
