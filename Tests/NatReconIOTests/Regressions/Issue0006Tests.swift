import NatReconTestSupport
import Testing

@testable import NatReconIO

/// Issue 6 (fuzzing and limits): inputs the CSV fuzz target found to crash, hang or blow
/// up memory, kept as fixtures in Tests/Fixtures/regressions/ under the same name as
/// their test.
@Suite struct Issue0006Tests {
  /// One quoted field of 1.3 MB (gzip, 1.4 KB). libcsv grew its field buffer by 128
  /// bytes at a time, about 10,000 reallocs; under ASan each copies, so the fuzz target
  /// ran past its 10 s timeout (a mutated acceptance roster with a stray quote). Now the
  /// buffer grows in `ReaderLimits.libcsvBlockBytes` steps, and the record, longer than
  /// `ReaderLimits.maxRecordBytes`, is given up at its line (libcsv's buffer is freed
  /// then; the fast scanner reads the plain last line without it, libcsv alone grows it
  /// by one block).
  @Test("issue-0006-field-growth") func fieldGrowth() throws {
    let path = Fixtures.path("regressions/issue-0006-field-growth.csv.gz")
    for encoding in [TextEncoding.auto, .gb18030] {
      for scanner in [CSVFileReader.Scanner.fast, .libcsvOnly] {
        let result = try readAll(path, encoding: encoding, scanner: scanner)
        #expect(result.header == ["id_number", "name"])
        #expect(result.records.map(\.line) == [2, 3])
        #expect(result.records.first?.problem == .tooLong(limitBytes: ReaderLimits.maxRecordBytes))
        #expect(result.records.last == ReadRecord(line: 3, ["110105194912310021", "x"]))
        #expect(result.reader.fieldBufferBytes <= ReaderLimits.libcsvBlockBytes)
        if scanner == .libcsvOnly {
          #expect(result.reader.fieldBufferBytes == ReaderLimits.libcsvBlockBytes)
        }
      }
    }
  }
}
