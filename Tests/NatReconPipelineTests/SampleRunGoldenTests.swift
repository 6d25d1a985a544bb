import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// Golden files for every output of the README's run (pipelines/sample.yml on SampleData/):
/// machine CSVs and dashboard.html byte for byte, manifest.json without its timings, and each committee
/// workbook as a cell listing (values, never zip bytes). Record with
/// `NATRECON_RECORD_GOLDEN=1` and review the diff like code.
@Suite struct SampleRunGoldenTests {
  static let test = "SampleRun"

  static func run() throws -> (TemporaryDirectory, String) {
    let tmp = TemporaryDirectory()
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot + "/pipelines/sample.yml")
    var o = PipelineOverrides()
    o.out = tmp.path + "/out"
    try spec.apply(o)
    let outcome = try Runner(spec: spec, progress: ProgressLine(enabled: false)).run()
    #expect(outcome.exitStatus == 0)
    return (tmp, outcome.folder)
  }

  @Test func machineFilesMatchTheirGoldens() throws {
    let (tmp, folder) = try Self.run()
    for name in AcceptanceTests.machineFiles {
      let data = try #require(FileManager.default.contents(atPath: folder + "/" + name))
      assertMatchesGolden(data, test: Self.test, file: name)
    }
    // The sample shows every data-issue code at least once.
    let issues = String(
      decoding: FileManager.default.contents(atPath: folder + "/data_issues.csv") ?? Data(), as: UTF8.self)
    for code in [
      "csv_syntax", "missing_field", "bad_encoding", "id_checksum", "id_mangled", "invalid_id", "bad_time",
      "unknown_result", "sample_after_as_of", "report_before_sample", "duplicate_resident", "name_mismatch",
      "exemption_unmatched",
    ] {
      #expect(issues.contains(",\(code),"), "SampleData lacks \(code)")
    }
    _ = tmp
  }

  @Test func manifestMatchesItsGoldenWithoutTimings() throws {
    let (tmp, folder) = try Self.run()
    let text = String(
      decoding: FileManager.default.contents(atPath: folder + "/manifest.json") ?? Data(), as: UTF8.self)
    let stable = text.split(separator: "\n").filter {
      !$0.contains("\"stages_seconds\"") && !$0.contains("\"peak_rss_bytes\"") && !$0.contains("\"path\": \"/")
    }.joined(separator: "\n")
    assertMatchesGolden(Data(stable.utf8), test: Self.test, file: "manifest.json")
    _ = tmp
  }

  @Test func dashboardMatchesItsGolden() throws {
    let (tmp, folder) = try Self.run()
    let data = try #require(FileManager.default.contents(atPath: folder + "/dashboard.html"))
    assertMatchesGolden(data, test: Self.test, file: "dashboard.html")
    _ = tmp
  }

  @Test func workbooksMatchTheirGoldenCellListings() throws {
    let (tmp, folder) = try Self.run()
    let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/committees").sorted()
    #expect(names.count == 7)
    var listing = ""
    for name in names {
      let reader = XLSXTestReader(path: folder + "/committees/" + name)
      listing += "# \(name)\n"
      for sheet in try reader.sheetNames() {
        let grid = try reader.grid(sheet)
        listing += "## \(sheet)\n"
        for row in 0..<grid.rowCount {
          listing += grid.rowValues(row).joined(separator: " | ") + "\n"
        }
      }
    }
    assertMatchesGolden(Data(listing.utf8), test: Self.test, file: "committees.txt")
    _ = tmp
  }
}
