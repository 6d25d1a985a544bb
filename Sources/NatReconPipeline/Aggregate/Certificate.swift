/// SPEC §3's certificate rules for one resident, from the join's per-resident state.
struct Certificate {
  var isValid: Bool
  /// `last_negative_time + V` when valid.
  var expiresAt: Int64?
  var isExpiringSoon: Bool

  init(residents: ResidentColumns, _ r: Int, times: RunTimes) {
    let anchor = residents.lastNegativeAnchor[r]
    let none = ResidentColumns.none
    let positive = residents.lastPositiveSample[r]
    isValid =
      anchor != none && anchor >= times.asOf - times.validitySeconds
      && !(positive != none && positive >= residents.lastNegativeSample[r])
    expiresAt = isValid ? anchor + times.validitySeconds : nil
    isExpiringSoon = isValid && anchor + times.validitySeconds <= times.asOf + times.warnSeconds
  }
}
