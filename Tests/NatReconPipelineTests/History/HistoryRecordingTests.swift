import Foundation
import NatReconSQLite
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `HistoryRecording`: the summary rows go in before publishing, the commit after; the
/// result is the history `HistoryStore.record` writes, and a recording abandoned before
/// its commit leaves the history exactly as it was.
@Suite struct HistoryRecordingTests {
  /// Every table's rows, in a fixed order (`seconds_total` and the stage seconds left
  /// out: they differ between any two runs).
  static func content(_ path: String) throws -> [[[SQLiteValue]]] {
    let store = try HistoryStore(readingPath: path)
    return try [
      "SELECT run_id, as_of, round_start, round_end, validity_hours, warn_hours, validity_anchor, pipeline,"
        + " pipeline_path, tool_version, status, exit_status, newest_sample_time, newest_sample_file FROM runs"
        + " ORDER BY run_id",
      "SELECT * FROM run_inputs ORDER BY run_id, position",
      "SELECT * FROM run_counts ORDER BY run_id, name",
      "SELECT run_id, stage FROM run_stages ORDER BY run_id, stage",
      "SELECT * FROM summary ORDER BY run_id, row",
    ].map { try store.query($0) }
  }

  /// Three nights on the acceptance inputs; returns the output folder.
  static func nights() throws -> (TemporaryDirectory, String) {
    let tmp = try HistoryStoreTests.threeNights()
    return (tmp, tmp.path + "/out")
  }

  static func manifest(_ out: String, _ runID: String) throws -> Data {
    try #require(FileManager.default.contents(atPath: out + "/" + runID + "/manifest.json"))
  }

  static func summary(_ out: String, _ runID: String) throws -> Data {
    try #require(FileManager.default.contents(atPath: out + "/" + runID + "/summary.csv"))
  }

  @Test(arguments: [true, false])
  func recordingEarlyGivesTheHistoryRecordGives(onThread: Bool) throws {
    let (tmp, out) = try Self.nights()
    let runs = HistoryStore.runFolders(out: out)
    #expect(runs.count == 3)
    // Reference: each night recorded after publishing, in one go.
    let reference = tmp.path + "/reference"
    try FileManager.default.createDirectory(atPath: reference, withIntermediateDirectories: true)
    do {
      let store = try HistoryStore(path: HistoryStore.path(out: reference))
      for id in runs { try store.record(try HistoryRun.load(folder: out + "/" + id, runID: id)) }
    }
    // Early: the history exists (created empty), each night in two parts.
    let early = tmp.path + "/early"
    try FileManager.default.createDirectory(atPath: early, withIntermediateDirectories: true)
    _ = try HistoryStore(path: HistoryStore.path(out: early))
    for id in runs {
      let recording = HistoryRecording(
        out: early, runID: id, summary: try Self.summary(out, id), folder: out + "/" + id, onThread: onThread)
      #expect(recording.isEarly)
      _ = try recording.commit(manifest: try Self.manifest(out, id))
    }
    let expected = try Self.content(HistoryStore.path(out: reference))
    #expect(expected[4].count > 30)
    #expect(try Self.content(HistoryStore.path(out: early)) == expected)
    #expect(try Self.content(HistoryStore.path(out: out)) == expected)
  }

  @Test func anAbandonedRecordingLeavesTheHistoryAsItWas() throws {
    let (tmp, out) = try Self.nights()
    defer { withExtendedLifetime(tmp) {} }
    let path = HistoryStore.path(out: out)
    let before = try Self.content(path)
    let runs = HistoryStore.runFolders(out: out)
    // A rerun of the last night (its earlier recording deleted inside the transaction)
    // with another night's summary, and a night not recorded yet.
    for id in [runs[2], "20220404-220000"] {
      let recording = HistoryRecording(
        out: out, runID: id, summary: try Self.summary(out, runs[0]), folder: out + "/" + id)
      #expect(recording.isEarly)
      recording.abandon()
      #expect(try Self.content(path) == before)
      recording.abandon()  // again: nothing
    }
    // Dropped without a word (a thrown error unwinds past it): rolled back too.
    do {
      _ = HistoryRecording(out: out, runID: runs[2], summary: try Self.summary(out, runs[0]), folder: out)
    }
    #expect(try Self.content(path) == before)
    // The history takes the next writer at once (no transaction left open).
    let store = try HistoryStore(path: path)
    try store.record(try HistoryRun.load(folder: out + "/" + runs[1], runID: runs[1]))
  }

  @Test func withoutAHistoryFileNothingHappensBeforeTheCommit() throws {
    let (tmp, out) = try Self.nights()
    let fresh = tmp.path + "/fresh"
    try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
    let id = HistoryStore.runFolders(out: out)[0]
    let recording = HistoryRecording(
      out: fresh, runID: id, summary: try Self.summary(out, id), folder: out + "/" + id)
    #expect(!recording.isEarly)
    recording.abandon()
    #expect(!FileManager.default.fileExists(atPath: HistoryStore.path(out: fresh)))
    let second = HistoryRecording(
      out: fresh, runID: id, summary: try Self.summary(out, id), folder: out + "/" + id)
    _ = try second.commit(manifest: try Self.manifest(out, id))
    #expect(try Self.content(HistoryStore.path(out: fresh))[4].count > 30)
  }

  @Test func anUnreadableSummaryIsReportedByTheCommitAsBefore() throws {
    let (tmp, out) = try Self.nights()
    defer { withExtendedLifetime(tmp) {} }
    let path = HistoryStore.path(out: out)
    let before = try Self.content(path)
    let id = "20220404-220000"
    let recording = HistoryRecording(out: out, runID: id, summary: Data("not,a,summary\n".utf8), folder: out + "/" + id)
    #expect(!recording.isEarly)
    var manifest = String(decoding: try Self.manifest(out, HistoryStore.runFolders(out: out)[2]), as: UTF8.self)
    manifest = manifest.replacingOccurrences(of: "2022-04-03 22:00:00", with: "2022-04-04 22:00:00")
    #expect(throws: HistoryError.self) { _ = try recording.commit(manifest: Data(manifest.utf8)) }
    var message = ""
    do {
      _ = try HistoryRecording(out: out, runID: id, summary: Data("x\n".utf8), folder: out).commit(
        manifest: Data(manifest.utf8))
      Issue.record("a summary.csv without its header was recorded")
    } catch {
      message = "\(error)"
    }
    #expect(
      message.contains("summary.csv: cannot be read into the history (header is not level,district"), "\(message)")
    #expect(try Self.content(path) == before)
  }

  /// The early part streams summary.csv into SQLite row by row; what it refuses, and the
  /// message, are `HistoryRun.summaryRows`'s, and the transaction is rolled back.
  @Test func streamingRefusesWhatSummaryRowsRefusesWithItsMessage() throws {
    let (tmp, out) = try Self.nights()
    defer { withExtendedLifetime(tmp) {} }
    let path = HistoryStore.path(out: out)
    let before = try Self.content(path)
    let good = String(decoding: try Self.summary(out, HistoryStore.runFolders(out: out)[0]), as: UTF8.self)
    var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.count > 30)
    lines[20] = lines[20].split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
    let cases = [Data(), Data("x\n".utf8), Data(lines.joined(separator: "\n").utf8)]
    for data in cases {
      var expected = ""
      do {
        _ = try HistoryRun.summaryRows(data, folder: "F")
      } catch {
        expected = "\(error)"
      }
      #expect(!expected.isEmpty)
      let store = try HistoryStore(path: path)
      try store.begin(runID: "20220404-220000")
      var message = ""
      do {
        try store.insertSummary(runID: "20220404-220000", summary: data, folder: "F")
        Issue.record("refused summary.csv inserted")
      } catch {
        message = "\(error)"
      }
      #expect(message == expected)
    }
    #expect(try Self.content(path) == before)
  }
}
