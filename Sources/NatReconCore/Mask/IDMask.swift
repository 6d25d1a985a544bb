/// Masks ID numbers for committee-facing files (SPEC §4).
///
/// An 18-character ID keeps its first 6 and last 4 characters
/// (`310101********123X`); any other keeps its first 2 and last 2. IDs are
/// personal data: stderr, logs, gaps.csv, expiring.csv and the workbooks use this mask.
public enum IDMask {
  /// Returns the masked form of a normalised ID.
  ///
  /// - Complexity: O(n) in the ID's length.
  public static func mask(_ id: String) -> String {
    let chars = Array(id.utf8)
    guard !chars.isEmpty else { return "" }
    return String(unsafeUninitializedCapacity: chars.count) { out in
      chars.withUnsafeBufferPointer { src in
        guard let base = out.baseAddress else { return 0 }
        return write(src, to: base)
      }
    }
  }

  /// Writes the masked form of the normalised ID `id` (UTF-8 bytes) at `out` and returns
  /// its length, which is `id.count`: the bytes of `mask(_:)`, without a `String` (the
  /// report pass writes gaps.csv and expiring.csv rows straight into their buffer).
  ///
  /// - Precondition: `out` has room for `id.count` bytes.
  /// - Complexity: O(n) in the ID's length.
  public static func write(_ id: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let count = id.count
    let (head, tail) = count == 18 ? (6, 4) : (2, 2)
    // Too short to keep both ends: keep at most the first character.
    let (kept, keptTail) = count > head + tail ? (head, tail) : (min(1, count), 0)
    for k in 0..<count {
      out[k] = k < kept || k >= count - keptTail ? id[k] : UInt8(ascii: "*")
    }
    return count
  }
}
