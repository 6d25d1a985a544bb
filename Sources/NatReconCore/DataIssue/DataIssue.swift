/// One problem found in one input record, reported as a row of `data_issues.csv`.
///
/// Row problems are data, not exceptions (SPEC §6): the reader and the engine append
/// a `DataIssue` to the run's issue list and go on.
public struct DataIssue: Sendable, Equatable {
  /// The input path as the pipeline names it after glob expansion.
  public var file: String
  /// The 1-based physical line where the record starts (the header is line 1).
  public var line: Int
  /// The canonical field the issue is about, or empty for the whole record.
  public var field: String
  /// The raw value that caused the issue (for `csv_syntax`, the first extra value).
  public var value: String
  public var code: DataIssueCode
  public var message: String

  /// The severity fixed by the code (SPEC §2.4, §3, §8), except `bad_time`, which is a
  /// warning on `report_time` and an error elsewhere.
  public var severity: Severity

  public init(
    file: String, line: Int, field: String, value: String, code: DataIssueCode,
    severity: Severity? = nil, message: String
  ) {
    self.file = file
    self.line = line
    self.field = field
    self.value = value
    self.code = code
    self.severity = severity ?? code.defaultSeverity
    self.message = message
  }
}

/// The data-issue codes of SPEC §2.4, §3, §6 and §8, spelled as in `data_issues.csv`.
public enum DataIssueCode: String, Sendable, CaseIterable, Comparable {
  case csvSyntax = "csv_syntax"
  case missingField = "missing_field"
  case badEncoding = "bad_encoding"
  case idChecksum = "id_checksum"
  case idMangled = "id_mangled"
  case invalidID = "invalid_id"
  case badTime = "bad_time"
  case unknownResult = "unknown_result"
  case sampleAfterAsOf = "sample_after_as_of"
  case reportBeforeSample = "report_before_sample"
  case duplicateResident = "duplicate_resident"
  case nameMismatch = "name_mismatch"
  case exemptionUnmatched = "exemption_unmatched"

  /// The severity SPEC §2.4/§3/§6/§8 gives the code.
  public var defaultSeverity: Severity {
    switch self {
    case .idChecksum, .sampleAfterAsOf, .reportBeforeSample, .nameMismatch, .exemptionUnmatched: .warning
    default: .error
    }
  }

  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Whether an issue rejects its record (`error`) or only reports it (`warning`).
public enum Severity: String, Sendable {
  case error
  case warning
}
