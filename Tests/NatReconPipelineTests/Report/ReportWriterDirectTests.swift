import NatReconReports
import Testing

@testable import NatReconPipeline

/// A machine file known to be large goes around the page cache from its first byte
/// (`ReportWriter.directAfter(expectedBytes:)`); smaller ones after
/// `CSVTableWriter.directAfterBytes` as before. (The bytes are the same either way:
/// `CSVTableWriterTests` writes files direct from byte 0 and after a threshold and
/// compares them with the page-cache reference.)
@Suite struct ReportWriterDirectTests {
  @Test func largeFilesGoDirectFromTheirFirstByte() {
    let from = ReportWriter.directFromStartBytes
    #expect(ReportWriter.directAfter(expectedBytes: 0) == CSVTableWriter.directAfterBytes)
    #expect(ReportWriter.directAfter(expectedBytes: from - 1) == CSVTableWriter.directAfterBytes)
    #expect(ReportWriter.directAfter(expectedBytes: from) == 0)
    let rowBytes = ReportWriter.residentsRowBytesAtLeast
    // residents.csv: 100,000 residents keep the page cache for their first 256 MiB;
    // 1 M (the benchmark) and more do not.
    #expect(ReportWriter.directAfter(expectedBytes: 100_000 * rowBytes) == CSVTableWriter.directAfterBytes)
    #expect(ReportWriter.directAfter(expectedBytes: 1_000_000 * rowBytes) == 0)
    #expect(ReportWriter.directAfter(expectedBytes: 10_000_000 * rowBytes) == 0)
  }
}
