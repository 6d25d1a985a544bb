/// The class of a test result after normalisation (SPEC §2.4).
///
/// Raw values follow the tie-break order of SPEC §3 for records with equal sample times:
/// positive > invalid > negative > pending, so the larger raw value wins a tie.
public enum TestResult: UInt8, Sendable, Comparable, CaseIterable {
  case pending = 0
  case negative = 1
  case invalid = 2
  case positive = 3

  /// The word written in machine files (SPEC §8: `negative`, `positive`, `pending`, `invalid`).
  public var word: String {
    switch self {
    case .pending: "pending"
    case .negative: "negative"
    case .invalid: "invalid"
    case .positive: "positive"
    }
  }

  /// Parses a class name as written in a pipeline's `result_map` values.
  public init?(word: String) {
    switch word {
    case "pending": self = .pending
    case "negative": self = .negative
    case "invalid": self = .invalid
    case "positive": self = .positive
    default: return nil
    }
  }

  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
