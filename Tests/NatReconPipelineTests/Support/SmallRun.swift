import Foundation
import NatReconPipeline
import NatReconTestSupport

/// A run on a few inline CSV files, for rule tests: writes the inputs and a pipeline into
/// a temporary folder, runs it at `T` = 2022-04-03 22:00:00 and reads the outputs back
/// from the run's folder (a run without recent tests is stale and leaves `latest` alone).
struct SmallRun {
  static let asOf = "2022-04-03 22:00:00"
  static let rosterHeader = "证件号码,姓名,联系电话,区,街道,居委会,小区,楼号,单元,室号,居住状态,标签\n"
  static let testsHeader = "身份证号,姓名,采样时间,报告时间,检测结果,试管编号\n"
  static let exemptionsHeader = "证件号码,免检原因,开始日期,结束日期\n"

  let tmp = TemporaryDirectory("natrecon-small")
  let outcome: RunOutcome

  /// - Parameters:
  ///   - roster: roster files (name → text); header included.
  ///   - tests: test files (name → text); header included.
  ///   - exemptions: exemption list text (header included), or nil for none.
  ///   - inputs: extra keys for `inputs.roster` (e.g. `columns: {room: [门牌, Room No.]}`).
  init(
    roster: [String: String], tests: [String: String], exemptions: String? = nil, rosterKeys: String = ""
  ) throws {
    for (name, text) in roster { tmp.write("roster/" + name, text) }
    for (name, text) in tests { tmp.write("tests/" + name, text) }
    if let exemptions { tmp.write("exemptions.csv", exemptions) }
    let pipeline = tmp.write(
      "pipeline.yml",
      """
      as_of: "\(Self.asOf)"
      round: {start: "2022-04-03 00:00:00", end: "2022-04-03 23:59:59"}
      max_reject_rate: 1
      inputs:
        roster: {files: ["roster/*.csv"]\(rosterKeys.isEmpty ? "" : ", " + rosterKeys)}
        tests: {files: ["tests/*.csv"]}
      \(exemptions == nil ? "" : "  exemptions: {files: [exemptions.csv]}")
      outputs: {dir: out, formats: [csv]}
      """)
    let spec = try PipelineSpec.load(path: pipeline)
    outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
  }

  /// Convenience for one roster file and one test file.
  init(roster: String, tests: String = "", exemptions: String? = nil) throws {
    try self.init(
      roster: ["roster.csv": Self.rosterHeader + roster], tests: ["day.csv": Self.testsHeader + tests],
      exemptions: exemptions.map { Self.exemptionsHeader + $0 })
  }

  /// The rows of an output CSV as column → value (naive split: test values hold no commas).
  func rows(_ file: String) -> [[String: String]] {
    let text = String(
      decoding: FileManager.default.contents(atPath: outcome.folder + "/" + file) ?? Data(), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
      return []
    }
    return lines.dropFirst().map { line in
      let values = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(uniqueKeysWithValues: zip(header, values))
    }
  }

  /// The header of an output CSV.
  func header(_ file: String) -> [String] {
    let text = String(
      decoding: FileManager.default.contents(atPath: outcome.folder + "/" + file) ?? Data(), as: UTF8.self)
    return text.split(separator: "\n").first?.split(separator: ",").map(String.init) ?? []
  }

  /// residents.csv keyed by id_number.
  func residents() -> [String: [String: String]] {
    Dictionary(uniqueKeysWithValues: rows("residents.csv").map { ($0["id_number"] ?? "", $0) })
  }

  /// data_issues.csv as `line field code severity` strings for one input file (relative path).
  func issues(in file: String) -> [String] {
    rows("data_issues.csv").filter { $0["file"] == file }.map {
      "\($0["line"] ?? "") \($0["field"] ?? "") \($0["code"] ?? "") \($0["severity"] ?? "")"
    }
  }

  /// The manifest's entry for an input (by its path as the pipeline names it).
  func input(_ path: String) throws -> [String: Any]? {
    let data = FileManager.default.contents(atPath: outcome.folder + "/manifest.json") ?? Data()
    let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return (json?["inputs"] as? [[String: Any]])?.first { $0["path"] as? String == path }
  }
}
