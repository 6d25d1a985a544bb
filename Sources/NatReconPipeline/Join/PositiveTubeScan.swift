import NatReconCore
import NatReconIO

/// One person in one positive tube (a row of positive_tubes.csv before names are filled).
struct TubeMember {
  var sampleTime = Int64.min
  var result = TestResult.pending
  var name = ""
  var nameTime = Int64.min
  var phone = ""
  var phoneTime = Int64.min
  /// The resident index when matched.
  var resident: Int?
}

/// Finds every person with a used record in a positive tube (混管阳性 → 单管复核).
///
/// The probe learns which tubes are positive only as it reads them, and a tube's other
/// members may come earlier, so members are collected in a second pass over the test
/// exports — run only when there is a positive tube. This keeps memory bounded by the
/// positive tubes' members instead of holding every tube of every export.
///
/// - Input: the test files, the positive tube IDs from the probe.
/// - Output: (tube ID, ID key) → `TubeMember`.
/// - Memory: constant in export size; one entry per member of a positive tube.
/// - Errors: throws `IngestError` (a file that changed since the probe); emits nothing
///   (the probe already reported every issue).
/// - Order & determinism: rows are sorted by tube ID, then ID text, when written.
struct PositiveTubeScan {
  let spec: PipelineSpec
  let parser: TestRecordParser

  struct MemberKey: Hashable {
    var tube: String
    var key: UInt64
  }

  func scan(files: [InputFile], tubes: Set<String>, roster: inout Roster, progress: ProgressLine)
    throws(IngestError) -> [MemberKey: TubeMember]
  {
    var members: [MemberKey: TubeMember] = [:]
    guard !tubes.isEmpty else { return members }
    var ignored = IgnoredIssues()
    for file in files {
      let (reader, columns, _) = try InputOpener.open(file, kind: .tests, input: spec.tests)
      let c = TestColumnSet(columns)
      guard c.tube >= 0 else { continue }
      try reader.forEachRecord { record in
        progress.tick(rows: 1, bytes: reader.bytesRead, stage: "tubes")
        guard record.problem == nil else { return }
        let tubeBytes = record.trimmed(c.tube)
        guard !tubeBytes.isEmpty else { return }
        let tube = String(decoding: tubeBytes, as: UTF8.self)
        guard tubes.contains(tube) else { return }
        let test = parser.parse(record, columns: c, file: file.displayPath, issues: &ignored)
        guard test.disposition == .used, let key = roster.key(of: test.id) else { return }
        let memberKey = MemberKey(tube: tube, key: key)
        var member = members[memberKey] ?? TubeMember()
        LatestRecord.fold(
          sampleTime: test.sampleTime, result: test.resultAtAsOf, into: &member.sampleTime,
          lastResult: &member.result)
        let name = record.trimmed(c.name)
        if !name.isEmpty && test.sampleTime >= member.nameTime {
          member.name = String(decoding: name, as: UTF8.self)
          member.nameTime = test.sampleTime
        }
        let phone = record.trimmed(c.phone)
        if !phone.isEmpty && test.sampleTime >= member.phoneTime {
          member.phone = String(decoding: phone, as: UTF8.self)
          member.phoneTime = test.sampleTime
        }
        member.resident = roster.table.find(key).map(Int.init)
        members[memberKey] = member
      }
    }
    return members
  }
}
