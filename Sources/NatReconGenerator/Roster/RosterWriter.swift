/// The roster's columns (SPEC §2.1) plus the row number and remarks real rosters carry.
enum RosterField: Sendable {
  case seq, district, street, committee, compound, building, unit, room, name, idType, id, phone
  case status, tags, remark
}

/// Writes `roster.csv[.gz]`: one row per resident in address order.
///
/// Clean mode: UTF-8, the first alias of every field, `;`-joined tags. Dirty mode:
/// GB18030 (what Excel writes on Chinese Windows), CRLF, one of three header variants
/// (aliases, a padded `　单元`, or a non-alias `门牌号` that the pipeline maps with
/// `columns:`), a 序号 and a 备注 column (remarks with commas and line breaks), tags
/// joined with `;`, `；`, `、` or `,`, and row dirt from `DirtRates.roster`.
///
/// - Memory: one compound at a time plus a 1 MiB output buffer.
struct RosterWriter {
  static let cleanHeader = HeaderVariant<RosterField>(columns: [
    (.id, "证件号码"), (.idType, "证件类型"), (.name, "姓名"), (.phone, "联系电话"), (.district, "区"),
    (.street, "街镇"), (.committee, "居委"), (.compound, "小区"), (.building, "楼号"), (.unit, "单元"),
    (.room, "室号"), (.status, "居住状态"), (.tags, "人员类别"),
  ])
  static let dirtyHeaders: [HeaderVariant<RosterField>] = [
    HeaderVariant(columns: [
      (.seq, "序号"), (.district, "区"), (.street, "街镇"), (.committee, "居委"), (.compound, "小区"),
      (.building, "楼号"), (.unit, "　单元"), (.room, "室号"), (.name, "姓名"), (.idType, "证件类型"),
      (.id, "证件号码"), (.phone, "联系电话"), (.status, "居住状态"), (.tags, "人员类别"), (.remark, "备注"),
    ]),
    HeaderVariant(columns: [
      (.seq, "序号"), (.district, "所属区"), (.street, "所属街镇"), (.committee, "居委会"),
      (.compound, "小区名称"), (.building, "楼栋"), (.unit, "单元"), (.room, "门牌号"), (.name, "姓名"),
      (.idType, "证件类型"), (.id, "身份证号"), (.phone, "手机号码"), (.status, "人员状态"),
      (.tags, "标签"), (.remark, "备注"),
    ]),
    HeaderVariant(columns: [
      (.district, "区县"), (.street, "街道/镇"), (.committee, "居民区"), (.compound, "小区"),
      (.building, "幢"), (.unit, "单元"), (.room, "室"), (.name, "姓名 "), (.id, "公民身份号码"),
      (.phone, "联系方式"), (.status, "居住状态"), (.tags, "特殊人群"), (.remark, "备注"),
    ]),
  ]
  /// The header of variant 1 that is no alias, mapped in the pipeline's `columns:`.
  static let unaliasedRoomHeader = "门牌号"

  static let idTypes = ByteTable([
    PlaceTables.mainlandIDType, PlaceTables.passportIDType, PlaceTables.hkMacaoIDType,
    PlaceTables.taiwanIDType, PlaceTables.foreignerIDType,
  ])
  static let statuses = ByteTable(PlaceTables.statuses)
  static let tags = ByteTable(PlaceTables.tags)
  static let remarks = ByteTable(PlaceTables.remarks)
  /// The value an `extraField` row carries beyond the header.
  static let extraField = Array("暂住".utf8)
  static let tagSeparators: [[UInt8]] = [[0x3B], [0x3B], [0xEF, 0xBC, 0x9B], [0xE3, 0x80, 0x81], [0x2C]]

  let walker: PopulationWalker
  let clean: Bool
  let seed: UInt64

  /// Which dirty header variant a seed uses.
  static func headerVariant(seed: UInt64) -> Int {
    var rng = SplitMix64(seed: seed, stream: 9)
    return rng.below(3)
  }

  /// Writes the whole roster to `sink`; returns the number of data rows.
  func write(to sink: ByteSink, expectedRows: Int) throws(GeneratorError) -> Int {
    let header = clean ? Self.cleanHeader : Self.dirtyHeaders[Self.headerVariant(seed: seed)]
    let newline: [UInt8] = clean ? [0x0A] : [0x0D, 0x0A]
    var picker = DirtPicker(
      rates: DirtRates.roster, expectedRows: expectedRows, enabled: !clean,
      rng: SplitMix64(seed: seed, stream: 5))
    var out: [UInt8] = []
    out.reserveCapacity(ByteSink.flushBytes + 65_536)
    header.appendHeader(to: &out)
    out.append(contentsOf: newline)
    var row = 0
    var seq = 0
    let layout = walker.layout
    var failure: GeneratorError?
    walker.forEachCompound { block in
      if failure != nil { return }
      let committee = layout.committees[block.committee]
      for i in block.residents.indices {
        var dirt = picker.dirt(row: row)
        let p = block.residents[i]
        let household = block.households[Int(p.household)]
        if dirt == .duplicate {
          // Registered twice: an earlier resident of this compound again, at the same
          // address or (moved within the compound) another one.
          let earlier = block.residents[picker.below(i + 1)]
          var h = block.households[Int(earlier.household)]
          if picker.chance(0.5) { h = household }
          seq += 1
          writeRow(
            earlier, h, block: block, committee: committee, header: header, seq: seq, dirt: .none,
            picker: &picker, to: &out)
          out.append(contentsOf: newline)
          row += 1
          dirt = .none  // the resident's own row follows, clean
        }
        seq += 1
        writeRow(
          p, household, block: block, committee: committee, header: header, seq: seq, dirt: dirt, picker: &picker,
          to: &out)
        out.append(contentsOf: newline)
        row += 1
        if out.count >= ByteSink.flushBytes {
          do throws(GeneratorError) { try sink.write(&out) } catch {
            failure = error
            return
          }
        }
      }
    }
    if let failure { throw failure }
    try sink.write(&out)
    return row
  }

  @inline(__always)
  private func writeRow(
    _ p: Resident, _ h: Household, block: CompoundBlock, committee: Layout.Committee,
    header: HeaderVariant<RosterField>, seq: Int, dirt: Dirt, picker: inout DirtPicker,
    to out: inout [UInt8]
  ) {
    let names = walker.layout.names
    var columns = header.columns.count
    if dirt == .shortRow { columns -= 2 }  // tags and remarks (or status) missing
    for c in 0..<columns {
      if c > 0 { out.append(CSVBytes.comma) }
      switch header.columns[c].field {
      case .seq: IDMaker.appendNumber(Int64(seq), to: &out)
      case .district: names.write(walker.layout.districtName[committee.district], to: &out)
      case .street: names.write(committee.street, to: &out)
      case .committee: names.write(committee.name, to: &out)
      case .compound: out.append(contentsOf: block.name)
      case .building:
        IDMaker.appendNumber(Int64(h.building), to: &out)
        out.append(contentsOf: [0xE5, 0x8F, 0xB7])  // 号
      case .unit:
        if h.unit != 0 {
          IDMaker.appendNumber(Int64(h.unit), to: &out)
          out.append(contentsOf: [0xE5, 0x8D, 0x95, 0xE5, 0x85, 0x83])  // 单元
        }
      case .room:
        if dirt != .missingRoom { IDMaker.appendNumber(Int64(h.room), to: &out) }
      case .name:
        if dirt != .missingName { p.appendName(to: &out) }
      case .idType:
        Self.idTypes.write(Int(p.idKind.rawValue), to: &out)
      case .id:
        DirtyID.append(p, dirt: dirt, apostrophe: false, lowerX: false, picker: &picker, to: &out)
      case .phone:
        if p.phone != 0 { IDMaker.appendDigits(p.phone, width: 11, to: &out) }
      case .status:
        if p.status != Resident.noStatus { Self.statuses.write(Int(p.status), to: &out) }
      case .tags:
        appendTags(p.tags, picker: &picker, to: &out)
      case .remark:
        if picker.isEnabled && picker.chance(0.02) {
          CSVBytes.appendField(Self.remarks, picker.below(Self.remarks.count), to: &out)
        }
      }
    }
    dirt.appendRowEnd(extraField: Self.extraField, to: &out)
  }

  @inline(__always)
  private func appendTags(_ tags: UInt8, picker: inout DirtPicker, to out: inout [UInt8]) {
    guard tags != 0 else { return }
    let separator = clean ? 0 : picker.below(Self.tagSeparators.count)
    let quoted = separator == 4 && tags & (tags - 1) != 0
    if quoted { out.append(CSVBytes.quote) }
    var first = true
    for bit in 0..<Self.tags.count where tags & (1 << bit) != 0 {
      if !first { out.append(contentsOf: Self.tagSeparators[separator]) }
      Self.tags.write(bit, to: &out)
      first = false
    }
    if quoted { out.append(CSVBytes.quote) }
  }
}
