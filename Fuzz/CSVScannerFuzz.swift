// libFuzzer entry point for the fast record scanner beside libcsv (NatReconIO, STYLE §11).
//
// Not part of `swift build` or `swift test`: `make fuzz` compiles this file with
// `swiftc -sanitize=fuzzer,address` (see the Makefile).
//
// Each input is written to a temporary file and read twice — with the fast scanner
// (quote-free lines split from their structural bytes' offsets, the rest by libcsv) and with libcsv alone, the
// reference — and everything must agree: the header, every record's line, fields and
// problem (fields compared as bytes, through a digest), the resolved encoding and its
// evidence, and the error thrown, if any. Each input is read as `auto` and as `utf-8`;
// inputs whose length is odd also as `gb18030`; gzip inputs that inflate to more than
// 64 KiB are skipped (`maxInflatedBytes` in ReaderFuzzInput.swift).
// The target sets NATRECON_READER_SMALL_BUFFERS before the first read (4 KiB chunks, an
// 8 KiB sniff window, 100-byte windows of the structural-byte search), so inputs of a
// few KB put records across chunk and window boundaries: a line begun by the fast path
// and finished by libcsv, and the reverse.
// First, the structural-byte search itself (`StructuralScan`): every vector level the
// CPU runs (SSE2, AVX2) must find the same offsets in the input as the scalar level.

import CZlib
import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

/// What one read yields: the header, every record's line, fields and problem, the
/// resolved encoding and its evidence, and the error thrown. With `isInFull` false the
/// records are kept only as their count and a digest (CRC-32 of each one's line, field
/// count, field lengths and bytes, and problem): zlib is not instrumented, and a `String`
/// per field and the reflection behind `"\(problem)"` were most of the target's time. A
/// difference is then read again in full to show it.
private struct ReadOutcome: Equatable {
  var header: [String]?
  var recordCount = 0
  var digest: UInt = 0
  var records: [[String]] = []
  var lines: [Int] = []
  var problems: [RecordProblem?] = []
  var encoding: TextEncoding?
  var evidence: EncodingEvidence?
  var error: String?

  mutating func digest(_ bytes: UnsafeRawBufferPointer) {
    digest = crc32(digest, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
  }

  mutating func digest(_ value: Int) {
    withUnsafeBytes(of: value) { digest($0) }
  }

  mutating func digest(_ problem: RecordProblem?) {
    switch problem {
    case nil: digest(0)
    case .extraFields(let fieldCount, let headerCount, let value):
      digest(1)
      digest(fieldCount)
      digest(headerCount)
      value.utf8CString.withUnsafeBytes { digest($0) }
    case .unterminatedQuote: digest(2)
    case .badEncoding: digest(3)
    case .tooLong(let limitBytes):
      digest(4)
      digest(limitBytes)
    }
  }
}

private func read(_ encoding: TextEncoding, _ scanner: CSVFileReader.Scanner, isInFull: Bool) -> ReadOutcome {
  var outcome = ReadOutcome()
  do {
    let reader = try CSVFileReader(path: scratchPath, displayPath: "fuzz.csv", encoding: encoding, scanner: scanner)
    outcome.header = try reader.readHeader()
    try reader.forEachRecord { record in
      outcome.recordCount += 1
      if isInFull {
        outcome.lines.append(record.line)
        outcome.records.append((0..<record.fieldCount).map { record.string($0) })
        outcome.problems.append(record.problem)
      } else {
        outcome.digest(record.line)
        outcome.digest(record.fieldCount)
        for column in 0..<record.fieldCount {
          let field = record.field(column)
          outcome.digest(field.count)
          outcome.digest(UnsafeRawBufferPointer(field))
        }
        outcome.digest(record.problem)
      }
    }
    outcome.encoding = reader.resolvedEncoding
    outcome.evidence = reader.encodingEvidence
  } catch {
    outcome.error = error.description
  }
  return outcome
}

private func compare(_ encoding: TextEncoding) {
  if read(encoding, .fast, isInFull: false) == read(encoding, .libcsvOnly, isInFull: false) { return }
  let fast = read(encoding, .fast, isInFull: true)
  let reference = read(encoding, .libcsvOnly, isInFull: true)
  let bytesOnly = fast == reference ? " in bytes only (the same strings)" : ""
  fatalError("the fast scanner differs from libcsv (\(encoding))\(bytesOnly):\n\(fast)\nvs libcsv\n\(reference)")
}

/// Every vector level of the structural-byte search against the scalar one.
private func compareScanLevels(_ bytes: UnsafeRawBufferPointer) {
  let levels = StructuralScan.levels
  let reference = StructuralScan.offsets(bytes, level: levels[0])
  for level in levels.dropFirst() {
    let offsets = StructuralScan.offsets(bytes, level: level)
    if offsets != reference {
      fatalError("structural scan level \(level) differs from the scalar one:\n\(offsets)\nvs\n\(reference)")
    }
  }
}

private nonisolated(unsafe) var isSetUp = false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  if !isSetUp {
    isSetUp = true
    setenv("NATRECON_READER_SMALL_BUFFERS", "1", 1)  // before the reader's first use
    atexit { _ = unlink(scratchPath) }
  }
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  compareScanLevels(bytes)
  if inflatesTooFar(bytes) { return 0 }  // see `maxInflatedBytes` in ReaderFuzzInput.swift
  writeScratch([bytes])
  compare(.auto)
  compare(.utf8)
  if size % 2 == 1 { compare(.gb18030) }
  return 0
}
