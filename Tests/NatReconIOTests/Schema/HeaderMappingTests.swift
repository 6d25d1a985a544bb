import Testing

@testable import NatReconIO

/// Header → canonical field resolution (SPEC §2, §8 "Reading").
@Suite struct HeaderMappingTests {
  static let roster = ["证件号码", "姓名", "居委", "楼号", "室号"]

  @Test func rosterAliases() throws {
    let mapping = try HeaderMapping.resolve(
      headers: ["身份证号", "name", "电话", "居委会", "楼栋", "单元", "房号", "备注"], kind: .roster,
      overrides: [:], path: "roster.csv")
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
      overrides: [:], path: "t.csv")
    #expect(mapping.mapped.map(\.field) == [.idNumber, .sampleTime, .reportTime, .result, .tubeID, .site, .institution])
  }

  @Test func trimsSpacesIdeographicSpaceAndBOM() throws {
    let headers = [" \u{FEFF}证件号码 ", "\u{3000}姓名\u{3000}", "\t居委 ", "楼号\u{3000} ", "室号"]
    let mapping = try HeaderMapping.resolve(headers: headers, kind: .roster, overrides: [:], path: "r.csv")
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

  @Test func overridesWin() throws {
    let headers = ["证件号码", "姓名", "居委", "楼号", "室", "房间号"]
    let mapping = HeaderMapping(
      headers: headers, kind: .roster, overrides: [.room: "房间号", .phone: " 联系人电话 "])
    #expect(mapping.column(of: .room) == 5)
    #expect(mapping.ignoredDuplicates.map(\.column) == [4])
    #expect(mapping.missingOverrides == [.phone])
  }

  @Test func overrideClaimsItsColumn() throws {
    // 姓名 is the name alias, but the override gives it to another field.
    let mapping = HeaderMapping(
      headers: ["证件号码", "姓名", "户主姓名"], kind: .roster, overrides: [.name: "户主姓名", .tags: "姓名"])
    #expect(mapping.column(of: .name) == 2)
    #expect(mapping.column(of: .tags) == 1)
    #expect(mapping.ignoredDuplicates.isEmpty)
  }

  @Test func overrideMatchesAfterTrimmingOnly() {
    let mapping = HeaderMapping(headers: [" Room No "], kind: .roster, overrides: [.room: "Room No"])
    #expect(mapping.column(of: .room) == 0)
    let folded = HeaderMapping(headers: ["room no"], kind: .roster, overrides: [.room: "Room No"])
    #expect(folded.column(of: .room) == nil)
    #expect(folded.missingOverrides == [.room])
  }

  @Test func missingRequiredColumnNamesFileFieldAliasesAndHeaders() {
    let error = ingestError {
      _ = try HeaderMapping.resolve(
        headers: ["证件号码", "姓名", "楼号", "室号"], kind: .roster, overrides: [:], path: "in/roster.csv")
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

  @Test func missingOverrideHeaderIsAnError() {
    let error = ingestError {
      _ = try HeaderMapping.resolve(
        headers: Self.roster, kind: .roster, overrides: [.phone: "联系人电话"], path: "r.csv")
    }
    guard case .missingColumn(_, let field, let tried, _) = error else {
      Issue.record("expected missingColumn")
      return
    }
    #expect(field == "phone")
    #expect(tried == ["联系人电话"])
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
  }

  @Test func aliasTables() {
    #expect(FieldAliases.fields(of: .roster).count == 13)
    #expect(FieldAliases.fields(of: .tests) == [.idNumber, .name, .phone, .sampleTime, .reportTime, .result, .tubeID, .site, .institution])
    let required = FieldAliases.fields(of: .roster).filter { FieldAliases.isRequired($0, in: .roster) }
    #expect(required == [.idNumber, .name, .committee, .building, .room])
    #expect(FieldAliases.fields(of: .tests).filter { FieldAliases.isRequired($0, in: .tests) } == [.idNumber, .sampleTime, .result])
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
