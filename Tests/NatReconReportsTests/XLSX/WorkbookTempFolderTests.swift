import Foundation
import NatReconCore
import NatReconPlatform
import NatReconTestSupport
import Testing

@testable import NatReconReports

/// Where libxlsxwriter's temp files go: a RAM folder for a small workbook when it has
/// room, else beside the output. The workbook's bytes never depend on it.
@Suite struct WorkbookTempFolderTests {
  /// Whether this machine has the standard RAM folder (Linux mounts /dev/shm as tmpfs)
  /// with room for a 1 MiB workbook.
  static let hasRAMFolder = CommitteeWorkbookWriter.fitsInRAM(
    expectedBytes: 1 << 20, freeBytes: RAMFolder.freeBytes(RAMFolder.standard))

  @Test func aSmallWorkbookKeepsItsTempFilesInRAMWhereThereIsOne() {
    let choice = CommitteeWorkbookWriter.tmpDirectory(
      for: "/out/.tmp-run/committees/a.xlsx", expectedBytes: 1 << 20, ramFolder: RAMFolder.standard)
    if Self.hasRAMFolder {
      #expect(choice == RAMFolder.standard)
    } else {
      #expect(choice != RAMFolder.standard)
    }
  }

  /// Past the limit, with no RAM folder, or with a folder that is not RAM-backed, the
  /// temp files go beside the output (or to /tmp when that is not writable).
  @Test func otherwiseTheyGoBesideTheOutput() {
    let folder = TemporaryDirectory("natrecon-xlsx-temp")
    try? FileManager.default.createDirectory(
      atPath: folder.file("committees"), withIntermediateDirectories: true)
    let path = folder.file("committees/a.xlsx")
    let besideOutput = folder.file("committees/..")
    #expect(
      CommitteeWorkbookWriter.tmpDirectory(
        for: path, expectedBytes: CommitteeWorkbookWriter.ramTempLimit + 1, ramFolder: RAMFolder.standard)
        == besideOutput)
    #expect(CommitteeWorkbookWriter.tmpDirectory(for: path, expectedBytes: 1, ramFolder: nil) == besideOutput)
    #expect(
      CommitteeWorkbookWriter.tmpDirectory(for: path, expectedBytes: 1, ramFolder: folder.path) == besideOutput,
      "a scratch folder on disk is not a RAM folder")
    #expect(
      CommitteeWorkbookWriter.tmpDirectory(
        for: "/nonexistent-natrecon-folder/committees/a.xlsx", expectedBytes: 1, ramFolder: nil) == "/tmp")
  }

  /// A RAM folder is used only with room to spare: a container's default 64 MB
  /// /dev/shm never, a nearly full one never, nor for a workbook past the limit.
  @Test func aRAMFolderIsUsedOnlyWithRoomToSpare() {
    let mib = 1 << 20
    let limit = CommitteeWorkbookWriter.ramTempLimit
    #expect(CommitteeWorkbookWriter.fitsInRAM(expectedBytes: 8 * mib, freeBytes: 12 * 1024 * mib))
    #expect(!CommitteeWorkbookWriter.fitsInRAM(expectedBytes: 1 * mib, freeBytes: 64 * mib), "a container's /dev/shm")
    #expect(CommitteeWorkbookWriter.fitsInRAM(expectedBytes: 8 * mib, freeBytes: 256 * mib + 32 * mib))
    #expect(!CommitteeWorkbookWriter.fitsInRAM(expectedBytes: 8 * mib, freeBytes: 256 * mib + 32 * mib - 1))
    #expect(!CommitteeWorkbookWriter.fitsInRAM(expectedBytes: limit + 1, freeBytes: 1 << 40))
    #expect(CommitteeWorkbookWriter.fitsInRAM(expectedBytes: limit, freeBytes: 1 << 40))
    #expect(!CommitteeWorkbookWriter.fitsInRAM(expectedBytes: 1, freeBytes: nil), "not a RAM folder")
  }

  /// 2 KiB a row of every list, plus twice the data issues' text.
  @Test func theExpectationGrowsWithTheListsAndTheIssueText() {
    var builder = WorkbookContentBuilder()
    let empty = CommitteeWorkbookWriter.expectedTempBytes(builder.content)
    builder.addGap(builder.address("云锦小区", "1号", "1单元", "101"), name: "王秀英", serial: 1)
    let oneGap = CommitteeWorkbookWriter.expectedTempBytes(builder.content)
    #expect(oneGap - empty == 2048)
    let longValue = String(repeating: "长", count: 10_000)
    builder.addIssue(line: 7, field: "address", value: longValue, code: .missingField)
    #expect(CommitteeWorkbookWriter.expectedTempBytes(builder.content) - oneGap == 2048 + 2 * 30_000)
    #expect(
      CommitteeWorkbookWriter.expectedTempBytes(WorkbookContentBuilder.realistic())
        < CommitteeWorkbookWriter.ramTempLimit)
  }

  /// The same content gives the same file byte for byte whether its temp files were in
  /// RAM or on disk (the zip container's times are fixed).
  @Test func theFileIsTheSameWhereverItsTempFilesWere() throws {
    let folder = TemporaryDirectory("natrecon-xlsx-temp")
    let content = WorkbookContentBuilder.realistic()
    try CommitteeWorkbookWriter.write(content, to: folder.file("ram.xlsx"), ramFolder: RAMFolder.standard)
    try CommitteeWorkbookWriter.write(content, to: folder.file("disk.xlsx"), ramFolder: nil)
    let ram = try Data(contentsOf: URL(fileURLWithPath: folder.file("ram.xlsx")))
    let disk = try Data(contentsOf: URL(fileURLWithPath: folder.file("disk.xlsx")))
    #expect(ram.count > 10_000)
    #expect(ram == disk)
  }
}
