import NatReconCore
import NatReconIO
import NatReconReports

extension ReportWriter {
  // MARK: - residents.csv (second roster pass)

  /// Rows between two ticks of the progress line.
  static let residentsTickRows = 8192

  /// Streams residents.csv in roster order and collects what later files need: a second
  /// read of the roster (its text fields are not kept in memory), whose records are read
  /// and split on a thread of their own (`readAhead`; `ReadAhead.off` is the reference)
  /// while this thread formats each resident's row straight from the record's fields.
  mutating func writeResidents(
    roster: Roster, needed: Set<Int>, progress: ProgressLine, readAhead: ReadAhead = ReadAhead()
  ) throws(RunFailure) -> ReportLists {
    let w: CSVTableWriter
    do {
      w = try open(.residents)
    } catch { throw .report(error) }
    var lists = ReportLists()
    var row = 0
    var r = 0
    let res = roster.residents
    let reasons = roster.exemptReasons
    var reasonCursor = ExemptReasons.Cursor()
    let t = times
    // One bit per resident: a `Set` lookup per row cost ≈ 160 instructions (hashing).
    var isNeeded = [UInt64](repeating: 0, count: res.count / 64 + 1)
    for n in needed where n >= 0 && n < res.count { isNeeded[n >> 6] |= 1 << UInt64(n & 63) }
    let latestBirthDate = Timestamp.shanghaiDate(times.asOf)
    // A mainland ID's normalised text (18 characters), written per row.
    let idText = UnsafeMutablePointer<UInt8>.allocate(capacity: 18)
    defer { idText.deallocate() }
    var ticked = 0
    do {
      // The roster's files in order; each is read and split on a thread of its own
      // (`ReadAhead`) while this thread formats its records.
      for file in roster.files {
        let (reader, columns, _) = try InputOpener.open(file, kind: .roster, input: spec.roster)
        let c = RosterColumnSet(columns)
        // One residents.csv row, and the gap, expiring and other files' entries.
        func format(_ r: Int, id: UnsafeBufferPointer<UInt8>, _ record: CSVRecord) {
          let name = record.trimmed(c.name)
          w.field(bytes: id)
          w.field(bytes: name)
          for p in 0..<HouseholdTable.partCount { w.field(bytes: record.trimmed(c.address[p])) }
          w.field(bytes: record.trimmed(c.status))
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
            w.emptyField()
          }
          w.endRow()

          let isGap = isEligible && !isTested
          let isExpiring = isEligible && cert.isExpiringSoon
          if isGap || isExpiring {
            let text = lists.store.append(
              id: id, name: name, phone: record.trimmed(c.phone), tags: record.trimmed(c.tags))
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
          if isNeeded[r >> 6] & (1 << UInt64(r & 63)) != 0 {
            lists.texts[r] = RosterText(
              idNumber: String(decoding: id, as: UTF8.self), name: String(decoding: name, as: UTF8.self),
              phone: String(decoding: record.trimmed(c.phone), as: UTF8.self),
              tags: Tags.split(record.trimmed(c.tags)))
          }
        }
        try readAhead.forEachRecord(reader) { record in
          defer {
            row += 1
            ticked += 1
            if ticked == Self.residentsTickRows {
              progress.tick(rows: ticked, stage: "residents")
              ticked = 0
            }
          }
          // Rejected rows (a reader problem among them) and duplicates are not residents.
          guard row < roster.rowCount, roster.isResident(row: row) else { return }
          defer { r += 1 }
          // The normalised ID: a plain 18-character ID is copied as its own text.
          let raw = record.trimmed(c.id)
          switch ResidentID.parse(raw, latestBirthDate: latestBirthDate) {
          case .mainland(let key, _):
            ResidentID.writeText(mainlandKey: key, parsedFrom: raw, to: idText)
            format(r, id: UnsafeBufferPointer(start: idText, count: 18), record)
          case .other(let bytes):
            bytes.withUnsafeBufferPointer { format(r, id: $0, record) }
          case .empty, .mangled, .invalid:
            format(r, id: UnsafeBufferPointer(start: idText, count: 0), record)  // never a resident
          }
        }
      }
      progress.tick(rows: ticked, stage: "residents")
    } catch { throw .ingest(error) }
    do { try finish(w, .residents) } catch { throw .report(error) }
    return lists
  }
}
