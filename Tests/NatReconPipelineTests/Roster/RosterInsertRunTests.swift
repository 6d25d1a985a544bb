import Foundation
import NatReconCore
import NatReconGenerator
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// The roster insert goes in runs (`RosterBuilder.insertRun`): a run's key-table slots
/// are loaded first, its rows inserted in order, and its new households interned at its
/// end (`AddressInterner`). Runs of any length must build exactly the roster that runs of
/// one row build (the reference: each household interned as it is met) — the same
/// residents, households and their numbering, interned strings, issues and counts — and
/// write byte-identical files, on dirty data where order matters: duplicates within a
/// run and across runs and batches, rejected rows between members of a household,
/// exempt statuses, other documents, two roster files; and when the worker's batches end
/// between such rows (`RosterBuilder.batchRows`).
@Suite struct RosterInsertRunTests {
  static let runs = [7, RosterBuilder.defaultInsertRun]

  /// What the roster stage built, in comparable form.
  struct Built: Equatable {
    var households: [UInt32] = []
    var lines: [UInt32] = []
    var nameHashes: [UInt64] = []
    var flags: [UInt8] = []
    var addresses: [[UInt32]] = []
    var strings: [String] = []
    var rowBits: [UInt64] = []
    var rowCount = 0
    var exempt: [UInt64] = []
    var issues: [DataIssue] = []
    var accounts: [FileAccount] = []
    /// Entries of the test-state columns (appended per run): one per resident.
    var stateCounts: [Int] = []
  }

  static func build(pipeline: String, insertRun: Int, batchRows: Int = RosterBatch.capacity) throws -> Built {
    let spec = try PipelineSpec.load(path: pipeline)
    let files = try InputFiles.expand(spec.roster.files, in: spec)
    var builder = RosterBuilder(spec: spec, asOf: try Runner.times(for: spec).asOf)
    builder.insertRun = insertRun
    builder.batchRows = batchRows
    var issues = IssueLog()
    let (roster, accounts) = try builder.build(files: files, issues: &issues, progress: ProgressLine(enabled: false))
    // The roster stage frees the household slots once every household is in.
    #expect(roster.households.isReleased)
    var built = Built()
    built.households = Array(roster.residents.household)
    built.lines = Array(roster.residents.rosterLine)
    built.nameHashes = Array(roster.residents.nameHash)
    built.flags = Array(roster.residents.flags)
    let r = roster.residents
    built.stateCounts = [
      r.lastResult.count, r.lastSampleTime.count, r.lastNegativeAnchor.count, r.lastNegativeSample.count,
      r.lastPositiveSample.count,
    ]
    built.addresses = (0..<roster.households.count).map { h in
      (0..<HouseholdTable.partCount).map { roster.households.part(h, $0) }
    }
    built.strings = (0..<roster.strings.count).map { roster.strings.string(UInt32($0)) }
    built.rowBits = Array(roster.isResidentRow)
    built.rowCount = roster.rowCount
    built.exempt = Array(roster.exemptReasons.entries)
    built.issues = issues.issues
    built.accounts = accounts
    return built
  }

  static func expectSameRoster(pipeline: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> Built
  {
    // The reference: runs of one row, batches of 8,192. Longer runs, and batches of 5
    // rows (a household, a duplicate and its resident split by a batch boundary), must
    // build the same roster.
    let reference = try build(pipeline: pipeline, insertRun: 1)
    #expect(reference.stateCounts == Array(repeating: reference.households.count, count: 5))
    for run in [1] + runs {
      for batchRows in [RosterBatch.capacity, 5] where run != 1 || batchRows != RosterBatch.capacity {
        let what = "runs of \(run), batches of \(batchRows)"
        var batched = try build(pipeline: pipeline, insertRun: run, batchRows: batchRows)
        if batchRows != RosterBatch.capacity {
          // The worker's issues of a batch are logged before the insert's (duplicates) of
          // that batch, so their order in the log follows the batch size; data_issues.csv
          // sorts them by file and line.
          #expect(batched.issues.count == reference.issues.count, "\(what)", sourceLocation: sourceLocation)
          batched.issues = reference.issues.filter { batched.issues.contains($0) }
        }
        #expect(batched.households == reference.households, "households, \(what)", sourceLocation: sourceLocation)
        #expect(batched.addresses == reference.addresses, "addresses, \(what)", sourceLocation: sourceLocation)
        #expect(batched.strings == reference.strings, "strings, \(what)", sourceLocation: sourceLocation)
        #expect(batched == reference, "\(what)", sourceLocation: sourceLocation)
      }
    }
    return reference
  }

  static func expectSameOutputs(pipeline: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let tmp = TemporaryDirectory()
    let reference = try RunFiles.read(pipeline: pipeline, out: tmp.path + "/out-1") { $0.rosterInsertRun = 1 }
    #expect(reference.count == 8, sourceLocation: sourceLocation)
    for run in runs {
      let batched = try RunFiles.read(pipeline: pipeline, out: tmp.path + "/out-\(run)") { $0.rosterInsertRun = run }
      #expect(batched.keys.sorted() == reference.keys.sorted(), sourceLocation: sourceLocation)
      for (name, data) in reference {
        #expect(batched[name] == data, "\(name) differs with runs of \(run)", sourceLocation: sourceLocation)
      }
    }
  }

  /// A valid mainland ID: `body` (17 digits) and its check character.
  static func id(_ body: String) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
    let check = Array("10X98765432")[sum % 11]
    return body + String(check)
  }

  /// A UTF-8 roster whose rows put the order-dependent cases inside runs of 7 and across
  /// them: the same household split by a duplicate with another address and by a
  /// rejected row, duplicates of a row of the same run and of an earlier run, exempt
  /// statuses, a passport and its duplicate, and a last row whose address the next file's
  /// first row repeats.
  static func handmadeRoster() -> String {
    let header = "证件号码,证件类型,姓名,联系电话,区,街镇,居委,小区,楼号,单元,室号,居住状态,人员类别\n"
    func row(_ id: String, _ room: String, _ status: String = "在住", building: String = "1号") -> String {
      "\(id),居民身份证,张三,13800000000,浦东新区,花木街道,联洋居委,联洋小区,\(building),,\(room),\(status),\n"
    }
    let a = id("31011519800101001")
    let b = id("31011519800101002")
    let c = id("31011519800101003")
    var text = header
    text += row(a, "101")
    text += row(a, "102")  // duplicate in the same run, another address
    text += row(b, "101")  // A's household again
    text += row("无证件", "101")  // rejected (invalid ID) inside the household
    text += row(c, "101", "外出")
    text += row(id("31011519800101004"), "102")
    text += row(b, "103")  // duplicate of a row of the same run
    for k in 0..<40 {
      // Households of two or three, a duplicate of a row several runs back now and then.
      let body = String(format: "310115198002%02d%03d", k % 28 + 1, k)
      text += row(id(body), "\(200 + k / 3)", k % 5 == 0 ? "离沪" : "在住", building: "\(k / 9 + 2)号")
      if k % 11 == 10 { text += row(a, "\(200 + k / 3)", building: "\(k / 9 + 2)号") }
    }
    text += "E12345678,护照,李四,13900000000,浦东新区,花木街道,联洋居委,联洋小区,9号,,901,在住,\n"
    text += "e12345678,护照,李四,13900000000,浦东新区,花木街道,联洋居委,联洋小区,9号,,902,在住,\n"
    text += row(id("31011519800301001"), "999", building: "9号")
    return text
  }

  /// Dirty generated data (GB18030, duplicates, bad IDs, exemptions) with the handmade
  /// UTF-8 roster as a second file.
  static func dirtyPipeline(in tmp: TemporaryDirectory) throws -> String {
    let report = try Generator.generate(
      GeneratorOptions(residents: 3000, days: 1, seed: 21, outputDirectory: tmp.path + "/data"))
    tmp.write("data/roster-2.csv", handmadeRoster())
    let pipeline = try String(contentsOfFile: report.pipelinePath, encoding: .utf8)
    let single = "files: [\"roster.csv\"]"
    #expect(pipeline.contains(single))
    try pipeline.replacing(single, with: "files: [\"roster.csv\", \"roster-2.csv\"]")
      .replacing("max_reject_rate: 0.05", with: "max_reject_rate: 1")
      .write(toFile: report.pipelinePath, atomically: false, encoding: .utf8)
    return report.pipelinePath
  }

  @Test func sameRosterOnDirtyData() throws {
    let tmp = TemporaryDirectory()
    let built = try Self.expectSameRoster(pipeline: try Self.dirtyPipeline(in: tmp))
    // The cases must be there for the comparison to mean anything.
    let handmade = built.issues.filter { $0.file.hasSuffix("roster-2.csv") }
    let duplicates = handmade.filter { $0.code == .duplicateResident }
    #expect(duplicates.map(\.line) == [3, 8, 20, 32, 44, 53])
    #expect(
      duplicates.map(\.message)
        == ["same ID as line 2", "same ID as line 4"] + Array(repeating: "same ID as line 2", count: 3)
        + ["same ID as line 52"])
    #expect(handmade.contains { $0.line == 5 && $0.code == .invalidID })
    #expect(built.issues.contains { $0.code == .duplicateResident && !$0.file.hasSuffix("roster-2.csv") })
    #expect(!built.exempt.isEmpty)
    #expect(built.households.count > 2500)
    // Lines 2, 4 and 6 (room 101) share a household across the duplicate with another
    // address (line 3) and the rejected row (line 5); line 7 (room 102) starts another.
    let file = try #require(built.accounts.firstIndex { $0.displayPath.hasSuffix("roster-2.csv") })
    let first = built.accounts[..<file].reduce(0) { $0 + $1.rowsUsed }
    #expect(built.lines[first..<(first + 4)] == [2, 4, 6, 7])
    #expect(built.households[first + 1] == built.households[first])
    #expect(built.households[first + 2] == built.households[first])
    #expect(built.households[first + 3] != built.households[first])
  }

  @Test func sameFilesOnDirtyData() throws {
    let tmp = TemporaryDirectory()
    try Self.expectSameOutputs(pipeline: try Self.dirtyPipeline(in: tmp))
  }

  @Test func sameRosterAndFilesOnTheAcceptanceSet() throws {
    let pipeline = Fixtures.acceptance("small/pipeline.yml")
    _ = try Self.expectSameRoster(pipeline: pipeline)
    try Self.expectSameOutputs(pipeline: pipeline)
  }
}
