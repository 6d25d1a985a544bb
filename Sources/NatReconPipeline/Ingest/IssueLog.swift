import NatReconCore

/// The run's data issues, in the order found (SPEC §6: nothing malformed vanishes).
///
/// Memory grows with the number of problems, not with the inputs. `sorted()` gives
/// data_issues.csv order: by file, then line; issues of one line keep the order they
/// were found in (a stable sort).
struct IssueLog: IssueSink {
  private(set) var issues: [DataIssue] = []
  private(set) var countsByCode: [DataIssueCode: Int] = [:]

  /// Records an issue; `value` is the trimmed raw value.
  @inline(never)
  mutating func add(
    _ code: DataIssueCode, file: String, line: Int, field: String,
    value: UnsafeBufferPointer<UInt8>, message: String, severity: Severity?
  ) {
    add(
      DataIssue(
        file: file, line: line, field: field, value: String(decoding: value, as: UTF8.self),
        code: code, severity: severity, message: message))
  }

  mutating func add(_ issue: DataIssue) {
    issues.append(issue)
    countsByCode[issue.code, default: 0] += 1
  }

  /// Replaces the message of issue `index` (name_mismatch messages name the roster's
  /// name, known only after the roster is read again).
  mutating func setMessage(_ index: Int, _ message: String) {
    issues[index].message = message
  }

  var count: Int { issues.count }

  /// How many issues of `code` each file has.
  func counts(of code: DataIssueCode) -> [String: Int] {
    var counts: [String: Int] = [:]
    for issue in issues where issue.code == code { counts[issue.file, default: 0] += 1 }
    return counts
  }

  /// Issues in data_issues.csv order.
  func sorted() -> [DataIssue] {
    let keyed = issues.enumerated().map { (offset: $0.offset, issue: $0.element, file: Array($0.element.file.utf8)) }
    return keyed.sorted { a, b in
      if a.file != b.file { return a.file.lexicographicallyPrecedes(b.file) }
      if a.issue.line != b.issue.line { return a.issue.line < b.issue.line }
      return a.offset < b.offset
    }.map(\.issue)
  }
}

/// Where record parsers put the issues they find.
protocol IssueSink {
  mutating func add(
    _ code: DataIssueCode, file: String, line: Int, field: String,
    value: UnsafeBufferPointer<UInt8>, message: String, severity: Severity?)
}

extension IssueSink {
  mutating func add(
    _ code: DataIssueCode, file: String, line: Int, field: String,
    value: UnsafeBufferPointer<UInt8>, message: String
  ) {
    add(code, file: file, line: line, field: field, value: value, message: message, severity: nil)
  }
}

extension IssueSink {
  /// Reports what is wrong with a normalised ID (SPEC §2.4, §8 "IDs"): `id_checksum` (a
  /// warning), or `missing_field`, `id_mangled`, `invalid_id` (errors) — the one rule for
  /// roster, test and exemption-list records.
  ///
  /// - Returns: Whether the ID leaves the record usable.
  @inline(__always)
  mutating func addIDIssues(
    _ parsed: ResidentIDParse, raw: UnsafeBufferPointer<UInt8>, file: String, line: Int
  ) -> Bool {
    switch parsed {
    case .mainland(_, true), .other: return true
    case .mainland(_, false):
      add(
        .idChecksum, file: file, line: line, field: "id_number", value: raw,
        message: "check digit or birth date invalid")
      return true
    case .empty:
      add(.missingField, file: file, line: line, field: "id_number", value: raw, message: "empty id_number")
    case .mangled:
      add(.idMangled, file: file, line: line, field: "id_number", value: raw, message: "unusable ID")
    case .invalid:
      add(.invalidID, file: file, line: line, field: "id_number", value: raw, message: "not an ID number")
    }
    return false
  }
}

/// A sink that drops issues: for passes that re-read a file already reported.
struct IgnoredIssues: IssueSink {
  @inline(__always)
  mutating func add(
    _ code: DataIssueCode, file: String, line: Int, field: String,
    value: UnsafeBufferPointer<UInt8>, message: String, severity: Severity?
  ) {}
}

/// A batch that carries its records' issues to the fold as a plain list.
protocol IssueListSink: IssueSink {
  var issues: [DataIssue] { get set }
}

extension IssueListSink {
  mutating func add(
    _ code: DataIssueCode, file: String, line: Int, field: String,
    value: UnsafeBufferPointer<UInt8>, message: String, severity: Severity?
  ) {
    issues.append(
      DataIssue(
        file: file, line: line, field: field, value: String(decoding: value, as: UTF8.self), code: code,
        severity: severity, message: message))
  }
}
