import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// `formats: [xlsx]`: the machine files are still built (the workbooks come from the
/// same pass) but the published folder holds only the workbooks and manifest.json, the
/// manifest lists only the workbooks, and the workbooks are those of a full run.
@Suite struct XLSXOnlyRunTests {
  static func run(formats: [String], out: String) throws -> RunOutcome {
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot + "/pipelines/sample.yml")
    var o = PipelineOverrides()
    o.out = out
    o.formats = formats
    try spec.apply(o)
    return try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
  }

  static func files(under folder: String) throws -> [String] {
    try FileManager.default.subpathsOfDirectory(atPath: folder).filter { path in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
        && !isDirectory.boolValue
    }.sorted()
  }

  @Test func onlyWorkbooksAndTheManifestArePublished() throws {
    let tmp = TemporaryDirectory()
    let full = try Self.run(formats: ["csv", "xlsx"], out: tmp.path + "/full")
    let xlsx = try Self.run(formats: ["xlsx"], out: tmp.path + "/xlsx")
    #expect(xlsx.exitStatus == full.exitStatus)

    let published = try Self.files(under: xlsx.folder)
    let workbooks = published.filter { $0.hasPrefix("committees/") }
    #expect(!workbooks.isEmpty)
    #expect(workbooks.allSatisfy { $0.hasSuffix(".xlsx") })
    #expect(published == workbooks + ["manifest.json"], "\(published)")
    #expect(try Self.files(under: full.folder).filter { $0.hasPrefix("committees/") } == workbooks)

    // The manifest lists the workbooks alone (and no leftover temporary CSV).
    let manifest = String(
      decoding: FileManager.default.contents(atPath: xlsx.folder + "/manifest.json") ?? Data(), as: UTF8.self)
    let listed = manifest.split(separator: "\n").filter { $0.contains("{\"path\": ") && !$0.contains("\"role\"") }
      .map { $0.split(separator: "\"")[3] }.map(String.init)
    #expect(listed == workbooks)

    // The same workbooks as a run that also writes the machine files.
    for workbook in workbooks {
      let a = try XLSXTestReader(path: full.folder + "/" + workbook).sheetXML()
      let b = try XLSXTestReader(path: xlsx.folder + "/" + workbook).sheetXML()
      #expect(a == b, "\(workbook) differs")
    }
    // The history still records the run's summary (SPEC §4: summary.csv as written).
    #expect(FileManager.default.fileExists(atPath: tmp.path + "/xlsx/history.sqlite"))
    _ = tmp
  }
}
