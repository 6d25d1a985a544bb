import Foundation
import NatReconPipeline
import NatReconReports
import NatReconTestSupport
import Testing

/// dashboard.html from real runs: its numbers are summary.csv's, its links name the
/// workbooks the run wrote, it holds no resident's name, ID or phone, and `formats`
/// decides whether it is written.
@Suite struct DashboardIntegrationTests {
  static func run(formats: [String]) throws -> (TemporaryDirectory, String) {
    let tmp = TemporaryDirectory()
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot + "/pipelines/sample.yml")
    var o = PipelineOverrides()
    o.out = tmp.path + "/out"
    o.formats = formats
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    return (tmp, outcome.folder)
  }

  static func text(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
  }

  /// summary.csv rows of one level as column → value (the sample has no quoted fields
  /// in this file; the test checks that).
  static func summaryRows(_ folder: String, level: String) -> [[String: String]] {
    let lines = text(folder + "/summary.csv").split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().compactMap { line in
      #expect(!line.contains("\""))
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard fields[0] == level else { return nil }
      return Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
  }

  /// summary.csv's `0.8882` → `88.82%`, by moving the point (as the page must).
  static func percent(_ ratio: String) -> String {
    guard !ratio.isEmpty, let bp = Int(ratio.replacingOccurrences(of: ".", with: "")) else { return "—" }
    return "\(bp / 100).\(bp % 100 < 10 ? "0" : "")\(bp % 100)%"
  }

  @Test func numbersAreSummaryCSVs() throws {
    let (tmp, folder) = try Self.run(formats: ["csv", "xlsx", "html"])
    let page = Self.text(folder + "/dashboard.html")
    let total = try #require(Self.summaryRows(folder, level: "total").first)
    #expect(page.contains("data-kpi=\"cov\">\(Self.percent(total["coverage"] ?? ""))<"))
    #expect(page.contains("data-kpi=\"crt\">\(Self.percent(total["cert_rate"] ?? ""))<"))
    let districts = Self.summaryRows(folder, level: "district")
    #expect(!districts.isEmpty)
    for d in districts {
      let name = d["district"] ?? ""
      let row = try #require(
        page.components(separatedBy: "data-district=\"\(DashboardText.escape(name))\"").dropFirst().first)
      let bar = String(row.prefix { $0 != "\n" })
      #expect(bar.contains("<b class=\"cov\">\(Self.percent(d["coverage"] ?? ""))</b>"), "\(name): \(bar)")
      #expect(bar.contains("<b class=\"crt\">\(Self.percent(d["cert_rate"] ?? ""))</b>"), "\(name): \(bar)")
      #expect(bar.contains("<em>\(d["untested"] ?? "")</em>"))
    }
    // Every committee: its row below the fold links to its workbook, which exists, and
    // shows summary.csv's counts and coverage.
    let committees = Self.summaryRows(folder, level: "committee")
    #expect(committees.count == 7)
    for m in committees {
      let file = CommitteeWorkbookWriter.fileName(
        district: m["district"] ?? "", street: m["street"] ?? "", committee: m["committee"] ?? "")
      #expect(FileManager.default.fileExists(atPath: folder + "/committees/" + file))
      let cells = [
        m["eligible"], m["tested"], m["untested"], Self.percent(m["coverage"] ?? ""),
        Self.percent(m["cert_rate"] ?? ""),
      ].map { "<td class=\"n\">\($0 ?? "")" }.joined()
      #expect(
        page.contains(
          "<a href=\"\(DashboardText.href("committees/" + file))\">\(DashboardText.escape(m["committee"] ?? ""))</a>\(cells)"
        ),
        "\(file)")
    }
    // The lagging list starts with the committee of lowest coverage.
    let lowest = try #require(committees.min { ($0["coverage"] ?? "") < ($1["coverage"] ?? "") })
    let lagging = try #require(page.components(separatedBy: "class=\"rank\">1<td><b>").dropFirst().first)
    #expect(lagging.hasPrefix(DashboardText.escape(lowest["committee"] ?? "") + "</b>"))
    // Tubes as in positive_tubes.csv.
    let tubeRows = Self.text(folder + "/positive_tubes.csv").split(separator: "\n").dropFirst()
    #expect(page.contains("<span>管内人员</span><b>\(tubeRows.count)</b>"))
    // Awaiting retest: rows whose retest_time (the second-to-last column) is empty.
    let awaiting = tubeRows.filter { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().last == "" }
    #expect(tubeRows.count > awaiting.count)
    #expect(page.contains("<span>待单管复核</span><b>\(awaiting.count)</b>"), "\(awaiting.count) awaiting")
    _ = tmp
  }

  @Test func holdsNoResidentsNameIDOrPhone() throws {
    let (tmp, folder) = try Self.run(formats: ["csv", "html"])
    let page = Self.text(folder + "/dashboard.html")
    let residents = Self.text(folder + "/residents.csv").split(separator: "\n").dropFirst()
    var checked = 0
    for line in residents {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count > 2 else { continue }
      let (id, name) = (String(fields[0]), String(fields[1]))
      if id.count >= 8 { #expect(!page.contains(id), "ID \(id)") }
      if name.count >= 2 { #expect(!page.contains(name), "name \(name)") }
      checked += 1
    }
    #expect(checked > 400)
    for line in Self.text(folder + "/gaps.csv").split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      if fields.count > 9, fields[9].count >= 7 { #expect(!page.contains(String(fields[9])), "phone") }
      if fields.count > 8, fields[8].count >= 8 { #expect(!page.contains(String(fields[8])), "masked ID") }
    }
    _ = tmp
  }

  @Test func formatsDecideWhetherThePageIsWritten() throws {
    do {
      let (tmp, folder) = try Self.run(formats: ["csv", "xlsx"])
      #expect(!FileManager.default.fileExists(atPath: folder + "/dashboard.html"))
      _ = tmp
    }
    do {
      // The page alone: no machine files, no workbooks, so no links to workbooks.
      let (tmp, folder) = try Self.run(formats: ["html"])
      let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
      #expect(names == ["dashboard.html", "manifest.json"])
      let page = Self.text(folder + "/dashboard.html")
      #expect(!page.contains("href="))
      let manifest = Self.text(folder + "/manifest.json")
      #expect(manifest.contains("{\"path\": \"dashboard.html\", \"rows\": 7, \"sha256\": \""))
      _ = tmp
    }
  }

  /// One night of the sample at `asOf` (round: the 24 hours before it) into `out`.
  static func night(_ asOf: String, round: (String, String), out: String) throws -> String {
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot + "/pipelines/sample.yml")
    var o = PipelineOverrides()
    o.out = out
    o.asOf = asOf
    (o.roundStart, o.roundEnd) = round
    o.formats = ["csv", "html"]
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    #expect(outcome.exitStatus == 0 || outcome.exitStatus == 3, "\(outcome.summary)")
    return outcome.folder
  }

  /// Three nights into one output folder: the third page's trend has three runs and its
  /// change is against the second night's summary.csv; an audit rerun at the first
  /// night's time afterwards compares with nothing (no earlier run).
  @Test func threeNightsOfHistory() throws {
    let tmp = TemporaryDirectory()
    let out = tmp.path + "/out"
    let nights = [
      ("2022-04-01 22:00:00", ("2022-04-01 00:00:00", "2022-04-01 23:59:59")),
      ("2022-04-02 22:00:00", ("2022-04-02 00:00:00", "2022-04-02 23:59:59")),
      ("2022-04-03 22:00:00", ("2022-04-03 00:00:00", "2022-04-03 23:59:59")),
    ]
    var folders: [String] = []
    for (asOf, round) in nights { folders.append(try Self.night(asOf, round: round, out: out)) }
    let first = Self.text(folders[0] + "/dashboard.html")
    #expect(first.contains("无上次运行可比"))
    #expect(first.contains("仅有本次运行"))

    let page = Self.text(folders[2] + "/dashboard.html")
    #expect(page.contains("共 3 次运行，自 2022-04-01 22:00:00 起。"))
    #expect(page.components(separatedBy: "<circle class=\"cov\"").count - 1 == 3)
    #expect(!page.contains("无上次运行可比"))
    let before = try #require(Self.summaryRows(folders[1], level: "total").first)
    let now = try #require(Self.summaryRows(folders[2], level: "total").first)
    let change = try #require(
      DashboardText.pointChange(
        from: Double(before["coverage"] ?? ""), to: Double(now["coverage"] ?? "")))
    #expect(change.basisPoints != 0, "the nights should differ for this test to mean anything")
    #expect(page.contains("\(change.text) 个百分点 <small>较上次</small>"), "\(change.text)")
    // Each point is that night's total coverage as its summary.csv printed it.
    for (i, folder) in folders.enumerated() {
      let total = try #require(Self.summaryRows(folder, level: "total").first)
      let runID = (folder as NSString).lastPathComponent
      #expect(page.contains("<title>\(runID) \(Self.percent(total["coverage"] ?? ""))</title>"), "night \(i + 1)")
    }

    // An audit of the first night, rerun now: nothing earlier to compare with.
    let audit = try Self.night(nights[0].0, round: nights[0].1, out: out)
    let auditPage = Self.text(audit + "/dashboard.html")
    #expect(auditPage.contains("无上次运行可比"))
    #expect(auditPage.components(separatedBy: "<circle class=\"cov\"").count - 1 == 1)
    _ = tmp
  }

  /// A history that exists but cannot be read: the page has this run alone, and the
  /// stderr summary says why (the history step then fails the run, SPEC §4).
  @Test func unreadableHistoryIsNamedOnStderr() throws {
    let tmp = TemporaryDirectory()
    _ = tmp.write("out/history.sqlite", "not an SQLite database, just text\n")
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot + "/pipelines/sample.yml")
    var o = PipelineOverrides()
    o.out = tmp.path + "/out"
    o.formats = ["html"]
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    #expect(outcome.summary.contains("natrecon: dashboard.html: "), "\(outcome.summary)")
    let page = Self.text(outcome.folder + "/dashboard.html")
    #expect(page.contains("无上次运行可比"))
    _ = tmp
  }

  /// The first run has no history: no note, just the page saying so.
  @Test func noHistoryYetIsNoNews() throws {
    let tmp = TemporaryDirectory()
    let folder = try Self.night(
      "2022-04-03 22:00:00", round: ("2022-04-03 00:00:00", "2022-04-03 23:59:59"), out: tmp.path + "/out")
    #expect(Self.text(folder + "/dashboard.html").contains("仅有本次运行"))
    // The run recorded itself afterwards; the next one reads it without a note.
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot + "/pipelines/sample.yml")
    var o = PipelineOverrides()
    o.out = tmp.path + "/out"
    o.asOf = "2022-04-04 06:00:00"
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    #expect(!outcome.summary.contains("dashboard.html:"), "\(outcome.summary)")
    #expect(Self.text(outcome.folder + "/dashboard.html").contains("共 2 次运行"))
    _ = tmp
  }
}
