/// The header alias tables of SPEC §2.1 (roster), §2.2 (test export) and §2.3 (exemption
/// list).
///
/// This is the only place where Chinese header names live. Aliases are listed as the
/// spec writes them; `HeaderMapping` compares them after trimming and folding Latin case.
public enum FieldAliases {
  /// The fields of an input kind, in table order.
  public static func fields(of kind: InputKind) -> [CanonicalField] {
    table(of: kind).map(\.field)
  }

  /// Whether a column for `field` must be present in an input of `kind`.
  ///
  /// Roster: id_number, name, committee, building, room. Tests: id_number, sample_time
  /// and result (SPEC §2.2 marks result required as a column; an empty value is pending).
  /// Exemption list: id_number and reason.
  public static func isRequired(_ field: CanonicalField, in kind: InputKind) -> Bool {
    table(of: kind).first { $0.field == field }?.isRequired ?? false
  }

  /// The header names that map to `field` in an input of `kind`; empty when the kind has
  /// no such field.
  public static func aliases(of field: CanonicalField, in kind: InputKind) -> [String] {
    table(of: kind).first { $0.field == field }?.aliases ?? []
  }

  // MARK: - Tables

  struct Entry {
    let field: CanonicalField
    let isRequired: Bool
    let aliases: [String]
  }

  static func table(of kind: InputKind) -> [Entry] {
    switch kind {
    case .roster: rosterTable
    case .tests: testsTable
    case .exemptions: exemptionsTable
    }
  }

  private static let idNumberAliases = ["证件号码", "身份证号", "身份证号码", "证件号", "公民身份号码", "id_number", "id"]
  private static let phoneAliases = ["联系电话", "手机号", "手机号码", "电话", "联系方式", "phone"]

  /// SPEC §2.1.
  static let rosterTable: [Entry] = [
    Entry(field: .idNumber, isRequired: true, aliases: idNumberAliases),
    Entry(field: .idType, isRequired: false, aliases: ["证件类型", "id_type"]),
    Entry(field: .name, isRequired: true, aliases: ["姓名", "name"]),
    Entry(field: .phone, isRequired: false, aliases: phoneAliases),
    Entry(field: .district, isRequired: false, aliases: ["区", "所属区", "区县", "district"]),
    Entry(
      field: .street, isRequired: false, aliases: ["街镇", "街道", "街道/镇", "所属街镇", "street"]),
    Entry(
      field: .committee, isRequired: true,
      aliases: ["居委", "居委会", "居村委", "居民区", "村居", "committee"]),
    Entry(field: .compound, isRequired: false, aliases: ["小区", "小区名称", "compound"]),
    Entry(field: .building, isRequired: true, aliases: ["楼号", "楼栋", "幢", "号", "building"]),
    Entry(field: .unit, isRequired: false, aliases: ["单元", "unit"]),
    Entry(field: .room, isRequired: true, aliases: ["室号", "房号", "房间号", "室", "room"]),
    Entry(field: .status, isRequired: false, aliases: ["居住状态", "人员状态", "status"]),
    Entry(field: .tags, isRequired: false, aliases: ["人员类别", "标签", "特殊人群", "tags"]),
  ]

  /// SPEC §2.2.
  static let testsTable: [Entry] = [
    Entry(field: .idNumber, isRequired: true, aliases: idNumberAliases),
    Entry(field: .name, isRequired: false, aliases: ["姓名", "被采样人姓名", "name"]),
    Entry(field: .phone, isRequired: false, aliases: phoneAliases),
    Entry(field: .sampleTime, isRequired: true, aliases: ["采样时间", "采集时间", "sample_time"]),
    Entry(
      field: .reportTime, isRequired: false, aliases: ["报告时间", "检测时间", "结果时间", "report_time"]
    ),
    Entry(field: .result, isRequired: true, aliases: ["检测结果", "结果", "核酸结果", "核酸检测结果", "result"]),
    Entry(
      field: .tubeID, isRequired: false,
      aliases: ["试管编号", "管码", "试管码", "试管条码号", "样本编号", "样本条形码", "tube_id"]),
    Entry(field: .site, isRequired: false, aliases: ["采样点", "采样点名称", "采样地点", "site"]),
    Entry(field: .institution, isRequired: false, aliases: ["检测机构", "检测单位", "institution"]),
  ]

  /// SPEC §2.3.
  static let exemptionsTable: [Entry] = [
    Entry(field: .idNumber, isRequired: true, aliases: idNumberAliases),
    Entry(field: .reason, isRequired: true, aliases: ["免检原因", "豁免原因", "原因", "reason"]),
    Entry(field: .from, isRequired: false, aliases: ["开始日期", "开始时间", "起始日期", "from"]),
    Entry(field: .until, isRequired: false, aliases: ["结束日期", "结束时间", "截止日期", "until"]),
  ]
}
