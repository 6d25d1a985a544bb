// libFuzzer entry point for the fast record scanner beside libcsv (NatReconIO, STYLE §11).
//
// Not part of `swift build` or `swift test`: `make fuzz` compiles this file with
// `swiftc -sanitize=fuzzer,address` (see the Makefile).
//
// Each input is written to a temporary file and read twice — with the fast scanner
// (quote-free lines split word at a time, the rest by libcsv) and with libcsv alone, the
// reference — and everything must agree: the header, every record's line, fields and
// problem, the resolved encoding and its evidence, and the error thrown, if any. Each
// input is read as `auto` and as `utf-8`; inputs whose length is odd also as `gb18030`.
// The target sets NATRECON_READER_SMALL_BUFFERS before the first read (4 KiB chunks, an
// 8 KiB sniff window), so inputs of a few KB put records across chunk boundaries: a
// line begun by the fast path and finished by libcsv, and the reverse.

import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

/// Everything one read yields, as plain values.
private struct ReadOutcome: Equatable {
  var header: [String]?
  var records: [[String]] = []
  var lines: [Int] = []
  var problems: [String] = []
  var encoding = ""
  var evidence: EncodingEvidence?
  var error: String?
}

private func read(_ encoding: TextEncoding, _ scanner: CSVFileReader.Scanner) -> ReadOutcome {
  var outcome = ReadOutcome()
  do {
    let reader = try CSVFileReader(path: scratchPath, displayPath: "fuzz.csv", encoding: encoding, scanner: scanner)
    outcome.header = try reader.readHeader()
    try reader.forEachRecord { record in
      outcome.lines.append(record.line)
      outcome.records.append((0..<record.fieldCount).map { record.string($0) })
      outcome.problems.append(record.problem.map { "\($0)" } ?? "")
    }
    outcome.encoding = "\(reader.resolvedEncoding)"
    outcome.evidence = reader.encodingEvidence
  } catch {
    outcome.error = "\(error)"
  }
  return outcome
}

private func compare(_ encoding: TextEncoding) {
  let fast = read(encoding, .fast)
  let reference = read(encoding, .libcsvOnly)
  if fast != reference {
    fatalError("the fast scanner differs from libcsv (\(encoding)):\n\(fast)\nvs libcsv\n\(reference)")
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
  if inflatesTooFar(bytes) { return 0 }  // see `maxInflatedBytes` in ReaderFuzzInput.swift
  writeScratch([bytes])
  compare(.auto)
  compare(.utf8)
  if size % 2 == 1 { compare(.gb18030) }
  return 0
}
