import NatReconCore

/// How a published run ended (SPEC §4 manifest `status`, §6 exit statuses 0, 3, 4).
public enum RunStatus: String, Sendable {
  case ok
  /// Some input's share of rejected rows exceeded `max_reject_rate`.
  case rejectRateExceeded = "reject_rate_exceeded"
  /// No used test record was sampled within `max_input_age_hours` before `T`.
  case staleInputs = "stale_inputs"

  /// The exit status the status means; stale inputs win over the reject rate (SPEC §6).
  public var exitStatus: Int32 {
    switch self {
    case .ok: 0
    case .rejectRateExceeded: 3
    case .staleInputs: 4
    }
  }

  /// Decides the status from the run's figures.
  static func of(
    accounts: [FileAccount], newest: NewestSample?, asOf: Int64, maxRejectRate: Double, maxInputAgeHours: Int
  ) -> RunStatus {
    if maxInputAgeHours > 0 && (newest?.time ?? .min) < asOf - Int64(maxInputAgeHours) * 3600 { return .staleInputs }
    return accounts.contains { $0.rejectRate > maxRejectRate } ? .rejectRateExceeded : .ok
  }
}

/// The latest sample_time of a used test record and the export it came from.
public struct NewestSample: Sendable, Equatable {
  public var time: Int64
  public var file: String

  /// Over the test exports' accounts; at equal times the first file in read order.
  static func of(_ accounts: [FileAccount]) -> NewestSample? {
    var best: NewestSample?
    for a in accounts {
      guard let t = a.newestSampleTime else { continue }
      if best == nil || t > (best?.time ?? .min) { best = NewestSample(time: t, file: a.displayPath) }
    }
    return best
  }
}
