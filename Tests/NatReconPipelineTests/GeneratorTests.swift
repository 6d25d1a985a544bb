import Foundation
import NatReconCore
import NatReconGenerator
import NatReconPipeline
import Testing

/// `natrecon generate`: determinism, valid IDs, realistic households, dirt in dirty mode.
@Suite struct GeneratorTests {
  /// A fresh temporary folder.
  static func temporaryFolder() throws -> String {
    var template = Array((NSTemporaryDirectory() + "natrecon-gen-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    let path = try #require(made.map { String(cString: $0) })
    return path
  }

  static func generate(
    residents: Int = 400, days: Int = 2, seed: UInt64 = 11, clean: Bool = false, gzip: Bool = false
  ) throws -> (folder: String, report: GeneratorReport) {
    let folder = try temporaryFolder()
    let options = GeneratorOptions(
      residents: residents, days: days, seed: seed, outputDirectory: folder, gzip: gzip, clean: clean)
    return (folder, try Generator.generate(options))
  }

  /// Every generated file's bytes, by name relative to the folder, in sorted order.
  static func contents(of folder: String) throws -> [(String, Data)] {
    let names = try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
    var out: [(String, Data)] = []
    for name in names {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory)
      if exists && !isDirectory.boolValue { out.append((name, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))) }
    }
    return out
  }

  static func text(_ path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
  }

  @Test func sameSeedSameBytes() throws {
    let a = try Self.generate(seed: 42)
    let b = try Self.generate(seed: 42)
    defer { try? FileManager.default.removeItem(atPath: a.folder); try? FileManager.default.removeItem(atPath: b.folder) }
    let filesA = try Self.contents(of: a.folder)
    let filesB = try Self.contents(of: b.folder)
    #expect(filesA.map(\.0) == filesB.map(\.0))
    #expect(filesA.map(\.0) == ["exemptions.csv", "pipeline.yml", "roster.csv", "tests/2022-04-02.csv.gz", "tests/2022-04-03.csv"])
    for ((name, dataA), (_, dataB)) in zip(filesA, filesB) where name != "pipeline.yml" {
      #expect(dataA == dataB, "\(name) differs between two runs with the same seed")
    }
  }

  @Test func threadCountDoesNotChangeBytes() throws {
    let a = try Self.generate(residents: 300, days: 3, seed: 5, clean: true)
    defer { try? FileManager.default.removeItem(atPath: a.folder) }
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Generator.generate(
      GeneratorOptions(residents: 300, days: 3, seed: 5, outputDirectory: folder, clean: true, threads: 1))
    let x = try Self.contents(of: a.folder).filter { $0.0 != "pipeline.yml" }
    let y = try Self.contents(of: folder).filter { $0.0 != "pipeline.yml" }
    #expect(x.map(\.1) == y.map(\.1))
  }

  @Test func differentSeedDifferentBytes() throws {
    let a = try Self.generate(seed: 1, clean: true)
    let b = try Self.generate(seed: 2, clean: true)
    defer { try? FileManager.default.removeItem(atPath: a.folder); try? FileManager.default.removeItem(atPath: b.folder) }
    #expect(try Self.text(a.report.roster.path) != Self.text(b.report.roster.path))
    #expect(try Self.text(a.report.exports[0].path) != Self.text(b.report.exports[0].path))
  }

  @Test func cleanRosterIDsAreValidAndUnique() throws {
    let g = try Self.generate(residents: 3000, days: 1, seed: 9, clean: true)
    defer { try? FileManager.default.removeItem(atPath: g.folder) }
    let lines = try Self.text(g.report.roster.path).split(separator: "\n").dropFirst()
    #expect(lines.count == 3000)
    var seen = Set<String>()
    var mainland = 0
    for line in lines {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let id = String(fields[0])
      #expect(seen.insert(id).inserted, "duplicate ID \(id)")
      if fields[1] == "居民身份证" {
        mainland += 1
        guard case .mainland(_, let isValid) = ResidentID.parse(id, latestBirthDate: 20_220_403), isValid else {
          Issue.record("\(id) is not a valid mainland ID")
          continue
        }
      } else {
        guard case .other = ResidentID.parse(id, latestBirthDate: 20_220_403) else {
          Issue.record("\(id) (\(fields[1])) is not another document")
          continue
        }
      }
    }
    #expect(mainland > 2900)
  }

  @Test func householdSizesAreOneToSix() throws {
    let g = try Self.generate(residents: 5000, days: 1, seed: 3, clean: true)
    defer { try? FileManager.default.removeItem(atPath: g.folder) }
    var sizes: [String: Int] = [:]
    var order: [String] = []
    for line in try Self.text(g.report.roster.path).split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      let key = f[4...10].joined(separator: "|")  // district … room
      if sizes[key] == nil { order.append(key) }
      sizes[key, default: 0] += 1
    }
    #expect(order.count > 1200)
    var histogram = [Int](repeating: 0, count: 8)
    for key in order {
      let n = try #require(sizes[key])
      #expect((1...6).contains(n), "household \(key) has \(n) members")
      histogram[min(7, n)] += 1
    }
    // Shanghai-like: 2- and 3-person households are the most common, 6 the rarest.
    #expect(histogram[2] > histogram[5] && histogram[3] > histogram[6] && histogram[6] > 0)
  }

  @Test func cleanExportsUseOneHeaderAndTimeForm() throws {
    let g = try Self.generate(residents: 500, days: 2, seed: 4, clean: true)
    defer { try? FileManager.default.removeItem(atPath: g.folder) }
    for export in g.report.exports {
      let lines = try Self.text(export.path).split(separator: "\n")
      #expect(lines[0] == "证件号码,姓名,联系电话,采样时间,报告时间,检测结果,试管编号,采样点,检测机构")
      #expect(lines.count > 400)
      for line in lines.dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        #expect(f.count == 9)
        #expect(f[3].count == 19 && Timestamp.parse(String(f[3])) != nil)
      }
    }
  }

  @Test func dirtyModeHasEveryKindOfDirt() throws {
    let g = try Self.generate(residents: 2000, days: 3, seed: 8)
    defer { try? FileManager.default.removeItem(atPath: g.folder) }
    #expect(g.report.roster.path.hasSuffix("roster.csv"))
    #expect(g.report.exports[0].path.hasSuffix(".csv.gz"))  // the oldest export is archived
    // The roster is GB18030: not valid UTF-8, but its ASCII dirt is visible.
    let rosterBytes = try Data(contentsOf: URL(fileURLWithPath: g.report.roster.path))
    #expect(String(validatingCString: Array(rosterBytes).map { CChar(bitPattern: $0) } + [0]) == nil)
    let roster = String(decoding: rosterBytes, as: UTF8.self)
    #expect(roster.contains("\r\n"))
    #expect(roster.contains("E+17"))
    #expect(roster.contains(",'3") || roster.contains(",'1") || roster.contains(",'4"))

    var exports = ""
    for e in g.report.exports.dropFirst() { exports += try Self.text(e.path) }
    let expected: [(String, String)] = [
      ("'", "apostrophe before an ID"), ("３", "full-width digit"), ("E+17", "Excel-mangled ID"),
      ("**", "masked name"), ("补录", "extra non-empty field"), ("ORF1a/b阴性", "wordy result"),
    ]
    for (needle, what) in expected { #expect(exports.contains(needle), "no \(what) in the dirty exports") }
    #expect(PlaceTablesProbe.badTimes.contains { exports.contains($0) }, "no bad time")
    #expect(PlaceTablesProbe.unknownResults.contains { exports.contains($0) }, "no unknown result")
    let fields = exports.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r\n" })
    #expect(fields.contains { $0.count == 15 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }, "no 15-digit ID")
    #expect(fields.contains { $0.count == 18 && $0.hasSuffix("x") }, "no lower-case x")
    #expect(fields.contains { $0.count == 13 && $0.allSatisfy(\.isNumber) && $0.hasPrefix("16") }
      || fields.contains { $0.contains("T") && $0.hasSuffix("Z") }
      || fields.contains { $0.contains("年") }, "no unusual time form")
    // Every test export's header differs from the next one's.
    let headers = try g.report.exports.dropFirst().map { try Self.text($0.path).split(separator: "\n")[0] }
    #expect(Set(headers).count == headers.count)
  }

  @Test func pipelineFileNamesTheGeneratedFiles() throws {
    let g = try Self.generate(residents: 200, days: 2, seed: 5)
    defer { try? FileManager.default.removeItem(atPath: g.folder) }
    let yaml = try Self.text(g.report.pipelinePath)
    for key in [
      "name:", "as_of: \"2022-04-03 22:00:00\"", "round:", "validity_hours: 48", "validity_anchor: report",
      "warn_hours: 12", "exempt_statuses:", "max_reject_rate: 0.05", "files: [\"roster.csv\"]",
      "files: [\"tests/*.csv*\"]", "result_map: {\"1\": negative, \"2\": positive, \"99\": pending}",
      "dir: out", "formats: [csv, xlsx, html]", "exemptions:", "files: [\"exemptions.csv\"]",
    ] {
      #expect(yaml.contains(key), "pipeline.yml lacks \(key)")
    }
  }
}

extension GeneratorTests {
  /// The dirty exemption list (SPEC §2.3): GB18030 with Chinese headers, windows of every
  /// shape and form, several rows for one person, an ID not on the roster, and — in a list
  /// of 100 rows or more — one mangled ID, one empty reason and one bad end date, which the
  /// run reports with their lines while staying under max_reject_rate.
  @Test func dirtyExemptionListRunsWithEachIssue() throws {
    let g = try Self.generate(residents: 4000, days: 1, seed: 3)
    defer { try? FileManager.default.removeItem(atPath: g.folder) }
    let list = try #require(g.report.exemptions)
    #expect(list.rows >= 100 && list.rows <= 200, "about 3% of 4,000 residents: \(list.rows)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: list.path))
    let text = try #require(String(data: bytes, encoding: .init(rawValue: 0x8000_0632)))  // GB18030
    #expect(text.hasPrefix("序号,居委,姓名,证件号码,免检原因,开始日期,截止日期\r\n"))
    for form in ["年", "/", "-", ":"] { #expect(text.contains(form), "no \(form) window") }
    let ids = text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] }
    #expect(Set(ids).count < ids.count, "no one listed twice")

    var spec = try PipelineSpec.load(path: g.report.pipelinePath)
    var o = PipelineOverrides()
    o.formats = ["csv"]
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    #expect(outcome.exitStatus == 0)
    let issues = String(decoding: FileManager.default.contents(atPath: outcome.folder + "/data_issues.csv") ?? Data(), as: UTF8.self)
      .split(separator: "\n").filter { $0.hasPrefix("exemptions.csv,") }
      .map { $0.split(separator: ",", omittingEmptySubsequences: false)[4] }
    // Unmatched: the ID of another region, and any listed resident whose roster row was rejected.
    #expect(Set(issues) == ["bad_time", "exemption_unmatched", "id_mangled", "missing_field"])
    #expect(issues.filter { $0 != "exemption_unmatched" }.count == 3)
    let residents = String(decoding: FileManager.default.contents(atPath: outcome.folder + "/residents.csv") ?? Data(), as: UTF8.self)
    let reasons = residents.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).last ?? "" }
    #expect(reasons.contains { ["婴幼儿", "外出执勤", "长期外地", "居家隔离观察", "卧床不起", "行动不便", "孕晚期"].contains(String($0)) })
  }
}

/// The junk values the generator writes (copied: the tables are internal).
enum PlaceTablesProbe {
  static let badTimes = ["0000-00-00 00:00:00", "#VALUE!", "2022/13/01 9:00", "NULL", "2022-02-30 10:00:00", "上午9点"]
  static let unknownResults = ["未知", "已作废", "#N/A", "见报告", "复检"]
}
