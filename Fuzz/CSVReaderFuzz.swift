// libFuzzer entry point for the CSV reader and header mapping (NatReconIO).
//
// Not part of `swift build` or `swift test`: `make fuzz` compiles this file with
// `swiftc -sanitize=fuzzer,address` against the library objects of a sanitized build in
// `.build-fuzz/` (see the Makefile).
//
// Each input is written to a temporary file and read the way a run reads an input:
// open, `readHeader()`, `HeaderMapping.resolve` for both input kinds, then every record,
// touching every field and its problem. The same bytes are read three ways:
// 1. as given with `encoding: auto` (seed .gz files and mutations of them exercise the
//    gzip and corrupt-gzip paths);
// 2. as given with `encoding: gb18030`;
// 3. wrapped in a gzip stream (stored deflate blocks) with `encoding: utf-8`.
// The target sets NATRECON_READER_SMALL_BUFFERS before the first read: 4 KiB chunks, an
// 8 KiB sniff window, 1 KiB gzip reads and small libcsv blocks, so inputs of a few KB
// split characters and records across chunks and settle `auto` after its window, and no
// read allocates the production buffers (about 2 MB per read, three reads per input,
// plus a 256 KiB padding copy for one input in eight, made the target 170–1,400 exec/s).
// A gzip input that inflates to more than 64 KiB is only read the third way (see
// `maxInflatedBytes` in ReaderFuzzInput.swift). A thrown `IngestError` is an expected
// outcome; a trap, an ASan report, a hang or a memory blow-up is a finding.

import CZlib
import NatReconCore
import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

/// The bytes wrapped as one gzip member of stored (uncompressed) deflate blocks.
private func gzipStored(_ data: UnsafeRawBufferPointer) -> [UInt8] {
  var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
  var offset = 0
  repeat {
    let length = min(65_535, data.count - offset)
    let isLast = offset + length == data.count
    out.append(isLast ? 1 : 0)
    out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
    if length > 0 { out += data[offset..<(offset + length)] }
    offset += length
  } while offset < data.count
  let crc =
    data.count == 0
    ? 0
    : UInt32(crc32(0, data.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(data.count)))
  let size = UInt32(truncatingIfNeeded: data.count)
  for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
  for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: size >> UInt32(shift))) }
  return out
}

/// Reads the scratch file as a run would; returns a checksum so nothing is optimised out.
///
/// - Parameter mapsHeader: Whether to resolve the header for both kinds too. Header
///   mapping is most of the time spent per input (string folding, under coverage
///   instrumentation), so only the first of the three reads does it.
private func readScratch(encoding: TextEncoding, mapsHeader: Bool) -> Int {
  var sum = 0
  do {
    let reader = try CSVFileReader(path: scratchPath, displayPath: "fuzz.csv", encoding: encoding)
    guard let header = try reader.readHeader() else { return 0 }
    sum &+= reader.headerFieldCount &+ header.count
    for kind in mapsHeader ? InputKind.allCases : [] {
      do {
        let mapping = try HeaderMapping.resolve(headers: header, kind: kind, explicitNames: [:], path: "fuzz.csv")
        sum &+= mapping.mapped.count &+ mapping.unmappedHeaders.count
      } catch {
        sum &+= error.description.utf8.count
      }
      // Explicit names for the first header (and one that is missing), as a pipeline's
      // `columns:` would give them.
      if let first = header.first {
        let mapping = HeaderMapping(
          headers: header, kind: kind, explicitNames: [.room: ["门牌", first], .result: [first], .reason: [first]])
        sum &+= mapping.ignoredDuplicates.count &+ mapping.unmatchedExplicitNames.count
        sum &+= mapping.missingColumnError(path: "fuzz.csv")?.description.utf8.count ?? 0
      }
    }
    if mapsHeader { _ = HeaderMapping.guessKind(headers: header) }
    var previousLine = 1
    try reader.forEachRecord { record in
      // Every record but the last ends with a line end, so lines strictly increase.
      precondition(record.line > previousLine, "record line \(record.line) after \(previousLine)")
      previousLine = record.line
      // The record's own fields and a few beyond them (a short record's missing fields
      // are empty). Not every header column: a 1,550-column header over 10,000 short
      // records made this loop, not the reader, run past the 10 s timeout (docs/fuzzing.md).
      let columns = min(max(record.fieldCount, record.headerFieldCount), record.fieldCount + 8) + 1
      for column in 0..<columns {
        let field = record.field(column)
        for byte in field { sum &+= Int(byte) }
        sum &+= ByteText.trimmed(field).count
      }
      switch record.problem {
      case .none: break
      case .extraFields(let fieldCount, let headerCount, let value):
        precondition(fieldCount > headerCount, "extra fields: \(fieldCount) ≤ \(headerCount)")
        sum &+= value.utf8.count
      case .some(let problem):
        sum &+= "\(problem)".utf8.count
      }
      sum &+= record.string(0).utf8.count
    }
    sum &+= reader.resolvedEncoding == .gb18030 ? 1 : 0
  } catch {
    sum &+= error.description.utf8.count
  }
  return sum
}

private nonisolated(unsafe) var sink = 0

private nonisolated(unsafe) var isCleanupRegistered = false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  if !isCleanupRegistered {
    isCleanupRegistered = true
    setenv("NATRECON_READER_SMALL_BUFFERS", "1", 1)  // before the reader's first use
    atexit { _ = unlink(scratchPath) }
  }
  let bytes = UnsafeRawBufferPointer(start: data, count: size)

  writeScratch([bytes])
  if !inflatesTooFar(bytes) {
    sink &+= readScratch(encoding: .auto, mapsHeader: true)
    sink &+= readScratch(encoding: .gb18030, mapsHeader: false)
  }

  gzipStored(bytes).withUnsafeBytes { writeScratch([$0]) }
  sink &+= readScratch(encoding: .utf8, mapsHeader: false)
  return 0
}
