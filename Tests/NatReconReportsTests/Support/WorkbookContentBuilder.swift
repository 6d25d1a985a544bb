import NatReconCore
import NatReconReports

/// Builds committee workbook content for tests, in machine-file order (UTF-8 byte order,
/// ties in roster order) as the pipeline hands it over.
struct WorkbookContentBuilder {
  /// 2022-04-03 22:00:00 in Shanghai.
  static let asOf: Int64 = 1_648_994_400
  static let hour: Int64 = 3_600

  var content = CommitteeWorkbookContent(
    district: "徐汇区", street: "龙华街道", committee: "龙华居委", asOf: asOf,
    roundStart: 1_648_915_200, roundEnd: 1_649_001_599, validityHours: 48, warnHours: 12,
    totals: AreaCounts(), buildings: [], households: [], gaps: [], expiring: [],
    positiveTubes: [])

  func address(_ compound: String, _ building: String, _ unit: String, _ room: String)
    -> HouseholdAddress
  {
    HouseholdAddress(
      district: content.district, street: content.street, committee: content.committee,
      compound: compound, building: building, unit: unit, room: room)
  }

  /// A synthetic 18-digit mainland ID with a valid ISO 7064 MOD 11-2 check digit.
  static func id(_ serial: Int) -> String {
    let body =
      "310104" + "19" + String(40 + serial % 50) + "0101"
      + String(String(100 + serial % 900).suffix(3))
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
    return body + String(Array("10X98765432")[sum % 11])
  }

  static func phone(_ serial: Int) -> String {
    "139" + String(10_000_000 + serial * 7_919 % 89_999_999)
  }

  mutating func addBuilding(
    _ compound: String, _ building: String, residents: Int, eligible: Int, tested: Int,
    certValid: Int, households: Int, complete: Int, positive: Int = 0
  ) {
    var counts = AreaCounts()
    counts.residents = residents
    counts.eligible = eligible
    counts.tested = tested
    counts.untested = eligible - tested
    counts.certValid = certValid
    counts.households = households
    counts.householdsComplete = complete
    counts.positive = positive
    content.buildings.append(
      BuildingProgress(compound: compound, building: building, counts: counts))
    content.totals.add(counts)
  }

  mutating func addHousehold(
    _ address: HouseholdAddress, members: Int, eligible: Int, tested: Int, certValid: Int,
    positive: Int = 0, exemptReasons: String = ""
  ) {
    let status: HouseholdStatus =
      eligible == 0 ? .exempt : tested == eligible ? .complete : tested == 0 ? .none : .partial
    content.households.append(
      HouseholdRow(
        address: address, members: members, eligible: eligible, tested: tested,
        untested: eligible - tested, certValid: certValid, positive: positive, status: status,
        exemptReasons: exemptReasons))
  }

  mutating func addGap(
    _ address: HouseholdAddress, name: String, serial: Int, tags: [String] = [],
    lastSample: Int64? = nil, maskID: Bool = true
  ) {
    let id = Self.id(serial)
    content.gaps.append(
      GapRow(
        address: address, name: name, idMasked: maskID ? IDMask.mask(id) : id,
        phone: Self.phone(serial), tags: tags, lastSampleTime: lastSample))
  }

  mutating func addExpiring(
    _ address: HouseholdAddress, name: String, serial: Int, expiresAt: Int64, maskID: Bool = true
  ) {
    let id = Self.id(serial)
    content.expiring.append(
      ExpiringRow(
        address: address, name: name, idMasked: maskID ? IDMask.mask(id) : id,
        phone: Self.phone(serial), lastNegativeTime: expiresAt - 48 * Self.hour,
        certExpiresAt: expiresAt))
  }

  mutating func addPositiveTube(
    _ tube: String, sampleTime: Int64, serial: Int, name: String, result: TestResult,
    address: HouseholdAddress?, retestTime: Int64? = nil, retestResult: TestResult? = nil
  ) {
    content.positiveTubes.append(
      PositiveTubeRow(
        tubeID: tube, sampleTime: sampleTime, idNumber: Self.id(serial), name: name,
        phone: Self.phone(serial), result: result, isMatched: address != nil, address: address,
        retestTime: retestTime, retestResult: retestResult))
  }

  /// A roster data issue of this committee, as the engine reports it (value unmasked).
  mutating func addIssue(
    line: Int, field: String, value: String, code: DataIssueCode, message: String = "",
    file: String = "roster.csv"
  ) {
    content.issues.append(
      DataIssue(file: file, line: line, field: field, value: value, code: code, message: message))
  }

  /// A small committee: buildings `10号` before `2号` in byte order, door-to-door tags,
  /// a tie at one address, full IDs in the positive tubes (and, with `fullIDs`, in gaps
  /// and expiring too, which the writer must mask all the same).
  static func small(fullIDs: Bool = false) -> CommitteeWorkbookContent {
    var b = WorkbookContentBuilder()
    let t = asOf
    b.addBuilding(
      "云锦小区", "10号", residents: 40, eligible: 38, tested: 30, certValid: 28, households: 16,
      complete: 10)
    b.addBuilding(
      "云锦小区", "2号", residents: 30, eligible: 30, tested: 29, certValid: 29, households: 12,
      complete: 11)
    b.addBuilding(
      "云锦小区", "3号", residents: 12, eligible: 0, tested: 0, certValid: 0, households: 0, complete: 0)
    b.addBuilding(
      "龙华新村", "1号", residents: 20, eligible: 19, tested: 19, certValid: 18, households: 8,
      complete: 8)
    b.addBuilding(
      "龙华新村", "12号", residents: 25, eligible: 25, tested: 15, certValid: 14, households: 10,
      complete: 4, positive: 1)

    b.addHousehold(
      b.address("云锦小区", "10号", "1单元", "101"), members: 3, eligible: 3, tested: 1, certValid: 1)
    b.addHousehold(
      b.address("云锦小区", "10号", "12单元", "1201"), members: 2, eligible: 2, tested: 0, certValid: 0)
    b.addHousehold(
      b.address("云锦小区", "10号", "2单元", "201"), members: 2, eligible: 2, tested: 2, certValid: 2)
    b.addHousehold(
      b.address("云锦小区", "2号", "1单元", "102"), members: 1, eligible: 0, tested: 0, certValid: 0,
      exemptReasons: "住院;卧床")
    b.addHousehold(
      b.address("龙华新村", "12号", "", "1001"), members: 4, eligible: 4, tested: 4, certValid: 3,
      positive: 1)

    b.addGap(
      b.address("云锦小区", "10号", "1单元", "101"), name: "王秀英", serial: 1, tags: ["独居老人"],
      maskID: !fullIDs)
    b.addGap(
      b.address("云锦小区", "10号", "1单元", "101"), name: "陈建国", serial: 2, lastSample: t - 30 * hour,
      maskID: !fullIDs)
    b.addGap(
      b.address("云锦小区", "10号", "12单元", "1201"), name: "刘洋", serial: 3, tags: ["行动不便", "残疾"],
      maskID: !fullIDs)
    b.addGap(b.address("云锦小区", "10号", "12单元", "1201"), name: "赵敏", serial: 4, maskID: !fullIDs)
    b.addGap(
      b.address("云锦小区", "2号", "1单元", "301"), name: "孙丽", serial: 5, lastSample: t - 50 * hour,
      maskID: !fullIDs)
    b.addGap(b.address("龙华新村", "12号", "", "1001"), name: "周杰", serial: 6, maskID: !fullIDs)

    b.addExpiring(
      b.address("龙华新村", "1号", "", "201"), name: "吴芳", serial: 7, expiresAt: t + 10 * hour,
      maskID: !fullIDs)
    b.addExpiring(
      b.address("云锦小区", "10号", "2单元", "201"), name: "郑强", serial: 8, expiresAt: t + 2 * hour,
      maskID: !fullIDs)
    b.addExpiring(
      b.address("云锦小区", "2号", "1单元", "101"), name: "冯伟", serial: 9, expiresAt: t + 10 * hour,
      maskID: !fullIDs)

    b.addPositiveTube(
      "T2022040300119", sampleTime: t - 20 * hour, serial: 10, name: "何静", result: .positive,
      address: b.address("龙华新村", "12号", "", "1001"))
    b.addPositiveTube(
      "T2022040300119", sampleTime: t - 20 * hour, serial: 11, name: "许磊", result: .negative,
      address: b.address("龙华新村", "12号", "", "1002"), retestTime: t - 6 * hour,
      retestResult: .negative)
    b.addPositiveTube(
      "T202204030009", sampleTime: t - 21 * hour, serial: 12, name: "邓超", result: .pending,
      address: nil)

    b.addIssue(
      line: 12, field: "id_number", value: Self.id(13), code: .idChecksum,
      message: "check digit or birth date invalid")
    b.addIssue(line: 30, field: "id_number", value: "3.10104E+17", code: .idMangled, message: "unusable ID")
    b.addIssue(line: 41, field: "room", value: "", code: .missingField, message: "empty room")
    b.addIssue(
      line: 57, field: "id_number", value: Self.id(14), code: .duplicateResident,
      message: "same ID as line 9")
    b.addIssue(
      line: 63, field: "", value: "王秀英 " + Self.id(15), code: .csvSyntax,
      message: "16 fields, header has 15")

    b.content.trend = [
      CommitteeTrendPoint(asOf: t - 48 * hour, eligible: 110, tested: 70, certValid: 80),
      CommitteeTrendPoint(asOf: t - 24 * hour, eligible: 111, tested: 88, certValid: 86),
      CommitteeTrendPoint(asOf: t, counts: b.content.totals),
    ]
    return b.content
  }
}
