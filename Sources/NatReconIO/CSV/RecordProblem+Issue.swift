import NatReconCore

extension RecordProblem {
  /// The data issue a reader-level problem becomes (SPEC §6, §8 Reading).
  public func issue(file: String, line: Int) -> DataIssue {
    switch self {
    case .extraFields(let fieldCount, let headerCount, let value):
      return DataIssue(
        file: file, line: line, field: "", value: value, code: .csvSyntax,
        message: "\(fieldCount) fields, header has \(headerCount)")
    case .unterminatedQuote:
      return DataIssue(
        file: file, line: line, field: "", value: "", code: .csvSyntax,
        message: "quote not closed before end of file")
    case .badEncoding:
      return DataIssue(
        file: file, line: line, field: "", value: "", code: .badEncoding,
        message: "bytes not valid in the file's encoding; check `encoding:`")
    case .tooLong(let limitBytes):
      return DataIssue(
        file: file, line: line, field: "", value: "", code: .csvSyntax,
        message: "record longer than \(limitBytes >> 20) MiB; not read")
    }
  }
}
