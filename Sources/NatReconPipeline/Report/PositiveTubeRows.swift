import NatReconCore
import NatReconIO
import NatReconReports

/// The rows of positive_tubes.csv and 混管复核, built from the tube scan.
enum PositiveTubeRows {

  /// Builds the positive_tubes.csv rows, sorted by tube ID then ID text.
  ///
  /// - Parameter unmatchedLatest: the latest used record (sample time, result at `T`) of
  ///   each unmatched tube member, as unmatched_tests.csv reports it; a matched member's
  ///   comes from the resident's `last_sample_time` / `last_result`. Either is the
  ///   member's single-tube retest when sampled after their sample in the tube (SPEC §3).
  static func build(
    _ members: [PositiveTubeScan.MemberKey: TubeMember], roster: Roster, texts: [Int: RosterText],
    text: [String], unmatchedLatest: [UInt64: (sampleTime: Int64, result: TestResult)]
  ) -> [PositiveTubeRow] {
    let rows = members.map { key, member -> PositiveTubeRow in
      var name = member.name.text
      var phone = member.phone.text
      var address: HouseholdAddress?
      var latest = unmatchedLatest[key.key]
      if let r = member.resident {
        let last = roster.residents.lastSampleTime[r]
        latest = (last, TestResult(rawValue: roster.residents.lastResult[r]) ?? .pending)
        if let t = texts[r] {
          name = t.name
          phone = t.phone
        }
        address = roster.households.address(Int(roster.residents.household[r]), text: text)
      }
      let retest = latest.flatMap { $0.sampleTime > member.sampleTime ? $0 : nil }
      return PositiveTubeRow(
        tubeID: key.tube, sampleTime: member.sampleTime, idNumber: roster.idText(key.key), name: name,
        phone: phone, result: member.result, isMatched: member.resident != nil, address: address,
        retestTime: retest?.sampleTime, retestResult: retest?.result)
    }
    return rows.sorted { a, b in
      if a.tubeID != b.tubeID { return a.tubeID.utf8.lexicographicallyPrecedes(b.tubeID.utf8) }
      return a.idNumber.utf8.lexicographicallyPrecedes(b.idNumber.utf8)
    }
  }
}
