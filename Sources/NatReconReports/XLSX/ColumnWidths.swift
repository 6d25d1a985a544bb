/// Column widths in Excel's unit (the width of one `0` in the default 11-point font)
/// that fit the widest value of each column.
///
/// Excel has no "fit" in the file format, so widths are estimated from the text: a CJK
/// or full-width character is about two units wide, anything else one. Widths are capped
/// so one long value (a tag list, a compound name) cannot push the rest off screen; the
/// cell then shows what fits and the full text in the formula bar.
struct ColumnWidths {
  private(set) var widths: [Double]

  /// The narrowest column, so short numbers keep room for the header's filter button.
  static let minimum = 6.0
  /// The widest column the estimate will produce.
  static let maximum = 48.0
  /// Room for the autofilter drop-down button on a header cell.
  static let filterButton = 2.5
  /// Room for the cell margins either side of a value.
  static let padding = 1.5

  /// Starts with the widths the header cells need (bold, with a filter button).
  init(headers: [String]) {
    widths = headers.map {
      min(Self.maximum, max(Self.minimum, Self.displayWidth($0) * 1.1 + Self.filterButton))
    }
  }

  /// Widens `column` to fit `text`.
  mutating func fit(_ column: Int, _ text: String) {
    let width = min(Self.maximum, Self.displayWidth(text) + Self.padding)
    if width > widths[column] { widths[column] = width }
  }

  /// Widens `column` to at least `width` units (for numbers and times of known shape).
  mutating func atLeast(_ column: Int, _ width: Double) {
    if width > widths[column] { widths[column] = width }
  }

  /// The estimated width of `text` in character units: 2 for East Asian wide and
  /// full-width characters (Unicode East_Asian_Width W/F blocks), 1 for the rest.
  static func displayWidth(_ text: String) -> Double {
    var units = 0
    for scalar in text.unicodeScalars { units += isWide(scalar) ? 2 : 1 }
    return Double(units)
  }

  private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F,  // Hangul Jamo initials
      0x2E80...0x303E,  // CJK radicals, punctuation (、。「」)
      0x3041...0x33FF,  // kana, CJK symbols and compatibility
      0x3400...0x4DBF,  // CJK extension A
      0x4E00...0x9FFF,  // CJK unified ideographs
      0xA000...0xA4CF,  // Yi
      0xAC00...0xD7A3,  // Hangul syllables
      0xF900...0xFAFF,  // CJK compatibility ideographs
      0xFE30...0xFE4F,  // CJK compatibility forms
      0xFF00...0xFF60,  // full-width ASCII forms
      0xFFE0...0xFFE6,  // full-width signs
      0x20000...0x3FFFD:  // CJK extensions B and later
      return true
    default:
      return false
    }
  }
}
