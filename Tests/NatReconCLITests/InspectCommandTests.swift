import Foundation
import NatReconTestSupport
import Testing

/// `natrecon inspect` run as a binary (STYLE §6: fresh temp directory, both streams).
@Suite struct InspectCommandTests {
  @Test func showsMappingRowsAndProblems() throws {
    let result = try CLIRunner.run(["inspect", Fixtures.path("io/inspect-tests.csv")])
    #expect(result.exitCode == 0, "\(result)")
    let out = result.stdout
    #expect(out.contains("compression  none"), "\(result)")
    #expect(out.contains("encoding     utf-8 (detected; no BOM)"), "\(result)")
    #expect(out.contains("kind         tests (guessed from the headers)"), "\(result)")
    #expect(out.contains("id_number  → id_number (required)"), "\(result)")
    #expect(out.contains("采样时间   → sample_time (required)"), "\(result)")
    #expect(out.contains("rows         4"), "\(result)")
    #expect(out.contains("line 2: id_number=310101********1234 name=张三"), "\(result)")
    #expect(out.contains("site=徐汇,龙华"), "\(result)")
    #expect(out.contains("line 6: id_number=310101********0000 name=赵\\n六"), "\(result)")
    #expect(out.contains("problems     1 (csv_syntax 1)"), "\(result)")
    #expect(
      out.contains("line 4: csv_syntax: 6 fields, header has 5 (first extra value \"extra\")"),
      "\(result)")
    #expect(result.stderr.isEmpty, "\(result)")
  }

  @Test func showsMissingRequiredColumnsInsteadOfFailing() throws {
    let directory = try CLIRunner.makeTemporaryDirectory()
    let path = directory + "/roster.csv"
    try "姓名,楼号,居委,居委会\n张三,1号,龙华,x\n".write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["inspect", "roster.csv", "--kind", "roster"], in: directory)
    #expect(result.exitCode == 0, "\(result)")
    #expect(result.stdout.contains("kind         roster (given)"), "\(result)")
    #expect(result.stdout.contains("missing      id_number (required; tried 证件号码"), "\(result)")
    #expect(result.stdout.contains("missing      room (required;"), "\(result)")
    #expect(
      result.stdout.contains("居委会  → (ignored: committee is column 3; the first column wins)"),
      "\(result)")
  }

  @Test func showsTheEncodingEvidence() throws {
    // A UTF-8 file whose last character is cut off: UTF-8, not GB18030 (SPEC §8).
    let directory = try CLIRunner.makeTemporaryDirectory()
    let path = directory + "/tests.csv"
    let bytes = Array("证件号码,采样时间,检测结果\n1,2022-04-01 08:00,阴".utf8).dropLast(1)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let result = try CLIRunner.run(["inspect", "tests.csv"], in: directory)
    #expect(result.exitCode == 0, "\(result)")
    #expect(result.stdout.contains("encoding     utf-8 (detected; no BOM)"), "\(result)")
    #expect(
      result.stdout.contains(
        "evidence     as UTF-8 12 characters (12 of 3–4 bytes, 0 Latin letters), 0 invalid bytes, last character cut off"),
      "\(result)")
    #expect(result.stdout.contains("bad_encoding 1"), "\(result)")
  }

  @Test func missingFileFailsWithOneLine() throws {
    let result = try CLIRunner.run(["inspect", "exports/nope.csv.gz"])
    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    #expect(
      result.stderr == "natrecon: exports/nope.csv.gz: no such file; check the path in the pipeline's inputs\n",
      "\(result)")
  }

  @Test func badEncodingOptionIsAUsageError() throws {
    let result = try CLIRunner.run(["inspect", "x.csv", "--encoding", "latin1"])
    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stderr.contains("--encoding must be auto, utf-8 or gb18030"), "\(result)")
  }
}
