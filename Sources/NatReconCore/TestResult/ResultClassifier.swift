/// Classifies a test export's result text into a `TestResult` (SPEC §2.4 Results, §8).
///
/// Order of rules, first match wins:
///
/// 1. The value is trimmed (space, tab, CR, LF, U+3000); empty → `.pending`
///    (SPEC §8 "An empty result is pending").
/// 2. The pipeline's `result_map` (keys trimmed, Latin letters case-insensitive).
/// 3. The built-in words, Latin letters case-insensitive:
///    `阴性`, `negative`, `neg`, `N`, `-` → negative;
///    `阳性`, `混管阳性`, `混管可疑阳性`, `positive`, `pos`, `P`, `+` → positive;
///    `待出`, `报告未出`, `待检测`, `检测中`, `待复核`, `pending` → pending;
///    `无效`, `样本不合格`, `invalid` → invalid.
/// 4. Text containing `阳性` → positive; else text containing `阴性` → negative
///    (`ORF1a/b阴性，N基因阴性`).
/// 5. Anything else → nil (data issue `unknown_result`). Numbers in particular are
///    mapped only through the map, since sources disagree on their meaning.
///
/// Full-width letters are not folded: only what the spec lists is recognised.
///
/// Memory: the map's normalised keys back to back in one byte array plus one 12-byte
/// entry per key. A lookup compares lengths first, then bytes, so a pipeline's handful
/// of keys costs a few comparisons per row.
public struct ResultClassifier: Sendable {
  /// One normalised `result_map` key: its bytes in `mapKeyBytes` and its class.
  @usableFromInline
  struct MapEntry: Sendable {
    @usableFromInline let start: Int32
    @usableFromInline let count: Int32
    @usableFromInline let result: TestResult

    @inlinable
    init(start: Int32, count: Int32, result: TestResult) {
      self.start = start
      self.count = count
      self.result = result
    }
  }

  /// The normalised (trimmed, ASCII-lower-cased) map keys, back to back.
  @usableFromInline let mapKeyBytes: [UInt8]
  /// One entry per distinct normalised key, in the keys' sorted order.
  @usableFromInline let mapEntries: [MapEntry]

  /// Map keys that normalise to the same text as an earlier key but name another class.
  ///
  /// For example `"n": negative` next to `"N": positive` ("N" sorts first).
  ///
  /// The earlier key wins, so classification is deterministic; a pipeline check can
  /// reject such a map instead.
  public let ambiguousKeys: [String]

  /// Creates a classifier for one pipeline's `result_map`.
  ///
  /// Keys are trimmed and their Latin letters compared case-insensitively (SPEC §8). A
  /// key that is empty after trimming is ignored, since an empty value is always pending.
  /// When two keys normalise alike, the first in sorted order wins (see `ambiguousKeys`).
  ///
  /// - Parameter map: The pipeline's `result_map`; empty for none.
  /// - Complexity: O(k log k + total key bytes) for k keys.
  public init(map: [String: TestResult] = [:]) {
    var bytes = [UInt8]()
    var entries = [MapEntry]()
    var ambiguous = [String]()
    for key in map.keys.sorted() {
      guard let result = map[key] else { continue }
      var normalised = [UInt8]()
      var key = key
      key.withUTF8 { raw in
        for c in ByteText.trimmed(raw) { normalised.append(Self.lowercased(c)) }
      }
      if normalised.isEmpty { continue }
      let earlier = entries.first { entry in
        Int(entry.count) == normalised.count
          && bytes[Int(entry.start)..<Int(entry.start + entry.count)].elementsEqual(normalised)
      }
      if let earlier {
        if earlier.result != result { ambiguous.append(key) }
        continue
      }
      entries.append(
        MapEntry(start: Int32(bytes.count), count: Int32(normalised.count), result: result))
      bytes.append(contentsOf: normalised)
    }
    mapKeyBytes = bytes
    mapEntries = entries
    ambiguousKeys = ambiguous
  }

  // MARK: - Classify

  /// Classifies one result value (SPEC §2.4 Results, SPEC §8).
  ///
  /// - Parameter raw: The field's UTF-8 bytes, trimmed or not.
  /// - Returns: The class, or nil for an unknown result (`unknown_result`).
  /// - Complexity: O(n + m) for a value of n bytes and a map of m key bytes; no
  ///   allocation.
  @inlinable
  public func classify(_ raw: UnsafeBufferPointer<UInt8>) -> TestResult? {
    let t = ByteText.trimmed(raw)
    if t.isEmpty { return .pending }
    if !mapEntries.isEmpty, let mapped = lookUpMap(t) { return mapped }
    if let word = Self.builtInWord(t) { return word }
    if Self.contains(t, 0xE9, 0x98, 0xB3) { return .positive }  // 阳性 = E9 98 B3 E6 80 A7
    if Self.contains(t, 0xE9, 0x98, 0xB4) { return .negative }  // 阴性 = E9 98 B4 E6 80 A7
    return nil
  }

  /// Classifies a result given as a `String` (for tests and the CLI); see `classify(_:)`.
  ///
  /// - Complexity: O(n + m).
  public func classify(_ raw: String) -> TestResult? {
    var raw = raw
    return raw.withUTF8 { classify($0) }
  }

  // MARK: - Rules

  /// The class the pipeline's map gives a trimmed value, if any.
  ///
  /// - Complexity: O(m) in the map's key bytes.
  @inlinable
  func lookUpMap(_ t: UnsafeBufferPointer<UInt8>) -> TestResult? {
    mapKeyBytes.withUnsafeBufferPointer { keys in
      for entry in mapEntries where Int(entry.count) == t.count {
        let start = Int(entry.start)
        var i = 0
        while i < t.count, Self.lowercased(t[i]) == keys[start + i] { i += 1 }
        if i == t.count { return entry.result }
      }
      return nil
    }
  }

  /// The class of a built-in word, if the trimmed value is one (Latin case-insensitive).
  ///
  /// Dispatches on the byte length so that each value is compared with at most four
  /// words.
  ///
  /// - Complexity: O(n).
  @inlinable
  static func builtInWord(_ t: UnsafeBufferPointer<UInt8>) -> TestResult? {
    switch t.count {
    case 1:
      switch lowercased(t[0]) {
      case UInt8(ascii: "n"), UInt8(ascii: "-"): return .negative
      case UInt8(ascii: "p"), UInt8(ascii: "+"): return .positive
      default: return nil
      }
    case 3:
      if equals(t, "neg") { return .negative }
      if equals(t, "pos") { return .positive }
    case 6:
      if equals(t, "阴性") { return .negative }
      if equals(t, "阳性") { return .positive }
      if equals(t, "待出") { return .pending }
      if equals(t, "无效") { return .invalid }
    case 7:
      if equals(t, "pending") { return .pending }
      if equals(t, "invalid") { return .invalid }
    case 8:
      if equals(t, "negative") { return .negative }
      if equals(t, "positive") { return .positive }
    case 9:
      if equals(t, "待检测") || equals(t, "检测中") || equals(t, "待复核") { return .pending }
    case 12:
      if equals(t, "混管阳性") { return .positive }
      if equals(t, "报告未出") { return .pending }
    case 15:
      if equals(t, "样本不合格") { return .invalid }
    case 18:
      if equals(t, "混管可疑阳性") { return .positive }
    default:
      break
    }
    return nil
  }

  /// Whether `t`, ASCII-lower-cased, equals `word` (given in lower case).
  ///
  /// - Complexity: O(n).
  @inlinable
  static func equals(_ t: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard t.count == word.utf8CodeUnitCount else { return false }
    let w = word.utf8Start
    for i in 0..<t.count where lowercased(t[i]) != w[i] { return false }
    return true
  }

  /// Whether `t` contains 阳性 or 阴性: the given three-byte character followed by 性
  /// (`E6 80 A7`).
  ///
  /// - Complexity: O(n).
  @inlinable
  static func contains(_ t: UnsafeBufferPointer<UInt8>, _ a: UInt8, _ b: UInt8, _ c: UInt8)
    -> Bool
  {
    guard t.count >= 6 else { return false }
    for i in 0...(t.count - 6)
    where t[i] == a && t[i + 1] == b && t[i + 2] == c && t[i + 3] == 0xE6 && t[i + 4] == 0x80
      && t[i + 5] == 0xA7
    {
      return true
    }
    return false
  }

  /// `c` with ASCII upper-case letters lowered; other bytes (UTF-8 included) unchanged.
  ///
  /// - Complexity: O(1).
  @inlinable
  static func lowercased(_ c: UInt8) -> UInt8 {
    c &- 0x41 < 26 ? c | 0x20 : c
  }
}
