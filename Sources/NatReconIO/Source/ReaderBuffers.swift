/// Buffer sizes of the streaming reader, in one place so their trade-offs are visible.
enum ReaderBuffers {
  /// Bytes per read(2) call, per inflate output chunk and per `csv_parse` call: 256 KiB.
  ///
  /// Large enough that the per-chunk costs (a syscall, an inflate call, an iconv call,
  /// a record-batch flush) vanish next to the per-byte work — about 4,000 chunks per GB —
  /// and small enough that one chunk, its decoded copy and the record batch built from it
  /// stay in the L2/L3 cache while the engine reads the records, and peak memory stays a
  /// few MB whatever the file size. Measured with `natrecon-bench reader`: 64 KiB is a few
  /// percent slower, 1 MiB no faster.
  static let chunkBytes = 256 << 10

  /// Compressed bytes per read(2) call for gzip input: 64 KiB, about 1/4 of the output it
  /// inflates to, so one read feeds roughly one output chunk.
  static let compressedChunkBytes = 64 << 10

  /// Bytes kept in front of each chunk so the GB18030 decoder can prepend the 1–3 bytes of
  /// a character split by the previous chunk without copying the chunk.
  static let headroomBytes = 16

  /// How much text `encoding: auto` looks at, from the first non-ASCII byte on: 1 MiB.
  static let sniffWindowBytes = 1 << 20
}
