import Foundation
import NatReconIO
import NatReconPipeline
import NatReconTestSupport
import Testing

/// Whole runs on pathological inputs (docs/architecture.md "Limits"): each ends with data
/// issues or one clear error, quickly and in bounded memory.
@Suite struct LimitsTests {
  static let header = "证件号码,姓名,居委会,楼号,室号\n"
  static let resident = "11010519491231002X,王芳,龙华一村居委会,1号,101\n"
  static let tests = "身份证号,采样时间,检测结果\n11010519491231002X,2022-04-03 08:00,阴性\n"

  /// Runs a pipeline over `roster` and `tests` (written into `dir`) with
  /// `max_reject_rate: 1`, so that a roster of rejects still succeeds.
  static func run(_ dir: TemporaryDirectory, roster: Data, tests: Data = Data(LimitsTests.tests.utf8))
    throws -> RunOutcome
  {
    dir.write("roster.csv", roster)
    dir.write("tests.csv", tests)
    let path = dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      max_reject_rate: 1
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: [tests.csv]}
      outputs: {dir: out, formats: [csv]}
      """)
    let spec = try PipelineSpec.load(path: path)
    return try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
  }

  static func lines(_ dir: TemporaryDirectory, _ file: String) -> [Substring] {
    let text = String(decoding: dir.read("out/latest/" + file) ?? Data(), as: UTF8.self)
    return text.split(separator: "\n").dropFirst().map { $0 }
  }

  @Test func rosterOfOnlyDuplicatesIsOneResidentAndAnIssuePerCopy() throws {
    let copies = 100_000
    var roster = Data(Self.header.utf8)
    let row = Data(Self.resident.utf8)
    roster.reserveCapacity(roster.count + copies * row.count)
    for _ in 0..<copies { roster.append(row) }
    let dir = TemporaryDirectory("natrecon-limits")
    let started = ContinuousClock.now
    let outcome = try Self.run(dir, roster: roster)
    let elapsed = ContinuousClock.now - started
    #expect(outcome.exitStatus == 0)
    let residents = Self.lines(dir, "residents.csv")
    #expect(residents.count == 1)
    #expect(residents.first?.hasPrefix("11010519491231002X,王芳,") == true)
    let issues = Self.lines(dir, "data_issues.csv")
    #expect(issues.count == copies - 1)
    #expect(issues.allSatisfy { $0.contains(",duplicate_resident,error,same ID as line 2") })
    #expect(issues.first?.hasPrefix("roster.csv,3,id_number,") == true)
    #expect(issues.last?.hasPrefix("roster.csv,\(copies + 1),id_number,") == true)
    #expect(elapsed < .seconds(20), "took \(elapsed)")
  }

  @Test func tooLongRecordsAreDataIssuesAndTheRunGoesOn() throws {
    let long = String(repeating: "楼", count: ReaderLimits.maxRecordBytes / 2)
    let roster = Self.header + "310104198001010017,李伟,龙华一村居委会,\(long),102\n" + Self.resident
    let tests = Self.tests + "310104198001010017,\"\(long)\",阴性\n" + "11010519491231002X,2022-04-03 09:00,阳性\n"
    let dir = TemporaryDirectory("natrecon-limits")
    let outcome = try Self.run(dir, roster: Data(roster.utf8), tests: Data(tests.utf8))
    #expect(outcome.exitStatus == 0)
    let residents = Self.lines(dir, "residents.csv")
    #expect(residents.count == 1)
    // The record after the long one is read: the resident's last result is positive.
    #expect(residents.first?.contains(",2022-04-03 09:00:00,positive,") == true)
    let issues = Self.lines(dir, "data_issues.csv")
    #expect(
      issues == [
        "roster.csv,2,,,csv_syntax,error,record longer than 1 MiB; not read",
        "tests.csv,3,,,csv_syntax,error,record longer than 1 MiB; not read",
      ])
  }

  @Test func headerOverTheColumnLimitStopsTheRun() throws {
    let wide = (0...ReaderLimits.maxHeaderColumns).map { "列\($0)" }.joined(separator: ",")
    let dir = TemporaryDirectory("natrecon-limits")
    #expect {
      _ = try Self.run(dir, roster: Data(("证件号码,姓名,居委会,楼号,室号," + wide + "\n").utf8))
    } throws: { error in
      guard let error = error as? IngestError, case .headerTooLarge(let path, let detail) = error else {
        return false
      }
      return path == "roster.csv" && detail == "16390 columns, more than 16384"
    }
    #expect(dir.read("out/latest/residents.csv") == nil)
  }
}
