import Foundation
import NatReconSQLite
import NatReconTestSupport
import Testing

/// A version-1 history (Tests/Fixtures/history, made by the last version-1 natrecon)
/// through the binary: `natrecon history` prints what that natrecon printed and leaves
/// the file alone; the next run migrates it to version 2 and adds its night.
@Suite struct HistoryMigrationCLITests {
  @Test func theNextRunMigratesAVersion1HistoryAndKeepsEveryEarlierRow() throws {
    let dir = HistoryCLITests.makeDir()
    try FileManager.default.createDirectory(atPath: dir.path + "/out", withIntermediateDirectories: true)
    let path = dir.path + "/out/history.sqlite"
    try FileManager.default.copyItem(atPath: Fixtures.path("history/version-1.sqlite"), toPath: path)
    let printed = String(
      decoding: try #require(FileManager.default.contents(atPath: Fixtures.path("history/version-1-history.csv"))),
      as: UTF8.self)

    let read = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(read.exitCode == 0, "\(read)")
    #expect(read.stdout == printed)
    #expect(try SQLiteDatabase(path: path, readOnly: true).scalar("PRAGMA user_version") == .int(1))

    let run = try HistoryCLITests.run(dir, asOf: "2022-04-03 23:00")
    #expect(run.exitCode == 0, "\(run)")
    #expect(!run.stderr.contains("history not recorded"), "\(run)")
    let db = try SQLiteDatabase(path: path, readOnly: true)
    #expect(try db.scalar("PRAGMA user_version") == .int(2))
    let after = try CLIRunner.run(["history", "out"], in: dir.path)
    #expect(after.exitCode == 0, "\(after)")
    let night = try HistoryCLITests.expectedHistory(dir, runs: [(id: "20220403-230000", asOf: "2022-04-03 23:00:00")])
    #expect(
      after.stdout == printed
        + night.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
  }
}
