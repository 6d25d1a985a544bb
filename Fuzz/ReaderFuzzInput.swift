// What the reader fuzz targets (`csv-reader`, `csv-scanner`) share: the scratch file an
// input is written to, and the bound on how much a gzip input may inflate to.
//
// Linked into both targets beside their entry point (the Makefile's FUZZ_SOURCE_*).

import CZlib
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// One scratch file per process (libFuzzer's -fork and -jobs workers are processes),
/// rewritten for every input and removed at exit. In /dev/shm when there is one: on a
/// disk-backed /tmp, ext4 flushes a file truncated and rewritten on close, which made
/// the reader target ten times slower.
let scratchPath =
  (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/natrecon-fuzz-\(getpid()).csv"

/// Replaces the scratch file's content with `parts`, one after the other.
func writeScratch(_ parts: [UnsafeRawBufferPointer]) {
  let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
  guard fd >= 0 else { fatalError("cannot open \(scratchPath)") }
  for part in parts where !FileDescriptor.writeAll(fd, part) {
    fatalError("cannot write \(scratchPath): \(FileDescriptor.errorText())")
  }
  close(fd)
}

/// The most content a gzip input may inflate to and still be read: 64 KiB, four times
/// `-max_len`.
///
/// Mutated gzip seeds inflate to up to a few MB (a 16 KB input, 2.5 MB of content; on
/// average 350 KB for the gzip inputs of a grown corpus), and the reader's per-byte work
/// under coverage instrumentation and ASan made them most of the target's time: about
/// 200 executions per second. 64 KiB still spans 16 chunks and the whole 8 KiB sniff
/// window of `NATRECON_READER_SMALL_BUFFERS`; what it leaves out, a record given up at
/// `ReaderLimits.maxRecordBytes` (1 MiB), is covered by `CSVLimitsTests` and the issue 6
/// regression tests.
let maxInflatedBytes = 64 << 10

/// Whether `bytes` start like a gzip stream whose content (all members) is longer than
/// `maxInflatedBytes`. Inflates at most that much (zlib is not instrumented, so this costs
/// microseconds); a corrupt stream counts as short, so the reader sees its error.
func inflatesTooFar(_ bytes: UnsafeRawBufferPointer) -> Bool {
  guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B, let base = bytes.baseAddress else { return false }
  var stream = z_stream()
  guard natrecon_inflateInit2(&stream, 15 + 16) == Z_OK else { return false }
  defer { inflateEnd(&stream) }
  let outputBytes = 16 << 10
  let output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputBytes)
  defer { output.deallocate() }
  stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
  stream.avail_in = uInt(bytes.count)
  var total = 0
  while total <= maxInflatedBytes {
    stream.next_out = output
    stream.avail_out = uInt(outputBytes)
    let status = inflate(&stream, Z_NO_FLUSH)
    total += outputBytes - Int(stream.avail_out)
    if status == Z_STREAM_END {
      // Concatenated members are read on, as ByteSource reads them.
      guard stream.avail_in > 0 else { break }
      inflateReset(&stream)
    } else if status != Z_OK {
      break
    }
  }
  return total > maxInflatedBytes
}
