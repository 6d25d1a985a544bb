import Testing

@testable import NatReconIO

/// Header → canonical field resolution (SPEC §2, §8 "Reading").
@Suite struct HeaderMappingTests {
  static let roster = ["证件号码", "姓名", "居委", "楼号", "室号"]

  @Test func rosterAliases() throws {
    let mapping = try HeaderMapping.resolve(
      headers: ["身份证号", "name", "电话", "居委会", "楼栋", "单元", "房号", "备注"], kind: .roster,
      explicitNames: [:], path: "roster.csv")
    #expect(mapping.column(of: .idNumber) == 0)
    #expect(mapping.column(of: .name) == 1)
    #expect(mapping.column(of: .phone) == 2)
    #expect(mapping.column(of: .committee) == 3)
    #expect(mapping.column(of: .building) == 4)
    #expect(mapping.column(of: .unit) == 5)
    #expect(mapping.column(of: .room) == 6)
    #expect(mapping.column(of: .tags) == nil)
    #expect(mapping.unmappedHeaders == ["备注"])
    #expect(mapping.mapped.map(\.field) == [.idNumber, .name, .phone, .committee, .building, .unit, .room])
  }

  @Test func testsAliases() throws {
    let mapping = try HeaderMapping.resolve(
      headers: ["公民身份号码", "采集时间", "检测时间", "核酸结果", "管码", "采样地点", "检测单位"], kind: .tests,
      explicitNames: [:], path: "t.csv")
    #expect(
      mapping.mapped.map(\.field) == [.idNumber, .sampleTime, .reportTime, .result, .tubeID, .site, .institution])
  }

  @Test func trimsSpacesIdeographicSpaceAndBOM() throws {
    let headers = [" \u{FEFF}证件号码 ", "\u{3000}姓名\u{3000}", "\t居委 ", "楼号\u{3000} ", "室号"]
    let mapping = try HeaderMapping.resolve(headers: headers, kind: .roster, explicitNames: [:], path: "r.csv")
    #expect(mapping.missingRequired.isEmpty)
    #expect(mapping.headers == Self.roster)
  }

  @Test func latinLettersIgnoreCase() {
    let mapping = HeaderMapping(
      headers: ["ID_Number", "NAME", "Committee", "BUILDING", "Room", "ID"], kind: .roster)
    #expect(mapping.missingRequired.isEmpty)
    #expect(mapping.column(of: .idNumber) == 0)
    #expect(mapping.ignoredDuplicates.map(\.column) == [5])
  }

  @Test func chineseComparesExactly() {
    // 身份证号 is an alias; 身份证号码 is too, but 身份证 is not.
    let mapping = HeaderMapping(headers: ["身份证"], kind: .roster)
    #expect(mapping.column(of: .idNumber) == nil)
    #expect(mapping.missingRequired.first == .idNumber)
  }

  @Test func firstColumnWins() {
    let mapping = HeaderMapping(headers: ["姓名", "证件号", "身份证号", "name"], kind: .tests)
    #expect(mapping.column(of: .idNumber) == 1)
    #expect(mapping.column(of: .name) == 0)
    #expect(mapping.ignoredDuplicates.map(\.field) == [.idNumber, .name])
    #expect(mapping.ignoredDuplicates.map(\.column) == [2, 3])
    #expect(mapping.unmappedHeaders.isEmpty)
  }

  @Test func explicitNamesComeFirstAndAliasesStillApply() throws {
    let headers = ["证件号码", "姓名", "居委", "楼号", "室", "Flat"]
    let mapping = HeaderMapping(
      headers: headers, kind: .roster, explicitNames: [.room: ["flat"], .phone: [" 联系人电话 "]])
    #expect(mapping.column(of: .room) == 5)
    #expect(mapping.ignoredDuplicates.map(\.column) == [4])
    // Not in this file: phone has no column, which is not an error (each file resolves its own).
    #expect(mapping.unmatchedExplicitNames == [.phone])
    #expect(mapping.column(of: .phone) == nil)
  }

  @Test func explicitNameClaimsItsColumn() throws {
    // 姓名 is the name alias, but an explicit name gives it to another field.
    let mapping = HeaderMapping(
      headers: ["证件号码", "姓名", "户主姓名"], kind: .roster, explicitNames: [.name: ["户主姓名"], .tags: ["姓名"]])
    #expect(mapping.column(of: .name) == 2)
    #expect(mapping.column(of: .tags) == 1)
    #expect(mapping.ignoredDuplicates.isEmpty)
  }

  /// Each file resolves its own columns: a list of explicit names is tried in order, and
  /// a field none of whose names is present falls back to the built-in aliases.
  @Test(arguments: [
    (["证件号码", "姓名", "居委", "楼号", "门牌"], 4),  // the first explicit name
    (["证件号码", "姓名", "居委", "楼号", "室", "Room No."], 5),  // the second, before the alias 室
    (["证件号码", "姓名", "居委", "楼号", "房间号"], 4),  // neither: the built-in alias
    (["门牌", "room no.", "证件号码", "姓名", "居委", "楼号"], 0),  // both present: list order decides
  ])
  func explicitNameListPerFile(headers: [String], roomColumn: Int) throws {
    let mapping = try HeaderMapping.resolve(
      headers: headers, kind: .roster, explicitNames: [.room: ["门牌", "Room No."]], path: "r.csv")
    #expect(mapping.column(of: .room) == roomColumn)
  }

  @Test func explicitNamesMatchLikeAliases() {
    let mapping = HeaderMapping(headers: [" room NO\u{3000}"], kind: .roster, explicitNames: [.room: ["Room No"]])
    #expect(mapping.column(of: .room) == 0)
    #expect(mapping.unmatchedExplicitNames.isEmpty)
  }

  @Test func missingRequiredColumnNamesFileFieldAliasesAndHeaders() {
    let error = ingestError {
      _ = try HeaderMapping.resolve(
        headers: ["证件号码", "姓名", "楼号", "室号"], kind: .roster, explicitNames: [:], path: "in/roster.csv")
    }
    guard case .missingColumn(let path, let field, let tried, let found) = error else {
      Issue.record("expected missingColumn, got \(String(describing: error))")
      return
    }
    #expect(path == "in/roster.csv")
    #expect(field == "committee")
    #expect(tried == ["居委", "居委会", "居村委", "居民区", "村居", "committee"])
    #expect(found == ["证件号码", "姓名", "楼号", "室号"])
    #expect(
      error?.description
        == "in/roster.csv: no column for committee (tried 居委, 居委会, 居村委, 居民区, 村居, committee; found 证件号码, 姓名, 楼号, 室号); add `columns: {committee: <header>}` to the pipeline input"
    )
  }

  @Test func missingColumnListsExplicitNamesFirst() {
    let error = ingestError {
      _ = try HeaderMapping.resolve(
        headers: ["证件号码", "姓名", "居委", "楼号"], kind: .roster, explicitNames: [.room: ["门牌", "室"]],
        path: "r.csv")
    }
    guard case .missingColumn(_, let field, let tried, _) = error else {
      Issue.record("expected missingColumn")
      return
    }
    #expect(field == "room")
    #expect(tried == ["门牌", "室", "室号", "房号", "房间号", "room"])
  }

  @Test func newAliasesOfRevision4() throws {
    let roster = try HeaderMapping.resolve(
      headers: ["证件号码", "姓名", "居委", "楼号", "房间号"], kind: .roster, explicitNames: [:], path: "r.csv")
    #expect(roster.column(of: .room) == 4)
    let tests = try HeaderMapping.resolve(
      headers: ["证件号码", "被采样人姓名", "采样时间", "核酸检测结果", "试管条码号"], kind: .tests, explicitNames: [:],
      path: "t.csv")
    #expect(tests.mapped.map(\.field) == [.idNumber, .name, .sampleTime, .result, .tubeID])
    let other = HeaderMapping(headers: ["证件号码", "采样时间", "结果", "样本条形码"], kind: .tests)
    #expect(other.column(of: .tubeID) == 3)
  }

  @Test func exemptionListAliases() throws {
    let mapping = try HeaderMapping.resolve(
      headers: ["身份证号", "免检原因", "开始日期", "截止日期"], kind: .exemptions, explicitNames: [:], path: "e.csv")
    #expect(mapping.mapped.map(\.field) == [.idNumber, .reason, .from, .until])
    let english = HeaderMapping(headers: ["id_number", "Reason", "FROM", "until"], kind: .exemptions)
    #expect(english.missingRequired.isEmpty)
    #expect(HeaderMapping(headers: ["证件号码", "开始时间"], kind: .exemptions).missingRequired == [.reason])
  }

  @Test func testsRequireIDSampleTimeAndResult() {
    let mapping = HeaderMapping(headers: ["证件号码", "姓名"], kind: .tests)
    #expect(mapping.missingRequired == [.sampleTime, .result])
  }

  @Test func guessKind() {
    #expect(HeaderMapping.guessKind(headers: ["证件号码", " 采样时间 ", "结果"]) == .tests)
    #expect(HeaderMapping.guessKind(headers: ["id", "Sample_Time"]) == .tests)
    #expect(HeaderMapping.guessKind(headers: ["id", "采集时间"]) == .tests)
    #expect(HeaderMapping.guessKind(headers: Self.roster) == .roster)
    #expect(HeaderMapping.guessKind(headers: []) == .roster)
    #expect(HeaderMapping.guessKind(headers: ["证件号码", "豁免原因", "结束时间"]) == .exemptions)
  }

  @Test func aliasTables() {
    #expect(FieldAliases.fields(of: .roster).count == 13)
    #expect(
      FieldAliases.fields(of: .tests) == [
        .idNumber, .name, .phone, .sampleTime, .reportTime, .result, .tubeID, .site, .institution,
      ])
    let required = FieldAliases.fields(of: .roster).filter { FieldAliases.isRequired($0, in: .roster) }
    #expect(required == [.idNumber, .name, .committee, .building, .room])
    #expect(
      FieldAliases.fields(of: .tests).filter { FieldAliases.isRequired($0, in: .tests) } == [
        .idNumber, .sampleTime, .result,
      ])
    #expect(FieldAliases.aliases(of: .idNumber, in: .tests) == FieldAliases.aliases(of: .idNumber, in: .roster))
    #expect(FieldAliases.aliases(of: .committee, in: .tests).isEmpty)
    #expect(!FieldAliases.isRequired(.committee, in: .tests))
  }

  @Test func aliasesAreUniqueWithinAKind() {
    for kind in InputKind.allCases {
      let all = FieldAliases.fields(of: kind).flatMap { FieldAliases.aliases(of: $0, in: kind) }
      #expect(Set(all.map { HeaderMapping.foldedLatinCase($0) }).count == all.count)
    }
  }
}
