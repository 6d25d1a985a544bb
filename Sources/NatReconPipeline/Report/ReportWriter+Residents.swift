import NatReconCore
import NatReconIO
import NatReconReports

extension ReportWriter {
  // MARK: - residents.csv (second roster pass)

  /// About the fewest bytes a residents.csv row takes (190 on average with generated
  /// data), for sizing the file before it is written (`open(_:expectedBytes:)`: whether
  /// it goes around the page cache from its first byte). A wrong guess changes only how
  /// the file is written, never its bytes.
  static let residentsRowBytesAtLeast = 150

  /// Rows between two ticks of the progress line.
  static let residentsTickRows = 8192

  /// Streams residents.csv in roster order and collects what later files need: a second
  /// read of the roster (its text fields are not kept in memory), whose records are read
  /// and split on a thread of their own (`readAhead`; `ReadAhead.off` is the reference)
  /// while this thread formats each resident's row straight from the record's fields.
  ///
  /// With `onTwoThreads` (and the reader on its thread) the rows are formatted on two,
  /// neither of them waiting on the other while there is work: the reader's blocks come
  /// in pairs, and a pair's records are split at a point (`ResidentSplit`) — the head is
  /// formatted by this thread straight into the file, the tail by a `JobThread` into a
  /// segment (`CSVTableWriter(segment:)`, two used in turn) with its lists apart. This
  /// thread hands pair n's tail to the helper, queued behind pair n − 1's (so the helper
  /// goes from one tail to the next without waiting for this thread; a pair's blocks stay
  /// until the next pair's turn, `ReadAhead.forEachBatchPair`), waits for pair n − 1's
  /// tail and moves it (its segment's rows, then its lists, `ReportLists.append`) into
  /// the file, then formats pair n's head: so the helper's share is set to match this
  /// thread's formatting plus that moving, from whether the helper was still busy when
  /// this thread was done. The
  /// split changes only who formats a row, never the bytes or their order: the same file
  /// and the same lists as one thread formatting record by record (the reference,
  /// `onTwoThreads` false; `ParallelReportTests` compares them).
  mutating func writeResidents(
    roster: Roster, needed: Set<Int>, progress: ProgressLine, readAhead: ReadAhead = ReadAhead(),
    onTwoThreads: Bool = true
  ) throws(RunFailure) -> ReportLists {
    let w: CSVTableWriter
    do {
      w = try open(.residents, expectedBytes: roster.residents.count * Self.residentsRowBytesAtLeast)
    } catch { throw .report(error) }
    // One bit per resident: a `Set` lookup per row cost ≈ 160 instructions (hashing).
    var isNeeded = [UInt64](repeating: 0, count: roster.residents.count / 64 + 1)
    for n in needed where n >= 0 && n < roster.residents.count { isNeeded[n >> 6] |= 1 << UInt64(n & 63) }
    let main = ResidentRows(writer: w, roster: roster, times: times, isNeeded: isNeeded)
    let helper = onTwoThreads && readAhead.isOn ? JobThread() : nil
    // The helper's two segments, in turn: one being formatted, the other being moved.
    let sides = helper.map { _ in
      (0..<2).map { _ in
        ResidentRows(writer: CSVTableWriter(segment: ()), roster: roster, times: times, isNeeded: isNeeded)
      }
    }
    defer { helper?.stop() }
    var row = 0
    var r = 0
    var ticked = 0
    func advance(rows: Int) {
      row += rows
      ticked += rows
      if ticked >= Self.residentsTickRows {
        progress.tick(rows: ticked, stage: "residents")
        ticked = 0
      }
    }
    var split = ResidentSplit()
    var turn = 0
    // The segment whose rows (a pair's tail) are formatted but not yet in the file.
    var pending: ResidentRows?
    func movePending() {
      guard let side = pending else { return }
      w.append(rowsOf: side.writer)
      main.append(side.takeLists())
      pending = nil
    }
    do {
      // The roster's files in order; each is read and split on a thread of its own
      // (`ReadAhead`) while this thread (and the helper) formats its records.
      for file in roster.files {
        let (reader, columns, _) = try InputOpener.open(file, kind: .roster, input: spec.roster)
        let c = RosterColumnSet(columns)
        if let helper, let sides {
          try readAhead.forEachBatchPair(
            reader,
            { first, second in
              let pair = ResidentRows.Pair(first, second)
              let head = split.headRecords(of: pair.count)
              let tailRow = row + head
              let tailResident = r + roster.residentCount(rows: row..<tailRow)
              // This pair's tail goes to the helper first, queued behind the previous
              // pair's, so the helper goes on to it without waiting for this thread.
              let hasTail = head < pair.count
              let side = sides[turn]
              if hasTail {
                turn ^= 1
                helper.start {
                  side.format(
                    pair, records: head..<pair.count, columns: c, firstRow: tailRow, firstResident: tailResident)
                }
              }
              // The previous pair's tail goes into the file before this pair's head.
              helper.wait(leaving: hasTail ? 1 : 0)
              movePending()
              main.format(pair, records: 0..<head, columns: c, firstRow: row, firstResident: r)
              split.adapt(helperWasDone: helper.isIdle)
              if hasTail { pending = side }
              r = tailResident + roster.residentCount(rows: tailRow..<row + pair.count)
              advance(rows: pair.count)
            },
            last: {
              helper.wait()
              movePending()
            })
        } else {
          try readAhead.forEachRecord(reader) { record in
            if main.format(record, columns: c, row: row, resident: r) { r += 1 }
            advance(rows: 1)
          }
        }
      }
      progress.tick(rows: ticked, stage: "residents")
    } catch {
      movePending()
      throw .ingest(error)
    }
    do { try finish(w, .residents) } catch { throw .report(error) }
    return main.takeLists()
  }
}

/// Where the residents pass splits each pair of blocks between its two threads: the
/// calling thread formats the head (and moves the helper's previous segment into the
/// file), the helper the tail. The helper's share, in 64ths of the pair, moves by one
/// after every pair towards the point where neither waits for the other. It changes only
/// which thread formats a row, never the bytes.
struct ResidentSplit {
  /// The helper's share of a pair, in 64ths (1…63).
  private(set) var helperShare = 36

  /// Records of a pair of `count` the calling thread formats (the head).
  func headRecords(of count: Int) -> Int {
    count - count * helperShare / 64
  }

  /// After a pair: a helper that was done before the calling thread is given more, one
  /// still busy less.
  mutating func adapt(helperWasDone: Bool) {
    helperShare = helperWasDone ? min(63, helperShare + 1) : max(1, helperShare - 1)
  }
}

extension Roster {
  /// Residents among the roster rows `rows` (rows past the roster's are none).
  func residentCount(rows: Range<Int>) -> Int {
    var n = 0
    for row in rows where row < rowCount && isResident(row: row) { n += 1 }
    return n
  }
}

/// One thread's share of the residents pass: formats residents' rows into `writer`
/// (residents.csv's own, or a segment) and collects the gap, expiring and other files'
/// entries in `lists`. Reads the roster only.
final class ResidentRows: @unchecked Sendable {
  let writer: CSVTableWriter
  private(set) var lists = ReportLists()
  private let roster: Roster
  private let res: ResidentColumns
  private let reasons: ExemptReasons
  private var reasonCursor = ExemptReasons.Cursor()
  private let times: RunTimes
  private let isNeeded: [UInt64]
  private let latestBirthDate: Int32
  /// residents.csv's `last_result` word of each raw result value.
  private let resultWords: [[UInt8]]
  /// A mainland ID's normalised text (18 characters), written per row.
  private let idText = UnsafeMutablePointer<UInt8>.allocate(capacity: 18)

  init(writer: CSVTableWriter, roster: Roster, times: RunTimes, isNeeded: [UInt64]) {
    self.writer = writer
    self.roster = roster
    res = roster.residents
    reasons = roster.exemptReasons
    self.times = times
    self.isNeeded = isNeeded
    latestBirthDate = Timestamp.shanghaiDate(times.asOf)
    resultWords = (0...255).map { Array((TestResult(rawValue: UInt8($0)) ?? .pending).word.utf8) }
  }

  deinit { idText.deallocate() }

  /// Appends what another thread collected for rows after this one's.
  func append(_ later: ReportLists) { lists.append(later) }

  /// The lists collected so far, leaving this thread's empty.
  func takeLists() -> ReportLists {
    defer { lists = ReportLists() }
    return lists
  }

  /// A pair of the reader's blocks (`ReadAhead.forEachBatchPair`), as one run of records.
  struct Pair: @unchecked Sendable {
    let first: CSVRecordBlock
    let second: CSVRecordBlock?

    init(_ first: CSVRecordBlock, _ second: CSVRecordBlock?) {
      self.first = first
      self.second = second
    }

    var count: Int { first.count + (second?.count ?? 0) }

    /// Calls `body` with the records at positions `records` of the pair, in order.
    func forEachRecord(in records: Range<Int>, _ body: (CSVRecord) -> Void) {
      let split = first.count
      first.forEachRecord(in: min(records.lowerBound, split)..<min(records.upperBound, split), body)
      if let second, records.upperBound > split {
        second.forEachRecord(in: max(records.lowerBound, split) - split..<records.upperBound - split, body)
      }
    }
  }

  /// Formats the residents among the records at positions `records` of `pair`, the first
  /// of them at roster row `firstRow` and the first resident among them numbered
  /// `firstResident`; returns how many there were.
  @discardableResult
  func format(_ pair: Pair, records: Range<Int>, columns c: RosterColumnSet, firstRow: Int, firstResident: Int)
    -> Int
  {
    var row = firstRow
    var r = firstResident
    pair.forEachRecord(in: records) { record in
      if format(record, columns: c, row: row, resident: r) { r += 1 }
      row += 1
    }
    return r - firstResident
  }

  /// Formats roster row `row`'s record when that row is a resident (numbered `r`);
  /// rejected rows (a reader problem among them) and duplicates are not. Returns whether
  /// it was.
  @inline(__always)
  func format(_ record: CSVRecord, columns c: RosterColumnSet, row: Int, resident r: Int) -> Bool {
    guard row < roster.rowCount, roster.isResident(row: row) else { return false }
    // The normalised ID: a plain 18-character ID is its own text (it was accepted, so it
    // parsed as a mainland ID); any other form is parsed again.
    let raw = record.trimmed(c.id)
    if ResidentID.writePlainText(raw, to: idText) {
      format(r, id: UnsafeBufferPointer(start: idText, count: 18), record, c)
      return true
    }
    switch ResidentID.parse(raw, latestBirthDate: latestBirthDate) {
    case .mainland(let key, _):
      ResidentID.writeText(mainlandKey: key, parsedFrom: raw, to: idText)
      format(r, id: UnsafeBufferPointer(start: idText, count: 18), record, c)
    case .other(let bytes):
      bytes.withUnsafeBufferPointer { format(r, id: $0, record, c) }
    case .empty, .mangled, .invalid:
      format(r, id: UnsafeBufferPointer(start: idText, count: 0), record, c)  // never a resident
    }
    return true
  }

  /// One residents.csv row, and the gap, expiring and other files' entries.
  private func format(_ r: Int, id: UnsafeBufferPointer<UInt8>, _ record: CSVRecord, _ c: RosterColumnSet) {
    let name = record.trimmed(c.name)
    let status = record.trimmed(c.status)
    let isEligible = res.isEligible(r)
    let isTested = res.isTestedInRound(r)
    let last = res.lastSampleTime[r]
    let hasTest = last != ResidentColumns.none
    let negative = res.lastNegativeAnchor[r]
    let cert = Certificate(residents: res, r, times: times)
    let reason = reasonCursor.reasonID(of: r, in: reasons)
    // The address parts, trimmed once: their lengths bound the row's bytes.
    var maxBytes =
      CSVRow.textBytes(id.count) + CSVRow.textBytes(name.count) + CSVRow.textBytes(status.count) + 3
      * CSVRow.timeBytes + 4 * CSVRow.boolBytes + CSVRow.textBytes(8) + 2
    withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<UInt8>.self, capacity: HouseholdTable.partCount) { parts in
      for p in 0..<HouseholdTable.partCount {
        parts[p] = record.trimmed(c.address[p])
        maxBytes += CSVRow.textBytes(parts[p].count)
      }
      if let reason {
        reasons.withText(reason) { text in
          writeRow(
            id, name, parts, status, isEligible, isTested, last, hasTest, negative, cert, r, reason: text, maxBytes)
        }
      } else {
        writeRow(
          id, name, parts, status, isEligible, isTested, last, hasTest, negative, cert, r, reason: nil, maxBytes)
      }
    }
    if let reason { lists.householdReasons.add(household: res.household[r], reason: reason) }

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

  /// residents.csv's columns (`MachineFile.residents`), in one `CSVRow`.
  @inline(__always)
  private func writeRow(
    _ id: UnsafeBufferPointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>,
    _ parts: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>, _ status: UnsafeBufferPointer<UInt8>,
    _ isEligible: Bool, _ isTested: Bool, _ last: Int64, _ hasTest: Bool, _ negative: Int64, _ cert: Certificate,
    _ r: Int, reason: UnsafeBufferPointer<UInt8>?, _ maxBytes: Int
  ) {
    let bytes = maxBytes + (reason.map { CSVRow.textBytes($0.count) } ?? 1)
    writer.row(maxBytes: bytes) { row in
      row.text(id)
      row.text(name)
      for p in 0..<HouseholdTable.partCount { row.text(parts[p]) }
      row.text(status)
      row.bool(isEligible)
      row.bool(isTested)
      row.time(hasTest ? last : nil)
      if hasTest {
        resultWords[Int(res.lastResult[r])].withUnsafeBufferPointer { row.text($0) }
      } else {
        row.empty()
      }
      row.time(negative != ResidentColumns.none ? negative : nil)
      row.bool(cert.isValid)
      row.time(cert.expiresAt)
      row.bool(cert.isExpiringSoon)
      if let reason { row.text(reason) } else { row.empty() }
    }
  }
}
