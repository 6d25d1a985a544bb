import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Buffer sizes of the streaming reader, in one place so their trade-offs are visible.
///
/// `NATRECON_READER_SMALL_BUFFERS=1` in the environment (read once per process) shrinks
/// the chunk to 4 KiB, a plain file's mapped windows to 16 KiB, the `auto` sniff window
/// to 8 KiB, gzip reads to 1 KiB and libcsv's first block to 4 KiB (grown by doubling,
/// `ReaderLimits.growFieldBuffer`), so that small inputs cross chunk, mapped-window and
/// sniff-window boundaries and nothing allocates large buffers
/// (smaller chunks cost more than they find: an open record is carried over, i.e.
/// copied, at every chunk end): for the reader fuzz targets (docs/fuzzing.md), never for
/// runs. The records read are the same whatever the sizes (the IO test suite passes with
/// the variable set, but for the three tests that size files by the chunk or give up a
/// record longer than `ReaderLimits.maxRecordBytes`, which is checked after each chunk
/// and so given up at a size-dependent point).
enum ReaderBuffers {
  /// Whether `NATRECON_READER_SMALL_BUFFERS` asks for the fuzzing sizes.
  static let isSmall = getenv("NATRECON_READER_SMALL_BUFFERS") != nil

  /// Bytes per read(2) call, per inflate output chunk and per `csv_parse` call: 256 KiB.
  ///
  /// Large enough that the per-chunk costs (a syscall, an inflate call, an iconv call,
  /// a record-batch flush) vanish next to the per-byte work — about 4,000 chunks per GB —
  /// and small enough that one chunk, its decoded copy and the record batch built from it
  /// stay in the L2/L3 cache while the engine reads the records, and peak memory stays a
  /// few MB whatever the file size. Measured with `natrecon-bench reader`: 64 KiB is a few
  /// percent slower, 1 MiB no faster.
  static let chunkBytes = isSmall ? 4 << 10 : 256 << 10

  /// Bytes per mapped window of a plain file (`FileWindows`): 4 MiB, a multiple of
  /// `chunkBytes`, so every piece but the last is a whole chunk; 16 KiB (four small
  /// chunks) with the fuzzing sizes, so small inputs cross windows too.
  static let windowBytes = isSmall ? 16 << 10 : FileWindows.defaultWindowBytes

  /// Compressed bytes per read(2) call for gzip input: 64 KiB, about 1/4 of the output it
  /// inflates to, so one read feeds roughly one output chunk.
  static let compressedChunkBytes = isSmall ? 1 << 10 : 64 << 10

  /// Bytes kept in front of each chunk so the GB18030 decoder can prepend the 1–3 bytes of
  /// a character split by the previous chunk without copying the chunk.
  static let headroomBytes = 16

  /// How much text `encoding: auto` looks at, from the first non-ASCII byte on: 1 MiB.
  static let sniffWindowBytes = isSmall ? 8 << 10 : 1 << 20
}
