// NatReconIO owns reading inputs: byte sources (file, gzip via CZlib), decoding
// (BOM, GB18030 → UTF-8 via iconv), CSV records via CLibCSV with line numbers, and
// header → canonical field mapping. No C type appears in its public API.
//
// It imports NatReconCore, CLibCSV, CZlib and Glibc (open/read, iconv) — never
// Foundation: everything here runs per chunk or per record.
//
// Layout, in the order bytes flow:
//   Source/ReaderBuffers.swift     buffer sizes and why
//   Source/ByteSource.swift        read(2) or zlib inflate (gzip by magic bytes, members)
//   Decode/GB18030Decoder.swift    iconv, characters split across chunks, 0xFF for bad bytes
//   Decode/UTF8Scan.swift          UTF-8 validation, ASCII fast path, `auto` tally
//   CSV/RecordBatch.swift          libcsv callbacks, record batch, unquoted line ends
//   CSV/CSVRecord.swift            the per-record view and RecordProblem
//   CSV/CSVFileReader.swift        the pipeline: BOM, binary check, `auto`, parse, deliver
//   Schema/                        canonical fields, SPEC §2 alias tables, HeaderMapping
//   Ingest/IngestError.swift       what stops a run while reading
