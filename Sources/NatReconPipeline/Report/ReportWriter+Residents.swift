import NatReconCore
import NatReconIO
import NatReconReports

extension ReportWriter {
  // MARK: - residents.csv (second roster pass)

  /// Streams residents.csv in roster order and collects what later files need.
  mutating func writeResidents(
    roster: Roster, needed: Set<Int>, progress: ProgressLine
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
    let reader = RosterTextReader(spec: spec, latestBirthDate: Timestamp.shanghaiDate(times.asOf))
    do {
      try ParallelFiles.inFileOrder(files: roster.files) {
        (index: Int, emit: (RosterTextBatch) -> Void) throws(IngestError) in
        try reader.read(roster.files[index], emit: emit)
      } consume: { _, batch in
        progress.tick(rows: batch.count, stage: "residents")
        batch.arena.withUnsafeBufferPointer { arena in
          for i in 0..<batch.count {
            defer { row += 1 }
            guard row < roster.rowCount, roster.isResident(row: row) else { continue }
            defer { r += 1 }
            let field = { (f: RosterTextBatch.Field) in
              RosterBatch.slice(arena, batch.spans[i * RosterTextBatch.fieldCount + f.rawValue])
            }
            let id = field(.id)
            w.field(bytes: id)
            w.field(bytes: field(.name))
            for p in 0..<HouseholdTable.partCount {
              w.field(
                bytes: RosterBatch.slice(
                  arena, batch.spans[i * RosterTextBatch.fieldCount + RosterTextBatch.Field.district.rawValue + p]))
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
              w.emptyField()
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
            if isNeeded[r >> 6] & (1 << UInt64(r & 63)) != 0 {
              lists.texts[r] = RosterText(
                idNumber: String(decoding: id, as: UTF8.self), name: String(decoding: field(.name), as: UTF8.self),
                phone: String(decoding: field(.phone), as: UTF8.self), tags: Tags.split(field(.tags)))
            }
          }
        }
      }
    } catch { throw .ingest(error) }
    do { try finish(w, .residents) } catch { throw .report(error) }
    return lists
  }
}
