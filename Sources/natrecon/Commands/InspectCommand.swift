import ArgumentParser
import NatReconCore
import NatReconIO
import NatReconPipeline
import NatReconPlatform

/// `natrecon inspect FILE`: what the reader makes of one input file.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show how natrecon reads one input file: encoding, header mapping, rows, problems.",
    discussion: """
      Reads FILE (CSV, plain or gzip, UTF-8 or GB18030) exactly as `run` does and prints \
      to stdout: its path, size, compression, encoding (declared or detected, and whether \
      it had a BOM), its kind (given, or guessed: tests when a sample_time header such as \
      采样时间 is present, exemptions when a reason header such as 免检原因 is, else roster), each header and the canonical field it maps to \
      (headers are trimmed of spaces, U+3000 and a BOM and compared with the aliases, Latin \
      letters case-insensitively; when two headers match one field the first column wins \
      and the later ones are shown as ignored), the headers not mapped, the required fields \
      with no column, the number of data records (blank lines are not records), the first \
      five records as field=value for the mapped fields (ID numbers masked), and each \
      reading problem with the line where its record starts: csv_syntax (extra non-empty \
      fields, a quote still open at the end of the file, a record longer than 1 MiB) and \
      bad_encoding.

      With --pipeline P, the file is read as that pipeline's input of its kind: its \
      encoding, its `columns` (resolved exactly as `run` resolves them) and, for tests, \
      its result_map; and every record is normalised as a run would (a dry run, nothing \
      written): counts of IDs valid, with a bad checksum, 15-digit, mangled by Excel \
      (shown as they are, e.g. 3.10104E+17), invalid or empty; times per accepted form \
      and unparsable; results per class and unknown; each problem with its first line. \
      The as-of time for birth-date checks is the pipeline's as_of (or now).

      A missing required column is shown, not an error (inspect is for diagnosing such \
      files); `run` stops on it. Exit status 1 (one line on stderr) when the file is \
      missing, empty (0 bytes), not text, a corrupt or truncated gzip stream, or its \
      header has more than 16,384 columns.

      Memory is constant in the file size: the file is streamed once.

      Example:
        natrecon inspect SampleData/tests/2022-04-01.csv.gz --encoding auto
      """)

  @Argument(help: "The CSV file to read (.gz or not: gzip is detected from the bytes).")
  var file: String

  @Option(
    help: "The input kind whose header aliases apply: roster, tests or exemptions (default: guessed).",
    transform: InspectCommand.parseKind)
  var kind: InputKind?

  @Option(
    help: "The file's encoding: auto, utf-8 or gb18030 (default: the pipeline's, else auto).",
    transform: InspectCommand.parseEncoding)
  var encoding: TextEncoding?

  @Option(help: "A pipeline file whose columns, encoding and result_map apply; also dry-runs normalisation.")
  var pipeline: String?

  @Option(help: "The most problems listed one by one; 0 lists all (all are counted).")
  var maxProblems: Int = 50

  static let sampleRecords = 5

  func validate() throws {
    guard maxProblems >= 0 else { throw ValidationError("--max-problems must be 0 or more.") }
  }

  func run() throws {
    let spec = try pipeline.map { try PipelineSpec.load(path: $0) }
    // The pipeline's encoding applies once the kind is known; sniffing needs none.
    let kindGiven = self.kind
    var declared = encoding ?? .auto
    if encoding == nil, let spec, let kindGiven, let input = Self.input(of: kindGiven, in: spec) {
      declared = input.encoding
    }
    var reader = try Self.open(file, encoding: declared, hasPipeline: spec != nil)
    var header = try reader.readHeader()
    let kind = kindGiven ?? HeaderMapping.guessKind(headers: header ?? [])
    let input = spec.flatMap { Self.input(of: kind, in: $0) }
    if encoding == nil, let input, input.encoding != declared {
      reader = try CSVFileReader(path: file, displayPath: file, encoding: input.encoding)
      header = try reader.readHeader()
    }
    // The run's own resolution (`InputOpener`): the pipeline's `columns` first, then the
    // aliases; shown here rather than thrown when a required field has no column.
    let mapping = HeaderMapping(headers: header ?? [], kind: kind, explicitNames: input?.columns ?? [:])
    var report = Report(limit: maxProblems == 0 ? Int.max : maxProblems)
    var normalisation = spec.map { spec in
      let asOf: Int64 =
        switch spec.asOf {
        case .now: Clock.epochNow()
        case .instant(let t): t
        }
      return NormalisationReport(mapping: mapping, kind: kind, asOf: asOf, resultMap: spec.resultMap)
    }
    try reader.forEachRecord { record in
      report.add(record, mapping: mapping)
      normalisation?.add(record)
    }
    var text = describe(reader: reader, header: header, kind: kind, mapping: mapping, report: report)
    if let normalisation, header != nil {
      text += "\n\nnormalisation (a dry run of `run` with \(pipeline ?? ""))\n"
      text += normalisation.lines().joined(separator: "\n")
    }
    print(text)
  }

  /// The pipeline's input of `kind` (nil: the pipeline has no exemption list).
  static func input(of kind: InputKind, in spec: PipelineSpec) -> PipelineSpec.Input? {
    switch kind {
    case .roster: spec.roster
    case .tests: spec.tests
    case .exemptions: spec.exemptions
    }
  }

  /// Opens the file; without a pipeline, a missing file is named without sending the user
  /// to a pipeline's inputs.
  static func open(_ file: String, encoding: TextEncoding, hasPipeline: Bool) throws(IngestError) -> CSVFileReader {
    do {
      return try CSVFileReader(path: file, displayPath: file, encoding: encoding)
    } catch {
      if case .fileNotFound(let path) = error, !hasPipeline {
        throw .readFailed(path: path, detail: "no such file")
      }
      throw error
    }
  }

  // MARK: - Output

  private func describe(
    reader: CSVFileReader, header: [String]?, kind: InputKind, mapping: HeaderMapping,
    report: Report
  ) -> String {
    var lines: [String] = []
    let encodingSource =
      reader.declaredEncoding == .auto ? "detected" : encoding == nil ? "declared by the pipeline" : "declared"
    lines.append("file         \(file)")
    lines.append("bytes        \(reader.fileBytes)")
    lines.append("compression  \(reader.compression.rawValue)")
    lines.append(
      "encoding     \(reader.resolvedEncoding.rawValue) (\(encodingSource); "
        + (reader.hadBOM ? "UTF-8 BOM stripped)" : "no BOM)"))
    if let evidence = reader.encodingEvidence {
      lines.append("evidence     \(evidence.description)")
    }
    lines.append("kind         \(kind.rawValue) (\(self.kind == nil ? "guessed from the headers" : "given"))")
    guard header != nil else {
      lines.append("header       none: the file holds no record (only blank lines)")
      lines.append("rows         0")
      return lines.joined(separator: "\n")
    }

    lines.append("")
    lines.append("columns (header → field)")
    let width = mapping.headers.map(Self.displayWidth).max() ?? 0
    let mappedField = Dictionary(uniqueKeysWithValues: mapping.mapped.map { ($0.column, $0.field) })
    let duplicateField = Dictionary(
      uniqueKeysWithValues: mapping.ignoredDuplicates.map { ($0.column, $0.field) })
    for (column, name) in mapping.headers.enumerated() {
      let target: String
      if let field = mappedField[column] {
        target = field.rawValue + (FieldAliases.isRequired(field, in: kind) ? " (required)" : "")
      } else if let field = duplicateField[column], let winner = mapping.column(of: field) {
        target = "(ignored: \(field.rawValue) is column \(winner + 1); the first column wins)"
      } else {
        target = "(not mapped)"
      }
      let padded = Self.escaped(name) + String(repeating: " ", count: width - Self.displayWidth(name))
      lines.append("  \(String(column + 1).leftPadded(to: 3))  \(padded)  → \(target)")
    }
    let unmapped = mapping.unmappedHeaders.map(Self.escaped)
    lines.append("unmapped     " + (unmapped.isEmpty ? "none" : unmapped.joined(separator: ", ")))
    if mapping.missingRequired.isEmpty {
      lines.append("missing      none (every required field has a column)")
    } else {
      for field in mapping.missingRequired {
        let tried = FieldAliases.aliases(of: field, in: kind).joined(separator: ", ")
        lines.append("missing      \(field.rawValue) (required; tried \(tried)); `run` would stop")
      }
    }

    lines.append("")
    lines.append("rows         \(report.rows)")
    if !report.samples.isEmpty {
      lines.append("first records")
      lines.append(contentsOf: report.samples.map { "  " + $0 })
    }

    lines.append("")
    let counts = report.problemCounts.sorted { $0.key < $1.key }
      .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    lines.append("problems     \(report.problemTotal)" + (counts.isEmpty ? "" : " (\(counts))"))
    lines.append(contentsOf: report.problems.map { "  " + $0 })
    if report.problemTotal > report.problems.count {
      lines.append(
        "  … \(report.problemTotal - report.problems.count) more (--max-problems 0 lists all)")
    }
    return lines.joined(separator: "\n")
  }

  /// Accumulates what inspect prints about the records, in constant memory.
  struct Report {
    let limit: Int
    var rows = 0
    var samples: [String] = []
    var problems: [String] = []
    var problemTotal = 0
    var problemCounts: [String: Int] = [:]

    init(limit: Int) { self.limit = limit }

    mutating func add(_ record: CSVRecord, mapping: HeaderMapping) {
      rows += 1
      if samples.count < InspectCommand.sampleRecords {
        let values = mapping.mapped.map { field, column in
          let value = record.string(column)
          let shown = field == .idNumber ? InspectCommand.maskedID(value) : value
          return "\(field.rawValue)=\(InspectCommand.escaped(shown))"
        }
        samples.append("line \(record.line): " + values.joined(separator: " "))
      }
      guard let problem = record.problem else { return }
      // The same code and message a run writes to data_issues.csv, plus the value.
      let issue = problem.issue(file: "", line: record.line)
      let code = issue.code.rawValue
      let message =
        issue.value.isEmpty
        ? issue.message : "\(issue.message) (first extra value \"\(InspectCommand.escaped(issue.value))\")"
      problemTotal += 1
      problemCounts[code, default: 0] += 1
      if problems.count < limit { problems.append("line \(record.line): \(code): \(message)") }
    }
  }

  /// IDs are personal data (STYLE §5): masked as in committee files, after dropping
  /// blanks and Excel's leading `'` so the mask keeps the ID's real ends.
  static func maskedID(_ raw: String) -> String {
    var text = Substring(raw.trimmingBlanks())
    if text.hasPrefix("'") { text = text.dropFirst() }
    // An ID mangled by Excel (`3.10104E+17`) holds no ID to protect, and masking it would
    // make it look like another one: shown as it is.
    if ResidentID.parse(String(text), latestBirthDate: Int32.max) == .mangled { return String(text) }
    return text.isEmpty ? "" : IDMask.mask(String(text))
  }

  // MARK: - Formatting

  /// Shows line ends, tabs and other control characters as escapes, so each value stays
  /// on one line.
  static func escaped(_ text: String) -> String {
    TextEscape.escaping(text) { scalar in
      switch scalar {
      case "\n": "\\n"
      case "\r": "\\r"
      case "\t": "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F: "\\u{\(String(scalar.value, radix: 16))}"
      default: nil
      }
    }
  }

  /// Terminal columns: CJK and full-width characters take two.
  static func displayWidth(_ text: String) -> Int {
    escaped(text).unicodeScalars.reduce(0) { width, scalar in
      switch scalar.value {
      case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
        width + 2
      default: width + 1
      }
    }
  }

  static func parseKind(_ text: String) throws -> InputKind {
    guard let kind = InputKind(rawValue: text) else {
      throw ValidationError("--kind must be roster, tests or exemptions, not '\(text)'.")
    }
    return kind
  }

  static func parseEncoding(_ text: String) throws -> TextEncoding {
    guard let encoding = TextEncoding(rawValue: text.lowercased()) else {
      throw ValidationError("--encoding must be auto, utf-8 or gb18030, not '\(text)'.")
    }
    return encoding
  }
}

extension String {
  fileprivate func trimmingBlanks() -> String {
    let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !isBlank($0) }),
      let last = scalars.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(scalars[first...last])
  }

  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
