/// A streaming digest of bytes: what a file writer feeds every byte it writes, so the
/// manifest's digest of an output (SPEC §4) is taken while the bytes are in memory
/// instead of by reading the file back.
///
/// NatReconIO's `SHA256` is the one implementation; the protocol lives here so that
/// NatReconReports, which writes the machine files, needs no crypto library.
/// One digest belongs to one thread at a time.
public protocol ByteDigest: AnyObject {
  /// Adds `bytes` to the digest.
  func update(_ bytes: UnsafeRawBufferPointer)
  /// The digest of every byte added, as lowercase hex; no `update` after it.
  func finalizeHex() -> String
}
