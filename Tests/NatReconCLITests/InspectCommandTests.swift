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
    try "姓名,楼号,居委,居委会\n张三,1号,龙华,x\n".write(toFile: path, atomically: false, encoding: .utf8)
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
        "evidence     as UTF-8 12 characters (12 of 3–4 bytes, 0 Latin letters), 0 invalid bytes, last character cut off"
      ),
      "\(result)")
    #expect(result.stdout.contains("bad_encoding 1"), "\(result)")
  }

  @Test func missingFileFailsWithOneLine() throws {
    let result = try CLIRunner.run(["inspect", "exports/nope.csv.gz"])
    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    // No pipeline involved: the message does not send the user to one.
    #expect(result.stderr == "natrecon: exports/nope.csv.gz: cannot read (no such file)\n", "\(result)")
  }

  @Test func pipelineColumnsEncodingAndResultMapApplyAndNormalisationIsDryRun() throws {
    let directory = try CLIRunner.makeTemporaryDirectory()
    try """
    as_of: "2022-04-03 22:00"
    inputs:
      roster: {files: [roster.csv], columns: {room: 门牌}}
      tests: {files: [tests.csv], encoding: gb18030, result_map: {"1": negative, "2": positive}}
    """.write(toFile: directory + "/p.yml", atomically: false, encoding: .utf8)
    try "证件号码,姓名,居委会,楼号,门牌\n310104198001010017,王芳,一村,1号,101\n".write(
      toFile: directory + "/roster.csv", atomically: false, encoding: .utf8)
    let tests = """
      证件号码,采样时间,报告时间,检测结果
      310104198001010017,2022-04-03 08:00,,1
      310104198001010018,2022/4/3 8:00,,2
      310104800101001,2022-04-03T08:00:00Z,,阴性
      3.10104E+17,1648944000,,未知
      ABC,二〇二二年,,1
      E1234567,44654.5,,

      """
    let gb = try #require(tests.data(using: .init(rawValue: 0x8000_0632)))  // GB18030
    try gb.write(to: URL(fileURLWithPath: directory + "/tests.csv"))

    let roster = try CLIRunner.run(["inspect", "roster.csv", "--pipeline", "p.yml"], in: directory)
    #expect(roster.exitCode == 0, "\(roster)")
    #expect(roster.stdout.contains("  5  门牌      → room (required)"), "\(roster)")
    #expect(roster.stdout.contains("missing      none"), "\(roster)")
    #expect(roster.stdout.contains("ids          valid 1"), "\(roster)")
    // Without the pipeline, the header does not map.
    let bare = try CLIRunner.run(["inspect", "roster.csv"], in: directory)
    #expect(bare.stdout.contains("missing      room"), "\(bare)")

    let result = try CLIRunner.run(["inspect", "tests.csv", "--kind", "tests", "--pipeline", "p.yml"], in: directory)
    #expect(result.exitCode == 0, "\(result)")
    let out = result.stdout
    #expect(out.contains("encoding     gb18030 (declared by the pipeline; no BOM)"), "\(result)")
    #expect(out.contains("line 5: id_number=3.10104E+17"), "\(result)")  // mangled: as it is
    #expect(
      out.contains(
        "ids          valid 1, checksum (id_checksum) 1, 15-digit (converted) 1, mangled (id_mangled) 1, invalid (invalid_id) 1, other document 1"
      ), "\(result)")
    #expect(out.contains("  first checksum (id_checksum): line 3 \"310104********0018\""), "\(result)")
    #expect(out.contains("  first mangled (id_mangled): line 5 \"3.10104E+17\""), "\(result)")
    #expect(out.contains("  first invalid (invalid_id): line 6 \"A**\""), "\(result)")
    #expect(
      out.contains(
        "sample_time  YYYY-MM-DD HH:MM 1, YYYY/M/D H:MM 1, ISO 8601 1, epoch seconds 1, unparsable (bad_time) 1, Excel serial 1"
      ), "\(result)")
    #expect(out.contains("  first unparsable (bad_time): line 6 \"二〇二二年\""), "\(result)")
    #expect(out.contains("results      negative 3, positive 1, unknown (unknown_result) 1, pending 1"), "\(result)")
    #expect(out.contains("  first unknown (unknown_result): line 5 \"未知\""), "\(result)")
  }

  @Test func badEncodingOptionIsAUsageError() throws {
    let result = try CLIRunner.run(["inspect", "x.csv", "--encoding", "latin1"])
    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stderr.contains("--encoding must be auto, utf-8 or gb18030"), "\(result)")
  }
}
