import NatReconCore

/// The 64-bit key of a resident's ID document, as `Roster.table` holds it: the one place
/// the key of a document is made.
///
/// - A mainland ID's key is `ResidentID`'s key (body × 11 + check value, below 2^63),
///   taken as it comes from the parser: the fast path needs nothing here.
/// - Any other document (passport, HK/Macau permit, …) is interned in the roster's
///   `otherDocuments` by its normalised text; its key is that text's ID with the top
///   bit set (`tag`), so it never equals a mainland key.
/// - `unresolved` (0) is no key: a record whose other document the roster does not hold
///   yet carries its text beside key 0 (`RosterBatch.Row`, `UnmatchedRecord`,
///   `SpilledRecord`) until the calling thread interns it.
enum DocumentKey {
  /// The top bit: set on every other-document key.
  static let tag: UInt64 = 1 << 63
  /// No key yet (the document's text travels with it).
  static let unresolved: UInt64 = 0

  /// The key of another document, interning its text (the calling thread only).
  @inline(__always)
  static func intern(_ text: UnsafeBufferPointer<UInt8>, in documents: inout ByteInterner) -> UInt64 {
    tag | UInt64(documents.intern(text))
  }

  /// The key of another document, interning its text; `key` itself when it is resolved.
  @inline(__always)
  static func resolve(_ key: UInt64, text: [UInt8], in documents: inout ByteInterner) -> UInt64 {
    key != unresolved ? key : text.withUnsafeBufferPointer { intern($0, in: &documents) }
  }

  /// The key of another document already interned, or nil (read-only: worker threads).
  @inline(__always)
  static func find(_ text: UnsafeBufferPointer<UInt8>, in documents: ByteInterner) -> UInt64? {
    documents.find(text).map { tag | UInt64($0) }
  }

  /// The key of another document already interned, or nil.
  @inline(__always)
  static func find(_ text: [UInt8], in documents: ByteInterner) -> UInt64? {
    text.withUnsafeBufferPointer { find($0, in: documents) }
  }

  /// The key of a parsed ID when the roster can hold it: a mainland key, an interned
  /// other document's key; nil for a document never interned and for empty, mangled
  /// and invalid IDs.
  @inline(__always)
  static func find(_ parsed: ResidentIDParse, in documents: ByteInterner) -> UInt64? {
    switch parsed {
    case .mainland(let key, _): key
    case .other(let text): find(text, in: documents)
    case .empty, .mangled, .invalid: nil
    }
  }

  /// Whether `key` is another document's.
  @inline(__always)
  static func isOther(_ key: UInt64) -> Bool { key & tag != 0 }

  /// The interned text ID of another document's key.
  @inline(__always)
  static func documentID(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key & ~tag) }
}
