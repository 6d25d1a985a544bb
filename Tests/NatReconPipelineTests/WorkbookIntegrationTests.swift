import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// The committee workbooks of the acceptance run, read back and checked against the
/// machine files filtered to each committee (issues 4, 12): sheet order, row counts on
/// every sheet (data issues included), masked IDs, and nothing from another committee.
@Suite struct WorkbookIntegrationTests {
  static func csv(_ path: String) -> [[String: String]] {
    let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    let lines = text.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  /// Data rows of a sheet: the rows after the header row (first cell `header`).
  static func dataRows(_ grid: CellGrid, header: String) -> [[String]] {
    guard let start = (0..<grid.rowCount).first(where: { grid.value($0, 0) == header }) else { return [] }
    return ((start + 1)..<max(start + 1, grid.rowCount)).map { grid.rowValues($0) }.filter { !$0.allSatisfy(\.isEmpty) }
  }

  @Test func everyCommitteeWorkbookHoldsExactlyItsOwnRows() throws {
    let tmp = TemporaryDirectory()
    let (_, folder) = try AcceptanceTests.run(into: tmp.path + "/out", formats: ["csv", "xlsx"])
    let gaps = Self.csv(folder + "/gaps.csv")
    let households = Self.csv(folder + "/households.csv")
    let expiring = Self.csv(folder + "/expiring.csv")
    let tubes = Self.csv(folder + "/positive_tubes.csv")
    let residents = Self.csv(folder + "/residents.csv")
    let rosterIssues = Self.csv(folder + "/data_issues.csv").filter { $0["file"]!.contains("roster") }
    var issuesShown: [String] = []
    let committees = Set(households.map { [$0["district"]!, $0["street"]!, $0["committee"]!] })
    let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/committees").sorted()
    #expect(files.count == committees.count)
    for committee in committees {
      let name = "\(committee[0])_\(committee[1])_\(committee[2]).xlsx"
      #expect(files.contains(name))
      let reader = XLSXTestReader(path: folder + "/committees/" + name)
      #expect(try reader.sheetNames() == ["汇总", "户进度", "未检名单", "即将到期", "混管复核", "数据问题", "趋势"])
      let mine = { (row: [String: String]) in
        row["district"] == committee[0] && row["street"] == committee[1] && row["committee"] == committee[2]
      }
      // Residents' rows (a building's heading row has no name).
      let gapRows = Self.dataRows(try reader.grid("未检名单"), header: "小区").filter { $0.count > 4 && !$0[4].isEmpty }
      let expectedGaps = gaps.filter(mine)
      #expect(gapRows.count == expectedGaps.count, "\(name) 未检名单")
      // The same people: (room, name, masked ID), as sets (workbooks sort naturally).
      let shownGaps = Set(gapRows.map { $0.joined(separator: "|") })
      for gap in expectedGaps {
        #expect(
          shownGaps.contains {
            $0.contains(gap["name"]!) && $0.contains(gap["id_masked"]!) && $0.contains(gap["room"]!)
          })
      }
      #expect(Self.dataRows(try reader.grid("户进度"), header: "小区").count == households.filter(mine).count)
      #expect(Self.dataRows(try reader.grid("即将到期"), header: "证明到期时间").count == expiring.filter(mine).count)
      let tubeGrid = try reader.grid("混管复核")
      let tubeHeader = tubeGrid.rowValues(0).isEmpty ? "" : tubeGrid.value(0, 0)
      #expect(Self.dataRows(tubeGrid, header: tubeHeader).count == tubes.filter(mine).count, "\(name) 混管复核")
      // 数据问题: the committee's own roster rows; each roster issue shows in one workbook.
      for row in Self.dataRows(try reader.grid("数据问题"), header: "文件") where !row[0].isEmpty {
        issuesShown.append(row[0] + ":" + row[1])
      }
      // 趋势: this run's committee totals (no history yet).
      let trend = Self.dataRows(try reader.grid("趋势"), header: "截至时间")
      #expect(trend.count == 1, "\(name) 趋势")
      let eligible = households.filter(mine).reduce(0) { $0 + Int($1["eligible"]!)! }
      #expect(trend.first?[1] == String(eligible), "\(name) 趋势")

      // No full ID anywhere; no resident of another committee on any sheet: by full ID
      // (passports too), or by masked ID and name on one row.
      let xml = try reader.sheetXML().joined()
      #expect(xml.range(of: "[0-9]{17}[0-9X]", options: .regularExpression) == nil, "\(name) holds a full ID")
      var cells = Set<String>()
      var rowPairs = Set<String>()
      for sheet in try reader.sheetNames() {
        let grid = try reader.grid(sheet)
        for row in 0..<grid.rowCount {
          let values = grid.rowValues(row).filter { !$0.isEmpty }
          cells.formUnion(values)
          for a in values { for b in values where a != b { rowPairs.insert(a + "|" + b) } }
        }
      }
      let ownPairs = Set(expectedGaps.map { $0["id_masked"]! + "|" + $0["name"]! })
      for other in gaps where !mine(other) {
        let pair = other["id_masked"]! + "|" + other["name"]!
        #expect(ownPairs.contains(pair) || !rowPairs.contains(pair), "\(name): \(other["name"]!)")
      }
      for resident in residents where !mine(resident) {
        #expect(!cells.contains(resident["id_number"]!))
        #expect(!cells.contains(resident["name"]!) || residents.contains { mine($0) && $0["name"] == resident["name"] })
      }
    }
    #expect(issuesShown.sorted() == rosterIssues.map { $0["file"]! + ":" + $0["line"]! }.sorted())
  }

  /// 趋势 reads the committee's earlier runs from `<out>/history.sqlite` and adds this run.
  @Test func trendComesFromTheHistory() throws {
    let tmp = TemporaryDirectory()
    let out = tmp.path + "/out"
    var spec = try PipelineSpec.load(path: Fixtures.acceptance("small/pipeline.yml"))
    var o = PipelineOverrides()
    o.out = out
    o.formats = ["csv", "xlsx"]
    o.asOf = "2022-04-02 22:00:00"
    o.roundStart = "2022-04-02 00:00:00"
    o.roundEnd = "2022-04-02 23:59:59"
    try spec.apply(o)
    let earlier = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    let (_, folder) = try AcceptanceTests.run(into: out, formats: ["csv", "xlsx"])
    let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/committees").sorted().first)
    let trend = Self.dataRows(try XLSXTestReader(path: folder + "/committees/" + name).grid("趋势"), header: "截至时间")
    #expect(trend.count == 2)
    #expect(trend.map { $0[6] } == ["4月2日 22:00", "4月3日 22:00"])
    // The earlier point is that run's committee figures.
    let before = Self.dataRows(
      try XLSXTestReader(path: earlier.folder + "/committees/" + name).grid("趋势"), header: "截至时间")
    #expect(before.count == 1)
    #expect(trend.first.map { Array($0.prefix(6)) } == before.first.map { Array($0.prefix(6)) })
  }
}
