import Foundation
import NatReconCore
import NatReconTestSupport
import Testing

@testable import NatReconGenerator

/// `natrecon generate`: determinism, valid IDs, realistic households, dirt in dirty mode.
@Suite struct GeneratorTests {
  /// A fresh temporary folder, removed when the test process exits.
  static func temporaryFolder() throws -> String {
    ScratchFolders.make(prefix: "natrecon-gen")
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
      if exists && !isDirectory.boolValue {
        out.append((name, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
      }
    }
    return out
  }

  static func text(_ path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
  }

  @Test func sameSeedSameBytes() throws {
    let a = try Self.generate(seed: 42)
    let b = try Self.generate(seed: 42)
    defer {
      try? FileManager.default.removeItem(atPath: a.folder)
      try? FileManager.default.removeItem(atPath: b.folder)
    }
    let filesA = try Self.contents(of: a.folder)
    let filesB = try Self.contents(of: b.folder)
    #expect(filesA.map(\.0) == filesB.map(\.0))
    #expect(
      filesA.map(\.0) == [
        "exemptions.csv", "pipeline.yml", "roster.csv", "tests/2022-04-02.csv.gz", "tests/2022-04-03.csv",
      ])
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
    defer {
      try? FileManager.default.removeItem(atPath: a.folder)
      try? FileManager.default.removeItem(atPath: b.folder)
    }
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
    #expect(PlaceTables.badTimes.filter { $0 != "20220401" }.contains { exports.contains($0) }, "no bad time")
    // A bare digit such as "3" proves nothing: it is in every export.
    let unknownResults = PlaceTables.unknownResults.filter { Int($0) == nil }
    #expect(unknownResults.contains { exports.contains($0) }, "no unknown result")
    let fields = exports.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r\n" })
    #expect(
      fields.contains { $0.count == 15 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }, "no 15-digit ID")
    #expect(fields.contains { $0.count == 18 && $0.hasSuffix("x") }, "no lower-case x")
    #expect(
      fields.contains { $0.count == 13 && $0.allSatisfy(\.isNumber) && $0.hasPrefix("16") }
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
