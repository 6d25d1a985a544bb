import NatReconTestSupport
import Testing

@testable import NatReconIO

/// Issue 15 (trust): inputs the reader fuzz targets reported, kept as fixtures in
/// Tests/Fixtures/regressions/ under the same name as their test.
@Suite struct Issue0015Tests {
  /// A truncated gzip stream (253 bytes) whose content is a 1,550-column header over
  /// 10,740 short records. The csv-reader target timed out on it: its own loop touched
  /// every header column of every record (16.6 M fields, twice, under ASan and coverage),
  /// not the reader, which reads it in milliseconds. With the production buffers the
  /// truncation is found while reading the header, the same for both scanners;
  /// `-complete` is the same content in a whole gzip stream, read to the end by both.
  @Test("issue-0015-wide-header") func wideHeader() throws {
    let truncated = Fixtures.path("regressions/issue-0015-wide-header.csv.gz")
    let complete = Fixtures.path("regressions/issue-0015-wide-header-complete.csv.gz")
    var fieldCounts: [[Int]] = []
    for scanner in [CSVFileReader.Scanner.fast, .libcsvOnly] {
      let error = ingestError { _ = try readAll(truncated, scanner: scanner) }
      #expect(error?.description.contains("corrupt or truncated gzip stream") == true, "\(scanner)")
      let reader = try CSVFileReader(path: complete, displayPath: "wide.csv.gz", encoding: .auto, scanner: scanner)
      let header = try #require(try reader.readHeader())
      #expect(header.count == 1_550)
      var counts: [Int] = []
      try reader.forEachRecord { record in
        #expect(record.headerFieldCount == 1_550)
        counts.append(record.fieldCount)
      }
      fieldCounts.append(counts)
    }
    #expect(fieldCounts[0].count == 10_224)  // 10,740 lines after the header, 516 of them blank
    #expect(fieldCounts[1] == fieldCounts[0])
  }
}
