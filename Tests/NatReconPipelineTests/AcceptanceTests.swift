import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// The shared acceptance set, read in place from `../shared/acceptance/small` (no copy to
/// go stale): a dirty input whose machine files SPEC.md fixes. natrecon must reproduce
/// them. Its pipeline writes `outputs.dir: out` beside itself, which is read-only in CI,
/// so every run here overrides the output folder with a temporary one.
@Suite struct AcceptanceTests {
  static let machineFiles = [
    "residents.csv", "households.csv", "summary.csv", "gaps.csv", "expiring.csv", "unmatched_tests.csv",
    "positive_tubes.csv", "data_issues.csv",
  ]

  static func run(into out: String, formats: [String] = ["csv"]) throws -> (RunOutcome, String) {
    let pipeline = Fixtures.acceptance("small/pipeline.yml")
    try #require(
      FileManager.default.fileExists(atPath: pipeline),
      "the shared acceptance set is read in place: \(pipeline) must exist (shared/ beside the repository)")
    var spec = try PipelineSpec.load(path: pipeline)
    var o = PipelineOverrides()
    o.out = out
    o.formats = formats
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    return (outcome, out + "/20220403-220000")
  }

  @Test func reproducesEveryExpectedFileByteForByte() throws {
    let tmp = TemporaryDirectory()
    let (outcome, folder) = try Self.run(into: tmp.path + "/out")
    #expect(outcome.exitStatus == 0)
    for name in Self.machineFiles {
      let expected = try #require(FileManager.default.contents(atPath: Fixtures.acceptance("small/expected/\(name)")))
      let actual = try #require(FileManager.default.contents(atPath: folder + "/" + name), "\(name) not written")
      #expect(expected == actual, "\(name):\n\(lineDiff(expected: expected, actual: actual))")
    }
  }

  @Test func sharedCompareScriptAgreesWithOrderAndPaths() throws {
    let tmp = TemporaryDirectory()
    let (_, folder) = try Self.run(into: tmp.path + "/out")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", Fixtures.acceptance("compare.py"), Fixtures.acceptance("small/expected"), folder,
      "--order", "--paths",
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(output)")
    #expect(output.contains("8 passed, 0 failed"))
  }

  @Test func manifestAccountsForEveryRow() throws {
    let tmp = TemporaryDirectory()
    let (_, folder) = try Self.run(into: tmp.path + "/out")
    let data = try #require(FileManager.default.contents(atPath: folder + "/manifest.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let inputs = try #require(json["inputs"] as? [[String: Any]])
    #expect(inputs.count == 5)
    for input in inputs {
      let rows = input["rows"] as? Int ?? -1
      let sum =
        (input["rows_used"] as? Int ?? 0) + (input["rows_rejected"] as? Int ?? 0)
        + (input["rows_after_as_of"] as? Int ?? 0)
      #expect(rows == sum, "\(input["path"] ?? "?")")
      #expect((input["sha256"] as? String)?.count == 64)
    }
    #expect(
      inputs.map { $0["path"] as? String } == [
        "input/roster.csv.gz", "input/tests/2022-04-01.csv.gz", "input/tests/2022-04-02.csv.gz",
        "input/tests/2022-04-03.csv.gz", "input/exemptions.csv.gz",
      ])
    #expect(inputs.map { $0["role"] as? String } == ["roster", "tests", "tests", "tests", "exemptions"])
    #expect(inputs[4]["rows"] as? Int == 20)
    #expect(inputs[4]["rows_rejected"] as? Int == 0)
    #expect(inputs[0]["encoding"] as? String == "gb18030")
    #expect(inputs[0]["rows"] as? Int == 1506)
    let outputs = try #require(json["outputs"] as? [[String: Any]])
    #expect(Set(outputs.compactMap { $0["path"] as? String }).isSuperset(of: Self.machineFiles))
    #expect(json["as_of"] as? String == "2022-04-03 22:00:00")
  }

  @Test func rerunIsByteIdenticalAndReplacesTheFolder() throws {
    let tmp = TemporaryDirectory()
    let out = tmp.path + "/out"
    let (_, folder) = try Self.run(into: out, formats: ["csv", "xlsx"])
    var first: [String: Data] = [:]
    for name in Self.machineFiles { first[name] = FileManager.default.contents(atPath: folder + "/" + name) }
    try FileManager.default.removeItem(atPath: folder + "/gaps.csv")  // the rerun must replace the folder whole
    let (_, again) = try Self.run(into: out, formats: ["csv", "xlsx"])
    #expect(again == folder)
    for name in Self.machineFiles {
      #expect(FileManager.default.contents(atPath: folder + "/" + name) == first[name], "\(name)")
    }
    let latest = try FileManager.default.destinationOfSymbolicLink(atPath: out + "/latest")
    #expect(latest == "20220403-220000")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter {
      $0.hasPrefix(".tmp-") || $0.hasPrefix(".old-")
    }
    #expect(leftovers.isEmpty)
    let workbooks = try FileManager.default.contentsOfDirectory(atPath: folder + "/committees")
    #expect(workbooks.count == 4)
  }
}
