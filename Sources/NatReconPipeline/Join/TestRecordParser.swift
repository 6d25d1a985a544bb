import NatReconCore
import NatReconIO

/// The test-export columns a pass needs, resolved once per file.
struct TestColumnSet {
  let id: Int
  let name: Int
  let phone: Int
  let sample: Int
  let report: Int
  let result: Int
  let tube: Int
  let site: Int

  init(_ c: FieldColumns) {
    id = c.column(.idNumber)
    name = c.column(.name)
    phone = c.column(.phone)
    sample = c.column(.sampleTime)
    report = c.column(.reportTime)
    result = c.column(.result)
    tube = c.column(.tubeID)
    site = c.column(.site)
  }
}

/// One test record after SPEC §2.4 normalisation and the §3 usability rules.
struct ParsedTest {
  enum Disposition { case used, rejected, afterAsOf }

  var disposition: Disposition
  var id: ResidentIDParse
  var sampleTime: Int64
  /// nil when absent or unparsable (a warning; used as if absent).
  var reportTime: Int64?
  /// The result as known at `T`: a record reported after `T` is pending (SPEC §3).
  var resultAtAsOf: TestResult
}

/// Classifies test records: one function for every pass, so the probe and the
/// positive-tube scan agree on which records are used.
struct TestRecordParser {
  let asOf: Int64
  let latestBirthDate: Int32
  let classifier: ResultClassifier

  init(asOf: Int64, resultMap: [String: TestResult]) {
    self.asOf = asOf
    self.latestBirthDate = Timestamp.shanghaiDate(asOf)
    self.classifier = ResultClassifier(map: resultMap)
  }

  /// Parses a record and appends its issues to `issues` in field order (id_number,
  /// sample_time, report_time, result); pass `IgnoredIssues` on later passes.
  @inline(__always)
  func parse(
    _ record: borrowing CSVRecord, columns c: TestColumnSet, file: String, issues: inout some IssueSink
  ) -> ParsedTest {
    let line = record.line
    let idRaw = record.trimmed(c.id)
    let id = ResidentID.parse(idRaw, latestBirthDate: latestBirthDate)
    var hasError = !issues.addIDIssues(id, raw: idRaw, file: file, line: line)

    let sampleRaw = record.trimmed(c.sample)
    let sample = sampleRaw.isEmpty ? nil : Timestamp.parse(sampleRaw)
    let reportRaw = record.trimmed(c.report)
    let report = reportRaw.isEmpty ? nil : Timestamp.parse(reportRaw)
    let resultRaw = record.trimmed(c.result)
    let result = classifier.classify(resultRaw)
    if sampleRaw.isEmpty || sample == nil || result == nil { hasError = true }
    // Every problem of a record is its own row (SPEC §8): a record sampled after T with an
    // error gets sample_after_as_of too, and counts as rejected.
    let isAfterAsOf = (sample ?? Int64.min) > asOf

    if sampleRaw.isEmpty {
      issues.add(
        .missingField, file: file, line: line, field: "sample_time", value: sampleRaw, message: "empty sample_time")
    } else if sample == nil {
      issues.add(.badTime, file: file, line: line, field: "sample_time", value: sampleRaw, message: "unparsable time")
    } else if isAfterAsOf {
      issues.add(
        .sampleAfterAsOf, file: file, line: line, field: "sample_time", value: sampleRaw,
        message: "sample time after as-of")
    }
    if !reportRaw.isEmpty {
      if report == nil {
        issues.add(
          .badTime, file: file, line: line, field: "report_time", value: reportRaw,
          message: "unparsable report time, ignored", severity: .warning)
      } else if let sample, let report, report < sample {
        issues.add(
          .reportBeforeSample, file: file, line: line, field: "report_time", value: reportRaw,
          message: "report time before sample time")
      }
    }
    if result == nil {
      issues.add(.unknownResult, file: file, line: line, field: "result", value: resultRaw, message: "unknown result")
    }

    let disposition: ParsedTest.Disposition = hasError ? .rejected : (isAfterAsOf ? .afterAsOf : .used)
    var atAsOf = result ?? .pending
    if let report, report > asOf { atAsOf = .pending }
    return ParsedTest(
      disposition: disposition, id: id, sampleTime: sample ?? 0, reportTime: report, resultAtAsOf: atAsOf)
  }
}
