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
    // One integer key an issue: its file's rank in UTF-8 byte order (a run has few
    // files), its line, its position. At city scale there are hundreds of thousands of
    // issues, and comparing file names in every comparison took most of the sort. Names
    // are compared as bytes throughout: `String` equality would take "é" and "e\u{301}"
    // for one file.
    var files: [[UInt8]] = []
    var fileOf: [[UInt8]: Int] = [:]
    var keys: [(file: Int, line: Int, offset: Int)] = []
    keys.reserveCapacity(issues.count)
    var previous: (name: String, file: Int)?
    for (offset, issue) in issues.enumerated() {
      // Issues come in runs of one file: its number is looked up once a run.
      let file: Int
      if let previous, previous.name.utf8.elementsEqual(issue.file.utf8) {
        file = previous.file
      } else {
        let bytes = Array(issue.file.utf8)
        file = fileOf[bytes] ?? files.count
        if file == files.count {
          files.append(bytes)
          fileOf[bytes] = file
        }
        previous = (issue.file, file)
      }
      keys.append((file, issue.line, offset))
    }
    var rank = [Int](repeating: 0, count: files.count)
    for (r, file) in files.indices.sorted(by: { files[$0].lexicographicallyPrecedes(files[$1]) }).enumerated() {
      rank[file] = r
    }
    // Each key's file number becomes its rank once, not twice a comparison.
    for i in keys.indices { keys[i].file = rank[keys[i].file] }
    keys.sort { ($0.file, $0.line, $0.offset) < ($1.file, $1.line, $1.offset) }
    return keys.map { issues[$0.offset] }
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
