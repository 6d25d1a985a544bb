import NatReconIO
import NatReconReports

/// What stops the report stage: a reader error on the second roster pass or a write error.
enum RunFailure: Error {
  case ingest(IngestError)
  case report(ReportError)

  /// The error itself, for a caller that reports either kind the same way.
  var underlying: any Error {
    switch self {
    case .ingest(let e): e
    case .report(let e): e
    }
  }
}
