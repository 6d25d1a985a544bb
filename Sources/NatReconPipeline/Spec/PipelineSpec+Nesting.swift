extension PipelineSpec {
  /// The deepest nesting a pipeline file may have, as `nestingBound(_:)` measures it.
  ///
  /// A pipeline needs 4 levels (`inputs` → `tests` → `result_map` → value). Yams composes
  /// nodes recursively, one stack frame pair per level, so 40,000 nested `[` crashed the
  /// run with a stack overflow instead of exit status 2 (issue 6, found while fuzzing the
  /// loader). 100 levels stay far inside any thread's stack, debug builds included.
  static let maxNestingBound = 100

  /// An upper bound on how deeply the YAML text's nodes nest, found without parsing it.
  ///
  /// The bound is every `[` and `{` in the text (quoted or not: a flow collection opens
  /// with one, and not telling quotes from structure keeps the bound safe from quoting
  /// tricks), plus, for the line that allows most, the block nesting its position
  /// allows: two levels per column of indentation (a block collection's content is
  /// indented at least as far as it, and only a mapping and the sequence that is its value
  /// share a column), plus one per `-`, `?` or `:` followed by a blank or the line's end
  /// on that line (the compact forms `- - a: b` open levels on one line), plus one.
  /// A realistic pipeline scores 20–40; it never under-counts, so Yams never sees
  /// deeper nesting than `maxNestingBound`.
  ///
  /// - Parameters:
  ///   - yaml: The pipeline text.
  ///   - limit: The scan stops once the bound passes it.
  /// - Returns: The bound, or a value above `limit` as soon as it passes it.
  /// - Complexity: O(n) in the text's length.
  static func nestingBound(_ yaml: String, limit: Int = maxNestingBound) -> Int {
    var flowOpeners = 0
    var deepestLine = 0
    var indent = 0
    var isIndent = true
    var indicators = 0
    var previous: UInt8 = 0x0A
    func lineBound() -> Int { 2 * (indent + 1) + indicators + 1 }
    for byte in yaml.utf8 {
      switch byte {
      case 0x0A, 0x0D:
        if previous == 0x2D || previous == 0x3F || previous == 0x3A { indicators += 1 }
        deepestLine = max(deepestLine, lineBound())
        indent = 0
        isIndent = true
        indicators = 0
      case 0x20, 0x09:
        if isIndent { indent += 1 }
        if previous == 0x2D || previous == 0x3F || previous == 0x3A { indicators += 1 }
      case 0x5B, 0x7B:  // [ {
        isIndent = false
        flowOpeners += 1
      default:
        isIndent = false
      }
      previous = byte
      if flowOpeners + max(deepestLine, lineBound()) > limit { return limit + 1 }
    }
    if previous == 0x2D || previous == 0x3F || previous == 0x3A { indicators += 1 }
    return flowOpeners + max(deepestLine, lineBound())
  }
}
