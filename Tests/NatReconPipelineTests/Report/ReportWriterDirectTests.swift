import NatReconReports
import Testing

@testable import NatReconPipeline

/// A machine file known to be large goes around the page cache from its first byte
/// (`ReportWriter.directAfter(expectedBytes:)`); smaller ones, residents.csv at 1 M
/// among them, after `CSVTableWriter.directAfterBytes` as before. (The bytes are the
/// same either way: `CSVTableWriterTests` writes files direct from byte 0 and after
/// a threshold and compares them with the page-cache reference.)
@Suite struct ReportWriterDirectTests {
  @Test func largeFilesGoDirectFromTheirFirstByte() {
    #expect(ReportWriter.directAfter(expectedBytes: 0) == CSVTableWriter.directAfterBytes)
    #expect(ReportWriter.directAfter(expectedBytes: (1 << 30) - 1) == CSVTableWriter.directAfterBytes)
    #expect(ReportWriter.directAfter(expectedBytes: 1 << 30) == 0)
    let rowBytes = ReportWriter.residentsRowBytesAtLeast
    // residents.csv: 1 M residents keep the page cache for their first 256 MiB; 10 M do not.
    #expect(ReportWriter.directAfter(expectedBytes: 1_000_000 * rowBytes) == CSVTableWriter.directAfterBytes)
    #expect(ReportWriter.directAfter(expectedBytes: 10_000_000 * rowBytes) == 0)
  }
}
