import Foundation
import NatReconIO
import NatReconPipeline
import NatReconTestSupport
import Testing

/// Test exports are parsed on two threads and folded as their batches arrive. These runs
/// make a small file's batches arrive before a large, earlier file's and check that every
/// tie is still broken by read order (file, then line) — the result one thread reading
/// the files in order gives (SPEC §3, §8).
@Suite struct ArrivalOrderTests {
  static let roster = "证件号码,姓名,居委会,楼号,室号\n11010519491231002X,王芳,龙华一村居委会,1号,101\n"
  static let header = "身份证号,姓名,手机号,采样时间,检测结果,试管编号,采样点\n"
  /// A person not on the roster, and the time both files sample them at.
  static let stranger = "310101199003071230"
  static let time = "2022-04-03 08:00:00"

  /// `a.csv`: many filler rows, then the stranger as 李四 in positive tube T1.
  /// `b.csv`: the stranger as 张三 at the same time in the same tube. `b` is read later,
  /// so 张三 wins, though `b`'s only batch is folded long before `a`'s last.
  static func run(_ dir: TemporaryDirectory) throws -> RunOutcome {
    var a = header
    for i in 0..<60_000 {
      a += "11010519491231002X,王芳,13800000000,2022-04-03 07:\(String(format: "%02d", i % 60)):00,阴性,F\(i),一号点\n"
    }
    a += "\(stranger),李四,13911111111,\(time),阳性,T1,一号点\n"
    let b = header + "\(stranger),张三,13922222222,\(time),阳性,T1,二号点\n"
    dir.write("roster.csv", Data(roster.utf8))
    dir.write("tests/a.csv", Data(a.utf8))
    dir.write("tests/b.csv", Data(b.utf8))
    return try Runner(spec: pipeline(dir, tests: "tests/*.csv"), progress: ProgressLine(enabled: false)).run()
  }

  /// The pipeline of these runs, over `roster.csv` and the `tests` glob in `dir`.
  static func pipeline(_ dir: TemporaryDirectory, tests: String) throws -> PipelineSpec {
    let path = dir.write(
      "pipeline.yml",
      """
      as_of: "2022-04-03 22:00"
      inputs:
        roster: {files: [roster.csv]}
        tests: {files: ["\(tests)"]}
      outputs: {dir: out, formats: [csv]}
      """)
    return try PipelineSpec.load(path: path)
  }

  static func rows(_ dir: TemporaryDirectory, _ file: String) -> [[Substring]] {
    let text = String(decoding: dir.read("out/latest/" + file) ?? Data(), as: UTF8.self)
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
  }

  @Test func latestNameAndPhoneFollowReadOrderNotArrivalOrder() throws {
    // Several runs: the interleaving differs from run to run, the output must not.
    var outputs: Set<Data> = []
    for attempt in 0..<3 {
      let dir = TemporaryDirectory("natrecon-arrival-\(attempt)")
      let outcome = try Self.run(dir)
      #expect(outcome.exitStatus == 0)
      let unmatched = Self.rows(dir, "unmatched_tests.csv")
      #expect(unmatched.count == 1)
      #expect(unmatched.first.map { Array($0.prefix(4)) } == [Substring(Self.stranger), "张三", "13922222222", "2"])
      #expect(unmatched.first?.last == "一号点;二号点")
      let tube = Self.rows(dir, "positive_tubes.csv")
      #expect(tube.count == 1)
      #expect(
        tube.first.map { Array($0.prefix(5)) } == [
          "T1", Substring(Self.time), Substring(Self.stranger), "张三", "13922222222",
        ])
      for file in ["unmatched_tests.csv", "positive_tubes.csv", "residents.csv", "data_issues.csv"] {
        outputs.insert(dir.read("out/latest/" + file) ?? Data())
      }
    }
    #expect(outputs.count == 4, "the same four files every run")
  }

  @Test func theFirstFailingFileIsReportedWhicheverFailsFirst() throws {
    // a.csv fails late (a truncated gzip after many rows), b.csv at once: the run names a.csv.
    let dir = TemporaryDirectory("natrecon-arrival-failure")
    var rows = Self.header
    for i in 0..<60_000 { rows += "11010519491231002X,王芳,,2022-04-03 07:00:00,阴性,F\(i),\n" }
    let gzipped = try Self.gzip(Data(rows.utf8))
    dir.write("roster.csv", Data(Self.roster.utf8))
    dir.write("tests/a.csv.gz", gzipped.prefix(gzipped.count - 64))
    dir.write("tests/b.csv.gz", Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02]))
    let spec = try Self.pipeline(dir, tests: "tests/*.csv.gz")
    do {
      _ = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
      Issue.record("the run should fail")
    } catch let error as IngestError {
      #expect("\(error)".contains("tests/a.csv.gz"), "\(error)")
    }
    #expect(dir.read("out/latest/residents.csv") == nil)
  }

  static func gzip(_ data: Data) throws -> Data {
    let dir = TemporaryDirectory("natrecon-arrival-gzip")
    let path = dir.write("plain", data)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-kf", path]
    try process.run()
    process.waitUntilExit()
    return dir.read("plain.gz") ?? Data()
  }
}
