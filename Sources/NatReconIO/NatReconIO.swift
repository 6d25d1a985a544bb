// NatReconIO owns reading inputs: byte sources (file, gzip via CZlib), decoding
// (BOM, GB18030 → UTF-8 via iconv), CSV records via CLibCSV with line numbers, and
// header → canonical field mapping. No C type appears in its public API.
