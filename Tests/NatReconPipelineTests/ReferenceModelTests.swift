import Foundation
import NatReconCore
import NatReconPipeline
import NatReconTestSupport
import Testing

/// The engine against a deliberately naive Dictionary-based implementation of SPEC §3,
/// row for row, on seeded random data with dirt (duplicates, legacy IDs, other
/// documents, bad IDs and times, late reports, exempt residents, an exemption list with
/// windows of every shape, unmatched people, pooled tubes and their retests).
@Suite struct ReferenceModelTests {
  static let asOf: Int64 = 1_648_994_400  // 2022-04-03 22:00:00 +08
  static let roundStart: Int64 = asOf - 22 * 3600
  static let roundEnd: Int64 = asOf + 2 * 3600 - 1

  // MARK: - Seeded data

  static func checkDigit(_ body: String) -> Character {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    return Array("10X98765432")[sum % 11]
  }

  static func mainlandID(_ rng: inout SplitMix64) -> String {
    let region = ["310104", "310105", "310110", "320102"][Int(rng.next() % 4)]
    let year = 1930 + Int(rng.next() % 90)
    let month = 1 + Int(rng.next() % 12)
    let day = 1 + Int(rng.next() % 28)
    let seq = String(format: "%03d", Int(rng.next() % 1000))
    let body = region + String(format: "%04d%02d%02d", year, month, day) + seq
    return body + String(checkDigit(body))
  }

  static func time(_ t: Int64, form: Int) -> String {
    let text = Timestamp.format(t)
    switch form % 4 {
    case 0: return text
    case 1: return text.replacingOccurrences(of: "-", with: "/")
    case 2: return String(t)
    default: return String(t * 1000 + 999)
    }
  }

  struct Dataset {
    var roster: String
    var tests: [String]
    var exemptions: String
  }

  /// A window bound around `T` in one of the forms SPEC §2.3 allows, or empty.
  static func bound(_ rng: inout SplitMix64, isEnd: Bool) -> String {
    let offsets: [Int64] = [-3 * 86_400, -3600, 0, 1, 3600, 2 * 86_400]
    let t = asOf + offsets[Int(rng.next() % UInt64(offsets.count))] * (isEnd ? 1 : -1) + (isEnd ? 0 : 0)
    let text = Timestamp.format(t)
    let date = String(text.prefix(10))
    switch rng.next() % 7 {
    case 0: return ""
    case 1: return date  // a date alone
    case 2:
      let p = date.split(separator: "-").map { String(Int($0)!) }
      return "\(p[0])/\(p[1])/\(p[2])"
    case 3:
      let p = date.split(separator: "-").map { String(Int($0)!) }
      return "\(p[0])年\(p[1])月\(p[2])日"
    case 4: return Timestamp.format(asOf)  // exactly T: inclusive
    default: return text
    }
  }

  static func makeDataset(seed: UInt64) -> Dataset {
    var rng = SplitMix64(seed: seed)
    var roster = "证件号码,姓名,联系电话,区,街道,居委会,小区,楼号,单元,室号,居住状态,标签\n"
    var people: [(id: String, name: String)] = []
    let committees = [("徐汇区", "龙华街道", "龙华一村居委会"), ("徐汇区", "龙华街道", "华容居委会"), ("长宁区", "江苏路街道", "岐山村委会")]
    let names = ["王芳", "李伟", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄勇", "周杰", "吴娟"]
    var rows = 0
    while rows < 260 {
      let (district, street, committee) = committees[Int(rng.next() % 3)]
      let building = "\(1 + rng.next() % 11)号"
      let unit = rng.next() % 3 == 0 ? "" : "\(1 + rng.next() % 2)单元"
      let room = "\(1 + rng.next() % 6)0\(1 + rng.next() % 4)"
      for _ in 0..<(1 + Int(rng.next() % 4)) {
        var id = mainlandID(&rng)
        let roll = rng.next() % 100
        if roll < 4 {
          id = String(id.prefix(6)) + String(id.dropFirst(8).prefix(9))
        }  // 15-digit legacy
        else if roll < 7 {
          id = "E\(10_000_000 + rng.next() % 89_999_999)"
        } else if roll < 9, let dup = people.randomElement(using: &rng) {
          id = dup.id
        }  // duplicate
        else if roll < 10 {
          id = "3.10104E+17"
        } else if roll < 11 {
          id = id.lowercased().replacingOccurrences(of: "1", with: "１")
        }  // full-width
        let name = names[Int(rng.next() % 10)]
        let status = ["在住", "在住", "在住", "在住", "外出", "住院", ""][Int(rng.next() % 7)]
        let tags = rng.next() % 9 == 0 ? "独居老人、行动不便" : ""
        roster +=
          "\(id),\(name),1390000\(String(format: "%04d", rows)),\(district),\(street),\(committee),枫林苑,\(building),\(unit),\(room),\(status),\(tags)\n"
        people.append((id, name))
        rows += 1
      }
    }
    var tests: [String] = []
    var tube = 0
    for day in 0..<3 {
      var text = "身份证号,姓名,手机号,采样时间,报告时间,检测结果,试管编号,采样点\n"
      var members = 0
      for _ in 0..<240 {
        var person = people[Int(rng.next() % UInt64(people.count))]
        if rng.next() % 15 == 0 { person = (mainlandID(&rng), "外来") }  // not on the roster
        if members % 10 == 0 { tube += 1 }
        members += 1
        let sample = asOf - Int64(2 - day) * 86_400 - Int64(rng.next() % 86_400) + 3600
        let reportRoll = rng.next() % 10
        let report: String =
          reportRoll == 0
          ? "" : reportRoll == 1 ? "not a time" : time(sample + Int64(rng.next() % 40_000), form: Int(rng.next() % 4))
        let result = ["阴性", "阴性", "阴性", "negative", "N", "1", "待出", "", "无效", "阳性", "可疑"][Int(rng.next() % 11)]
        let sampleText = rng.next() % 40 == 0 ? "2022-13-45 00:00" : time(sample, form: Int(rng.next() % 4))
        let name = rng.next() % 12 == 0 ? "**" : person.name
        text +=
          "\(person.id),\(name),1380000\(tube % 100),\(sampleText),\(report),\(result),T\(100_000 + tube),采样点\(tube % 3)\n"
      }
      tests.append(text)
    }
    var exemptions = "证件号码,免检原因,开始日期,结束日期\n"
    let reasons = ["卧床", "婴幼儿", "外出执勤", " 卧床 ", "外出"]
    for _ in 0..<60 {
      var id = people[Int(rng.next() % UInt64(people.count))].id
      let roll = rng.next() % 30
      if roll == 0 {
        id = mainlandID(&rng)
      }  // not on the roster
      else if roll == 1 {
        id = "3.10104E+17"
      }
      var reason = reasons[Int(rng.next() % UInt64(reasons.count))]
      if rng.next() % 25 == 0 { reason = "" }
      var from = bound(&rng, isEnd: false)
      if rng.next() % 25 == 0 { from = "2022-02-30" }
      let until = bound(&rng, isEnd: true)
      exemptions += "\(id),\(reason),\(from),\(until)\n"
    }
    return Dataset(roster: roster, tests: tests, exemptions: exemptions)
  }

  // MARK: - The naive model

  struct Record {
    var key: String
    var name: String
    var sample: Int64
    var report: Int64?
    var result: TestResult  // as known at T
    var tube: String
  }

  static func naiveFields(_ line: Substring) -> [String] {
    line.split(separator: ",", omittingEmptySubsequences: false).map { ByteText.trimmed(String($0)) }
  }

  static func keyText(_ raw: String) -> String? {
    switch ResidentID.parse(raw, latestBirthDate: Timestamp.shanghaiDate(asOf)) {
    case .mainland(let key, _): return ResidentID.text(mainlandKey: key)
    case .other(let bytes): return String(decoding: bytes, as: UTF8.self)
    default: return nil
    }
  }

  /// residents.csv rows, households.csv rows, unmatched IDs (sorted) and positive tube
  /// members with their retest columns.
  static func model(
    _ data: Dataset, anchor: String = "report"
  ) -> (residents: [[String]], households: [[String]], unmatched: [String], tubes: [String]) {
    // SPEC §3: a negative certifies from its report_time (falling back to its
    // sample_time), or from its sample_time under `validity_anchor: sample`.
    func anchorTime(_ r: Record) -> Int64 { anchor == "sample" ? r.sample : (r.report ?? r.sample) }
    let classifier = ResultClassifier(map: ["1": .negative])
    var residents: [(key: String, row: [String])] = []
    var seen = Set<String>()
    for line in data.roster.split(separator: "\n").dropFirst() {
      let f = naiveFields(line)
      guard let key = keyText(f[0]), !seen.contains(key) else { continue }
      seen.insert(key)
      residents.append((key, f))
    }
    var records: [Record] = []
    for file in data.tests {
      for line in file.split(separator: "\n").dropFirst() {
        let f = naiveFields(line)
        guard let key = keyText(f[0]), let sample = Timestamp.parse(f[3]), let result = classifier.classify(f[5]),
          sample <= asOf
        else { continue }
        let report = Timestamp.parse(f[4])
        let known = report.map { $0 <= asOf } ?? true
        records.append(
          Record(key: key, name: f[1], sample: sample, report: report, result: known ? result : .pending, tube: f[6]))
      }
    }
    let byKey = Dictionary(grouping: records, by: \.key)
    let exempt: Set<String> = ["外出", "离沪", "住院"]
    var listReasons: [String: [String]] = [:]  // key → reasons of active rows, in file order
    for line in data.exemptions.split(separator: "\n").dropFirst() {
      let f = naiveFields(line)
      guard let key = keyText(f[0]), !f[1].isEmpty else { continue }
      let from = f[2].isEmpty ? Int64.min : Timestamp.parse(f[2], bound: .start)
      let until = f[3].isEmpty ? Int64.max : Timestamp.parse(f[3], bound: .end)
      guard let from, let until else { continue }
      if from <= asOf && asOf <= until { listReasons[key, default: []].append(f[1]) }
    }
    var residentRows: [[String]] = []
    var households: [[String]: [Int]] = [:]  // address → [members, eligible, tested, certValid, positive]
    for (key, f) in residents {
      let mine = byKey[key] ?? []
      var reasons: [String] = exempt.contains(f[10]) ? [f[10]] : []
      for reason in listReasons[key] ?? [] where !reasons.contains(reason) { reasons.append(reason) }
      let eligible = reasons.isEmpty
      let latest = mine.max { a, b in (a.sample, a.result.rawValue) < (b.sample, b.result.rawValue) }
      let tested = mine.contains { $0.sample >= roundStart && $0.sample <= roundEnd && $0.result != .invalid }
      let negatives = mine.filter { $0.result == .negative }
      let lastNegative = negatives.max { a, b in (anchorTime(a), a.sample) < (anchorTime(b), b.sample) }
      let anchor = lastNegative.map(anchorTime)
      let positiveAfter = mine.contains { $0.result == .positive && $0.sample >= (lastNegative?.sample ?? .max) }
      let certValid = anchor.map { $0 >= asOf - 48 * 3600 } == true && !positiveAfter
      let expires = certValid ? anchor.map { $0 + 48 * 3600 } : nil
      let soon = expires.map { $0 <= asOf + 12 * 3600 } ?? false
      residentRows.append([
        key, f[1], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], "\(eligible)", "\(tested)",
        latest.map { Timestamp.format($0.sample) } ?? "", latest?.result.word ?? "",
        anchor.map(Timestamp.format) ?? "", "\(certValid)", expires.map(Timestamp.format) ?? "", "\(soon)",
        reasons.joined(separator: ";"),
      ])
      let address = Array(f[3...9])
      var c = households[address] ?? [0, 0, 0, 0, 0]
      c[0] += 1
      if latest?.result == .positive { c[4] += 1 }
      if eligible {
        c[1] += 1
        if tested { c[2] += 1 }
        if certValid { c[3] += 1 }
      }
      households[address] = c
    }
    let householdRows = households.map { address, c -> [String] in
      let status = c[1] == 0 ? "exempt" : c[2] == c[1] ? "complete" : c[2] == 0 ? "none" : "partial"
      return address + ["\(c[0])", "\(c[1])", "\(c[2])", "\(c[1] - c[2])", "\(c[3])", "\(c[4])", status]
    }.sorted { $0.lexicographicallyPrecedes($1) { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
    let rosterKeys = Set(residents.map(\.key))
    let unmatched = Set(records.map(\.key)).subtracting(rosterKeys).sorted()
    let positiveTubes = Set(
      records.filter { $0.result == .positive && $0.sample >= asOf - 48 * 3600 && !$0.tube.isEmpty }.map(\.tube))
    func latest(_ list: [Record]) -> Record? {
      list.max { a, b in (a.sample, a.result.rawValue) < (b.sample, b.result.rawValue) }
    }
    let members = Dictionary(grouping: records.filter { positiveTubes.contains($0.tube) }) { "\($0.tube) \($0.key)" }
    let tubes = members.map { member, inTube -> String in
      let own = latest(inTube)!
      // The person's latest used record anywhere, matched or not, is the retest when later.
      let last = latest(byKey[own.key] ?? [])!
      let retest = last.sample > own.sample ? "\(Timestamp.format(last.sample)) \(last.result.word)" : " "
      return "\(member) \(retest)"
    }.sorted()
    return (residentRows, householdRows, unmatched, tubes)
  }

  // MARK: - Comparison

  static func csvRows(_ data: Data?) -> [[String]] {
    String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func engineMatchesTheNaiveModel(seed: UInt64) throws {
    try Self.compare(seed: seed, anchor: "report")
  }

  /// `validity_anchor: sample` (SPEC §3): certificates run from the sample time.
  @Test(arguments: [1, 2] as [UInt64])
  func sampleAnchorMatchesTheNaiveModel(seed: UInt64) throws {
    try Self.compare(seed: seed, anchor: "sample")
    // The seeded data must tell the two anchors apart.
    let data = Self.makeDataset(seed: seed)
    let lastNegative = 14
    #expect(
      Self.model(data, anchor: "sample").residents.map { $0[lastNegative] }
        != Self.model(data, anchor: "report").residents.map { $0[lastNegative] })
  }

  static func compare(seed: UInt64, anchor: String) throws {
    let data = Self.makeDataset(seed: seed)
    let tmp = TemporaryDirectory()
    tmp.write("roster.csv", data.roster)
    for (i, text) in data.tests.enumerated() { tmp.write("tests/day\(i).csv", text) }
    tmp.write("exemptions.csv", data.exemptions)
    let pipeline = tmp.write(
      "pipeline.yml",
      """
      as_of: "\(Timestamp.format(Self.asOf))"
      round: {start: "\(Timestamp.format(Self.roundStart))", end: "\(Timestamp.format(Self.roundEnd))"}
      validity_anchor: \(anchor)
      max_reject_rate: 1
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: ["tests/*.csv"], result_map: {"1": negative}}
        exemptions: {files: [exemptions.csv]}
      outputs: {dir: out, formats: [csv]}
      """)
    let spec = try PipelineSpec.load(path: pipeline)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    let model = Self.model(data, anchor: anchor)

    let residents = Self.csvRows(FileManager.default.contents(atPath: outcome.folder + "/residents.csv"))
    #expect(residents.count == model.residents.count)
    for (actual, expected) in zip(residents, model.residents) { #expect(actual == expected) }
    let households = Self.csvRows(FileManager.default.contents(atPath: outcome.folder + "/households.csv"))
    #expect(households == model.households)
    let unmatched = Self.csvRows(FileManager.default.contents(atPath: outcome.folder + "/unmatched_tests.csv")).map {
      $0[0]
    }
    #expect(unmatched == model.unmatched)
    let tubes = Self.csvRows(FileManager.default.contents(atPath: outcome.folder + "/positive_tubes.csv")).map {
      "\($0[0]) \($0[2]) \($0[14]) \($0[15])"
    }
    #expect(tubes == model.tubes)
    #expect(!model.tubes.isEmpty && !model.unmatched.isEmpty, "the seeded data must exercise tubes and unmatched IDs")
    #expect(
      model.tubes.contains { !$0.hasSuffix("  ") } && model.tubes.contains { $0.hasSuffix("  ") }, "retested and not")
    #expect(
      model.residents.contains { $0.last!.contains(";") }, "the seeded data must exercise a status plus a list reason")
  }
}
