import NatReconCore
import NatReconIO
import NatReconReports

/// An output file written by a run, for the manifest.
struct OutputRecord {
  var path: String
  var rows: Int
  var sha256: String
}

/// Writes every machine file of SPEC §4 (and the workbooks) into a folder.
///
/// - Input: `Roster` after the probe, `JoinResult`, tube members, `Aggregates`, issues.
/// - Output: the files, and an `OutputRecord` per file.
/// - Memory: residents.csv streams from a second read of the roster; gaps and expiring
///   certificates are collected (one small entry each) and sorted; everything else is
///   proportional to households or to issues.
/// - Errors: throws `IngestError` (roster file changed or vanished) or `ReportError`.
/// - Order & determinism: every file has the order SPEC §4/§8 fix; nothing depends on
///   hash order.
struct ReportWriter {
  let spec: PipelineSpec
  let times: RunTimes
  let folder: String

  /// The files written so far, in SPEC §4's table order (the manifest's order), whatever
  /// order they were written in.
  var outputs: [OutputRecord] {
    written.sorted { Self.order($0.path) < Self.order($1.path) }
  }
  private var written: [OutputRecord] = []

  static let machineFiles = [
    "residents.csv", "households.csv", "summary.csv", "gaps.csv", "expiring.csv", "unmatched_tests.csv",
    "positive_tubes.csv", "data_issues.csv",
  ]
  private static func order(_ path: String) -> Int { machineFiles.firstIndex(of: path) ?? machineFiles.count }

  init(spec: PipelineSpec, times: RunTimes, folder: String) {
    self.spec = spec
    self.times = times
    self.folder = folder
  }

  private func open(_ name: String, _ header: [String]) throws(ReportError) -> CSVTableWriter {
    try CSVTableWriter(path: folder + "/" + name, header: header)
  }

  private mutating func finish(_ writer: CSVTableWriter, _ name: String) throws(ReportError) {
    try writer.close()
    // The digest is taken when the manifest is written (all outputs at once).
    written.append(OutputRecord(path: name, rows: writer.rows, sha256: ""))
  }

  // MARK: - residents.csv (second roster pass)

  /// Streams residents.csv in roster order and collects what later files need.
  mutating func writeResidents(
    roster: Roster, needed: Set<Int>, progress: ProgressLine
  ) throws(RunFailure) -> ReportLists {
    let w: CSVTableWriter
    do {
      w = try open(
        "residents.csv",
        [
          "id_number", "name", "district", "street", "committee", "compound", "building", "unit", "room",
          "status", "eligible", "tested_in_round", "last_sample_time", "last_result", "last_negative_time",
          "cert_valid", "cert_expires_at", "expiring_soon", "exempt_reason",
        ])
    } catch { throw .report(error) }
    var lists = ReportLists()
    var row = 0
    var r = 0
    let res = roster.residents
    let reasons = roster.exemptReasons
    var reasonCursor = ExemptReasons.Cursor()
    let t = times
    let reader = RosterTextReader(spec: spec, latestBirthDate: Timestamp.shanghaiDate(times.asOf))
    do {
      try OrderedBatches.run(files: roster.files) { (index: Int, emit: (RosterTextBatch) -> Void) throws(IngestError) in
        try reader.read(roster.files[index], emit: emit)
      } consume: { _, batch in
        progress.tick(rows: batch.count, stage: "residents")
        batch.arena.withUnsafeBufferPointer { arena in
          for i in 0..<batch.count {
            defer { row += 1 }
            guard row < roster.rowCount, roster.isResident(row: row) else { continue }
            defer { r += 1 }
            let field = { (f: RosterTextBatch.Field) in RosterBatch.slice(arena, batch.spans[i * RosterTextBatch.fieldCount + f.rawValue]) }
            let id = field(.id)
            w.field(bytes: id)
            w.field(bytes: field(.name))
            for p in 0..<HouseholdTable.partCount {
              w.field(bytes: RosterBatch.slice(arena, batch.spans[i * RosterTextBatch.fieldCount + RosterTextBatch.Field.district.rawValue + p]))
            }
            w.field(bytes: field(.status))
            let isEligible = res.isEligible(r)
            let isTested = res.isTestedInRound(r)
            w.field(isEligible)
            w.field(isTested)
            let last = res.lastSampleTime[r]
            let hasTest = last != ResidentColumns.none
            w.field(time: hasTest ? last : nil)
            w.field(hasTest ? (TestResult(rawValue: res.lastResult[r]) ?? .pending).word : "")
            let negative = res.lastNegativeAnchor[r]
            w.field(time: negative != ResidentColumns.none ? negative : nil)
            let cert = Certificate(residents: res, r, times: t)
            w.field(cert.isValid)
            w.field(time: cert.expiresAt)
            w.field(cert.isExpiringSoon)
            if let reason = reasonCursor.reasonID(of: r, in: reasons) {
              reasons.withText(reason) { w.field(bytes: $0) }
              lists.householdReasons.add(household: res.household[r], reason: reason)
            } else {
              w.field("")
            }
            w.endRow()

            let isGap = isEligible && !isTested
            let isExpiring = isEligible && cert.isExpiringSoon
            if isGap || isExpiring {
              let text = lists.store.append(id: id, name: field(.name), phone: field(.phone), tags: field(.tags))
              let h = res.household[r]
              if isGap {
                lists.gaps.append(GapEntry(resident: UInt32(r), household: h, lastSampleTime: last, text: text))
              }
              if isExpiring, let expires = cert.expiresAt {
                lists.expiring.append(
                  ExpiringEntry(
                    resident: UInt32(r), household: h, lastNegativeTime: negative, expiresAt: expires, text: text))
              }
            }
            if needed.contains(r) {
              lists.texts[r] = RosterText(
                idNumber: String(decoding: id, as: UTF8.self), name: String(decoding: field(.name), as: UTF8.self),
                phone: String(decoding: field(.phone), as: UTF8.self), tags: Tags.split(field(.tags)))
            }
          }
        }
      }
    } catch { throw .ingest(error) }
    do { try finish(w, "residents.csv") } catch { throw .report(error) }
    return lists
  }

  // MARK: - Tables from memory

  mutating func writeHouseholds(roster: Roster, agg: Aggregates, text: [String]) throws(ReportError) {
    let w = try open(
      "households.csv",
      [
        "district", "street", "committee", "compound", "building", "unit", "room", "members", "eligible",
        "tested", "untested", "cert_valid", "positive", "status",
      ])
    for household in agg.householdOrder {
      let h = Int(household)
      for p in 0..<HouseholdTable.partCount { w.field(text[Int(roster.households.part(h, p))]) }
      w.field(Int(agg.members[h]))
      w.field(Int(agg.eligible[h]))
      w.field(Int(agg.tested[h]))
      w.field(agg.untested(h))
      w.field(Int(agg.certValid[h]))
      w.field(Int(agg.positive[h]))
      w.field(agg.status(h).rawValue)
      w.endRow()
    }
    try finish(w, "households.csv")
  }

  mutating func writeSummary(agg: Aggregates, text: [String]) throws(ReportError) {
    let w = try open(
      "summary.csv",
      [
        "level", "district", "street", "committee", "compound", "building", "residents", "eligible", "tested",
        "untested", "coverage", "cert_rate", "cert_valid", "households", "households_complete", "positive",
      ])
    for area in agg.areas {
      w.field(area.level.name)
      for p in 0..<5 { w.field(agg.part(p, of: area).map { text[Int($0)] } ?? "") }
      let c = area.counts
      w.field(c.residents)
      w.field(c.eligible)
      w.field(c.tested)
      w.field(c.untested)
      w.field(ratio: c.coverage)
      w.field(ratio: c.certRate)
      w.field(c.certValid)
      w.field(c.households)
      w.field(c.householdsComplete)
      w.field(c.positive)
      w.endRow()
    }
    try finish(w, "summary.csv")
  }

  mutating func writeGaps(_ gaps: [GapEntry], store: RosterTextStore, roster: Roster, text: [String])
    throws(ReportError)
  {
    let w = try open(
      "gaps.csv",
      [
        "district", "street", "committee", "compound", "building", "unit", "room", "name", "id_masked", "phone",
        "tags", "last_sample_time",
      ])
    for gap in gaps {
      for p in 0..<HouseholdTable.partCount { w.field(text[Int(roster.households.part(Int(gap.household), p))]) }
      store.withFields(at: gap.text) { id, name, phone, tags in
        w.field(bytes: name)
        w.field(IDMask.mask(String(decoding: id, as: UTF8.self)))
        w.field(bytes: phone)
        w.field(bytes: tags)
      }
      w.field(time: gap.lastSampleTime == ResidentColumns.none ? nil : gap.lastSampleTime)
      w.endRow()
    }
    try finish(w, "gaps.csv")
  }

  mutating func writeExpiring(_ expiring: [ExpiringEntry], store: RosterTextStore, roster: Roster, text: [String])
    throws(ReportError)
  {
    let w = try open(
      "expiring.csv",
      [
        "district", "street", "committee", "compound", "building", "unit", "room", "name", "id_masked", "phone",
        "last_negative_time", "cert_expires_at",
      ])
    for entry in expiring {
      for p in 0..<HouseholdTable.partCount { w.field(text[Int(roster.households.part(Int(entry.household), p))]) }
      store.withFields(at: entry.text) { id, name, phone, _ in
        w.field(bytes: name)
        w.field(IDMask.mask(String(decoding: id, as: UTF8.self)))
        w.field(bytes: phone)
      }
      w.field(time: entry.lastNegativeTime)
      w.field(time: entry.expiresAt)
      w.endRow()
    }
    try finish(w, "expiring.csv")
  }

  mutating func writeUnmatched(_ unmatched: [UInt64: UnmatchedPerson], sites: ByteInterner, roster: Roster)
    throws(ReportError)
  {
    let w = try open(
      "unmatched_tests.csv", ["id_number", "name", "phone", "tests", "last_sample_time", "last_result", "sites"])
    // Keys, not rows with their texts, are sorted: at city scale there are hundreds of
    // thousands, and this runs at the run's memory peak.
    for key in unmatched.keys.sorted(by: roster.idTextPrecedes) {
      guard let p = unmatched[key] else { continue }
      w.field(roster.idText(key))
      w.field(p.name.text)
      w.field(p.phone.text)
      w.field(p.tests)
      w.field(time: p.lastSampleTime)
      w.field(p.lastResult.word)
      w.field(p.sites.map { sites.string($0) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ";"))
      w.endRow()
    }
    try finish(w, "unmatched_tests.csv")
  }

  mutating func writePositiveTubes(_ rows: [PositiveTubeRow]) throws(ReportError) {
    let w = try open(
      "positive_tubes.csv",
      [
        "tube_id", "sample_time", "id_number", "name", "phone", "result", "matched", "district", "street",
        "committee", "compound", "building", "unit", "room", "retest_time", "retest_result",
      ])
    for row in rows {
      w.field(row.tubeID)
      w.field(time: row.sampleTime)
      w.field(row.idNumber)
      w.field(row.name)
      w.field(row.phone)
      w.field(row.result.word)
      w.field(row.isMatched)
      for part in row.address?.parts ?? Array(repeating: "", count: 7) { w.field(part) }
      w.field(time: row.retestTime)
      w.field(row.retestResult?.word ?? "")
      w.endRow()
    }
    try finish(w, "positive_tubes.csv")
  }

  mutating func writeIssues(_ issues: [DataIssue]) throws(ReportError) {
    let w = try open("data_issues.csv", ["file", "line", "field", "value", "code", "severity", "message"])
    for issue in issues {
      w.field(issue.file)
      w.field(issue.line)
      w.field(issue.field)
      w.field(issue.value)
      w.field(issue.code.rawValue)
      w.field(issue.severity.rawValue)
      w.field(issue.message)
      w.endRow()
    }
    try finish(w, "data_issues.csv")
  }

  /// Builds the positive_tubes.csv rows, sorted by tube ID then ID text.
  ///
  /// - Parameter unmatchedLatest: the latest used record (sample time, result at `T`) of
  ///   each unmatched tube member, as unmatched_tests.csv reports it; a matched member's
  ///   comes from the resident's `last_sample_time` / `last_result`. Either is the
  ///   member's single-tube retest when sampled after their sample in the tube (SPEC §3).
  static func positiveTubeRows(
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
        let h = Int(roster.residents.household[r])
        let part = { (p: Int) in text[Int(roster.households.part(h, p))] }
        address = HouseholdAddress(
          district: part(0), street: part(1), committee: part(2), compound: part(3), building: part(4),
          unit: part(5), room: part(6))
      }
      let retest = latest.flatMap { $0.sampleTime > member.sampleTime ? $0 : nil }
      return PositiveTubeRow(
        tubeID: key.tube, sampleTime: member.sampleTime, idNumber: roster.idText(key.key), name: name,
        phone: phone, result: member.result, isMatched: member.resident != nil, address: address,
        retestTime: retest?.sampleTime, retestResult: retest?.result)
    }
    return rows.sorted { a, b in
      if a.tubeID != b.tubeID { return Array(a.tubeID.utf8).lexicographicallyPrecedes(Array(b.tubeID.utf8)) }
      return Array(a.idNumber.utf8).lexicographicallyPrecedes(Array(b.idNumber.utf8))
    }
  }
}

/// What the residents pass collects for the files written after it.
struct ReportLists {
  var store = RosterTextStore()
  var gaps: [GapEntry] = []
  var expiring: [ExpiringEntry] = []
  /// Full texts of the few residents other files name (tube members, name mismatches).
  var texts: [Int: RosterText] = [:]
  /// The exempt residents' reasons, by household (户进度's 免检原因).
  var householdReasons = HouseholdExemptReasons()
}

/// The exempt residents' reasons by household, for the workbooks (户进度's 免检原因).
///
/// Memory: 8 bytes per exempt resident (household, reason-set ID of `ExemptReasons`);
/// exempt residents are a small share of a roster.
struct HouseholdExemptReasons {
  private var entries: [(household: UInt32, reason: UInt32)] = []

  /// Records that a resident of `household` is exempt with the reason set `reason`.
  mutating func add(household: UInt32, reason: UInt32) {
    entries.append((household, reason))
  }

  /// Each household's distinct reasons in roster order, joined with `;`.
  func byHousehold(_ reasons: ExemptReasons) -> [UInt32: String] {
    var lists: [UInt32: [String]] = [:]
    for (household, id) in entries {
      let text = reasons.withText(id) { String(decoding: $0, as: UTF8.self) }
      for reason in text.split(separator: ";").map(String.init) where !reason.isEmpty {
        if !(lists[household]?.contains(reason) ?? false) { lists[household, default: []].append(reason) }
      }
    }
    return lists.mapValues { $0.joined(separator: ";") }
  }
}

/// What stops the report stage: a reader error on the second roster pass or a write error.
enum RunFailure: Error {
  case ingest(IngestError)
  case report(ReportError)
}
