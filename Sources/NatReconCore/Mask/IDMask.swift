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
    let (head, tail) = chars.count == 18 ? (6, 4) : (2, 2)
    guard chars.count > head + tail else {
      // Too short to keep both ends: keep at most the first character.
      return String(decoding: chars.prefix(min(1, chars.count)), as: UTF8.self)
        + String(repeating: "*", count: max(0, chars.count - 1))
    }
    var out = [UInt8]()
    out.reserveCapacity(chars.count)
    out.append(contentsOf: chars[0..<head])
    out.append(contentsOf: repeatElement(UInt8(ascii: "*"), count: chars.count - head - tail))
    out.append(contentsOf: chars[(chars.count - tail)...])
    return String(decoding: out, as: UTF8.self)
  }
}
