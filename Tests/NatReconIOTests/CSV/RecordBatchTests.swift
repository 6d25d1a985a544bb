import Testing

@testable import NatReconIO

/// The record batch's field copy and line-end bookkeeping, white-box.
@Suite struct RecordBatchTests {
  @Test func copyWritesExactlyTheField() {
    let source = (0..<80).map { UInt8($0 + 1) }
    for count in 1...64 {
      var destination = [UInt8](repeating: 0, count: 80)
      source.withUnsafeBytes { from in
        destination.withUnsafeMutableBufferPointer { to in
          RecordBatch.copy(from.baseAddress.unsafelyUnwrapped, to: to.baseAddress.unsafelyUnwrapped + 3, count: count)
        }
      }
      #expect(Array(destination[3..<(3 + count)]) == Array(source[0..<count]), "count \(count)")
      #expect(
        destination[0..<3].allSatisfy { $0 == 0 } && destination[(3 + count)...].allSatisfy { $0 == 0 },
        "count \(count)")
    }
  }

  @Test func lineEndsFromRecordCallbacks() {
    var batch = RecordBatch()
    defer { batch.free() }
    // "a\r\n\r\nb\rc\n" as libcsv reports it with CSV_REPALL_NL.
    let a: [UInt8] = [0x61]
    a.withUnsafeBytes { batch.appendField($0.baseAddress, 1) }
    batch.endRecord(0x0D)
    batch.endRecord(0x0A)  // The LF of CRLF.
    batch.endRecord(0x0D)  // A blank line's CRLF…
    batch.endRecord(0x0A)
    a.withUnsafeBytes { batch.appendField($0.baseAddress, 1) }
    batch.endRecord(0x0D)
    a.withUnsafeBytes { batch.appendField($0.baseAddress, 1) }
    batch.endRecord(0x0A)
    #expect(batch.recordCount == 3)
    #expect((0..<3).map { batch.marks[$0].unquotedLineEndsBefore } == [0, 2, 3])
    #expect(batch.unquotedLineEnds == 4)
  }

  @Test func compactKeepsTheOpenRecord() {
    var batch = RecordBatch()
    defer { batch.free() }
    let bytes = Array("abcdef".utf8)
    bytes.withUnsafeBytes { batch.appendField($0.baseAddress, 2) }
    batch.endRecord(0x0A)
    bytes.withUnsafeBytes { batch.appendField($0.baseAddress.unsafelyUnwrapped + 2, 3) }
    bytes.withUnsafeBytes { batch.appendField($0.baseAddress.unsafelyUnwrapped + 5, 1) }
    batch.compact()
    #expect(batch.recordCount == 0)
    #expect(batch.fieldCount == 2)
    #expect(batch.byteCount == 4)
    #expect((0...2).map { batch.bounds[$0] } == [0, 3, 4])
    #expect(Array(UnsafeBufferPointer(start: batch.bytes, count: 4)) == Array("cdef".utf8))
    batch.endRecord(-1)
    #expect(batch.marks[0].firstField == 0 && batch.marks[0].fieldCount == 2)
  }
}
