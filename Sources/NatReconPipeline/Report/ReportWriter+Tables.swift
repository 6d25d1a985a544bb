import NatReconCore
import NatReconIO
import NatReconReports

extension ReportWriter {
  // MARK: - Tables from memory

  mutating func writeHouseholds(roster: Roster, agg: Aggregates, parts: EncodedTexts) throws(ReportError) {
    let w = try open(.households)
    let statuses: [HouseholdStatus] = [.exempt, .complete, .none, .partial]
    let statusFields = statuses.map { status in
      var word = status.rawValue
      return word.withUTF8 { CSVRow.encode($0) }
    }
    let maxBytes =
      HouseholdTable.partCount * parts.maxFieldBytes + 6 * CSVRow.intBytes + (statusFields.map(\.count).max() ?? 0)
    for household in agg.householdOrder {
      let h = Int(household)
      let status = statuses.firstIndex(of: agg.status(h)) ?? 0
      w.row(maxBytes: maxBytes) { row in
        for p in 0..<HouseholdTable.partCount { row.encoded(parts.field(roster.households.part(h, p))) }
        row.int(Int(agg.members[h]))
        row.int(Int(agg.eligible[h]))
        row.int(Int(agg.tested[h]))
        row.int(agg.untested(h))
        row.int(Int(agg.certValid[h]))
        row.int(Int(agg.positive[h]))
        statusFields[status].withUnsafeBufferPointer { row.encoded($0) }
      }
    }
    try finish(w, .households)
  }

  mutating func writeSummary(agg: Aggregates, text: [String]) throws(ReportError) {
    let w = try open(.summary)
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
    try finish(w, .summary)
  }

  mutating func writeGaps(_ gaps: [GapEntry], store: RosterTextStore, roster: Roster, parts: EncodedTexts)
    throws(ReportError)
  {
    let w = try open(.gaps)
    for gap in gaps {
      store.withFields(at: gap.text) { id, name, phone, tags in
        let person = PersonColumns(household: Int(gap.household), id: id, name: name, phone: phone)
        w.row(maxBytes: person.maxBytes(parts) + CSVRow.textBytes(tags.count) + CSVRow.timeBytes) { row in
          person.write(to: &row, households: roster.households, parts: parts)
          row.text(tags)
          row.time(gap.lastSampleTime == ResidentColumns.none ? nil : gap.lastSampleTime)
        }
      }
    }
    try finish(w, .gaps)
  }

  mutating func writeExpiring(_ expiring: [ExpiringEntry], store: RosterTextStore, roster: Roster, parts: EncodedTexts)
    throws(ReportError)
  {
    let w = try open(.expiring)
    for entry in expiring {
      store.withFields(at: entry.text) { id, name, phone, _ in
        let person = PersonColumns(household: Int(entry.household), id: id, name: name, phone: phone)
        w.row(maxBytes: person.maxBytes(parts) + 2 * CSVRow.timeBytes) { row in
          person.write(to: &row, households: roster.households, parts: parts)
          row.time(entry.lastNegativeTime)
          row.time(entry.expiresAt)
        }
      }
    }
    try finish(w, .expiring)
  }

  mutating func writeUnmatched(_ unmatched: [UInt64: UnmatchedPerson], sites: ByteInterner, roster: Roster)
    throws(ReportError)
  {
    let w = try open(.unmatchedTests)
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
      w.field(
        p.sites.map { sites.string($0) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ";"))
      w.endRow()
    }
    try finish(w, .unmatchedTests)
  }

  mutating func writePositiveTubes(_ rows: [PositiveTubeRow]) throws(ReportError) {
    let w = try open(.positiveTubes)
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
    try finish(w, .positiveTubes)
  }

  mutating func writeIssues(_ issues: [DataIssue]) throws(ReportError) {
    let w = try open(.dataIssues)
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
    try finish(w, .dataIssues)
  }
}

/// The columns gaps.csv and expiring.csv begin with: the household's seven address parts
/// (each encoded once, `EncodedTexts`), then the resident's name, masked ID and phone.
private struct PersonColumns {
  let household: Int
  let id: UnsafeBufferPointer<UInt8>
  let name: UnsafeBufferPointer<UInt8>
  let phone: UnsafeBufferPointer<UInt8>

  /// Room these columns need at most in a row (`CSVRow`'s per-field bounds).
  func maxBytes(_ parts: EncodedTexts) -> Int {
    HouseholdTable.partCount * parts.maxFieldBytes + CSVRow.textBytes(name.count) + CSVRow.textBytes(id.count)
      + CSVRow.textBytes(phone.count)
  }

  func write(to row: inout CSVRow, households: HouseholdTable, parts: EncodedTexts) {
    for p in 0..<HouseholdTable.partCount { row.encoded(parts.field(households.part(household, p))) }
    row.text(name)
    row.maskedID(id)
    row.text(phone)
  }
}
