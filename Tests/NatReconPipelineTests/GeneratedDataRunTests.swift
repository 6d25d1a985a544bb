import Foundation
import NatReconGenerator
import NatReconPipeline
import NatReconTestSupport
import Testing

/// `natrecon run` on the generator's dirty data (the generator alone is tested in
/// NatReconGeneratorTests).
@Suite struct GeneratedDataRunTests {
  /// The dirty exemption list (SPEC §2.3): GB18030 with Chinese headers, windows of every
  /// shape and form, several rows for one person, an ID not on the roster, and — in a list
  /// of 100 rows or more — one mangled ID, one empty reason and one bad end date, which the
  /// run reports with their lines while staying under max_reject_rate.
  @Test func dirtyExemptionListRunsWithEachIssue() throws {
    let folder = TemporaryDirectory("natrecon-gen")
    let g = (
      folder: folder.path,
      report: try Generator.generate(
        GeneratorOptions(residents: 4000, days: 1, seed: 3, outputDirectory: folder.path, gzip: false, clean: false))
    )
    defer { withExtendedLifetime(folder) {} }
    let list = try #require(g.report.exemptions)
    #expect(list.rows >= 100 && list.rows <= 200, "about 3% of 4,000 residents: \(list.rows)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: list.path))
    let text = try #require(String(data: bytes, encoding: .init(rawValue: 0x8000_0632)))  // GB18030
    #expect(text.hasPrefix("序号,居委,姓名,证件号码,免检原因,开始日期,截止日期\r\n"))
    for form in ["年", "/", "-", ":"] { #expect(text.contains(form), "no \(form) window") }
    let ids = text.split(separator: "\r\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false)[3]
    }
    #expect(Set(ids).count < ids.count, "no one listed twice")

    var spec = try PipelineSpec.load(path: g.report.pipelinePath)
    var o = PipelineOverrides()
    o.formats = ["csv"]
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    #expect(outcome.exitStatus == 0)
    let issues = String(
      decoding: FileManager.default.contents(atPath: outcome.folder + "/data_issues.csv") ?? Data(), as: UTF8.self
    )
    .split(separator: "\n").filter { $0.hasPrefix("exemptions.csv,") }
    .map { $0.split(separator: ",", omittingEmptySubsequences: false)[4] }
    // Unmatched: the ID of another region, and any listed resident whose roster row was rejected.
    #expect(Set(issues) == ["bad_time", "exemption_unmatched", "id_mangled", "missing_field"])
    #expect(issues.filter { $0 != "exemption_unmatched" }.count == 3)
    let residents = String(
      decoding: FileManager.default.contents(atPath: outcome.folder + "/residents.csv") ?? Data(), as: UTF8.self)
    let reasons = residents.split(separator: "\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).last ?? ""
    }
    #expect(reasons.contains { ["婴幼儿", "外出执勤", "长期外地", "居家隔离观察", "卧床不起", "行动不便", "孕晚期"].contains(String($0)) })
  }
}
