import NatReconCore
import NatReconIO

/// One person in one positive tube (a row of positive_tubes.csv before names are filled).
struct TubeMember {
  var sampleTime = Int64.min
  var result = TestResult.pending
  var name = LatestValue()
  var phone = LatestValue()
  /// The resident index when matched.
  var resident: Int?

  /// Folds one used record in (SPEC §3: latest record; name and phone from the latest
  /// record with a non-empty value, the later-read one at equal times).
  mutating func add(
    sampleTime: Int64, result: TestResult, name: UnsafeBufferPointer<UInt8>, phone: UnsafeBufferPointer<UInt8>,
    order: UInt64
  ) {
    LatestRecord.fold(sampleTime: sampleTime, result: result, into: &self.sampleTime, lastResult: &self.result)
    self.name.offer(name, at: sampleTime, order: order)
    self.phone.offer(phone, at: sampleTime, order: order)
  }

  /// Merges the same person's entry from another file (in any order: the merge is
  /// commutative).
  mutating func merge(_ other: TubeMember) {
    LatestRecord.fold(sampleTime: other.sampleTime, result: other.result, into: &sampleTime, lastResult: &result)
    name.merge(other.name)
    phone.merge(other.phone)
    resident = resident ?? other.resident
  }
}

/// Finds every person with a used record in a positive tube (混管阳性 → 单管复核).
///
/// The probe learns which tubes are positive only as it reads them, and a tube's other
/// members may come earlier, so members are collected in a second pass — run only when
/// there is a positive tube. This keeps memory bounded by the positive tubes' members
/// instead of holding every tube of every export. The second pass reads the probe's
/// `TubeSpillWriter` scratch files (about 12 bytes per used record with a tube); when one
/// is missing (it could not be written), it parses the exports again instead.
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

  func scan(files: [InputFile], spills: [String?] = [], tubes: Set<String>, roster: Roster)
    throws(IngestError) -> [MemberKey: TubeMember]
  {
    var members: [MemberKey: TubeMember] = [:]
    guard !tubes.isEmpty else { return members }
    let frozen = Frozen((table: roster.table, otherDocuments: roster.otherDocuments, tubes: tubes))
    let scanner = self
    let spillPaths = spills.compactMap { $0 }
    if spillPaths.count == files.count {
      try ParallelFiles.inArrivalOrder(files: files) {
        (index: Int, emit: ([MemberKey: TubeMember]) -> Void) throws(IngestError) in
        emit(
          try scanner.scanSpill(
            spillPaths[index], file: files[index], fileIndex: index, table: frozen.value.table,
            otherDocuments: frozen.value.otherDocuments, tubes: frozen.value.tubes))
      } consume: { _, fileMembers in
        for (key, member) in fileMembers { members[key, default: TubeMember()].merge(member) }
      }
      return members
    }
    // One batch per file: that file's members, merged as files finish (name/phone ties
    // go by read order, see `LatestValue`).
    try ParallelFiles.inArrivalOrder(files: files) {
      (index: Int, emit: ([MemberKey: TubeMember]) -> Void) throws(IngestError) in
      emit(
        try scanner.scan(
          files[index], fileIndex: index, table: frozen.value.table, otherDocuments: frozen.value.otherDocuments,
          tubes: frozen.value.tubes))
    } consume: { _, fileMembers in
      for (key, member) in fileMembers { members[key, default: TubeMember()].merge(member) }
    }
    return members
  }

  /// The members of positive tubes in one file's scratch file (a worker thread).
  private func scanSpill(
    _ path: String, file: InputFile, fileIndex: Int, table: KeyTable, otherDocuments: ByteInterner,
    tubes: Set<String>
  ) throws(IngestError) -> [MemberKey: TubeMember] {
    var members: [MemberKey: TubeMember] = [:]
    let tubeHashes = Self.hashes(tubes)
    // The spill writes a tube once per run of records with that tube, and the reader asks
    // about it once per run: a byte-hash check, then the exact ID.
    var tube = ""
    try TubeSpillReader.forEach(path: path, displayPath: file.displayPath) { bytes in
      guard tubeHashes.contains(ByteInterner.hash(bytes)) else { return false }
      tube = String(decoding: bytes, as: UTF8.self)
      return tubes.contains(tube)
    } _: { record in
      var key = record.key
      if key == DocumentKey.unresolved {
        // The probe's fold interned every unmatched record's document, so this finds it.
        guard let found = DocumentKey.find(record.otherText, in: otherDocuments) else { return }
        key = found
      }
      let memberKey = MemberKey(tube: tube, key: key)
      var member = members[memberKey] ?? TubeMember()
      member.add(
        sampleTime: record.sampleTime, result: record.result, name: record.name, phone: record.phone,
        order: LatestValue.readOrder(file: fileIndex, line: record.line))
      // Only members of positive tubes get here: one key-table lookup each.
      member.resident = table.find(key).map(Int.init)
      members[memberKey] = member
    }
    return members
  }

  /// Byte hashes of the positive tube IDs: most records' tubes are negative, and a hash
  /// check comes before building a `String`.
  private static func hashes(_ tubes: Set<String>) -> Set<UInt32> {
    Set(
      tubes.map { tube in
        var copy = tube
        return copy.withUTF8 { ByteInterner.hash($0) }
      })
  }

  /// The members of positive tubes in one file (a worker thread).
  private func scan(
    _ file: InputFile, fileIndex: Int, table: KeyTable, otherDocuments: ByteInterner, tubes: Set<String>
  ) throws(IngestError) -> [MemberKey: TubeMember] {
    var members: [MemberKey: TubeMember] = [:]
    var ignored = IgnoredIssues()
    let tubeHashes = Self.hashes(tubes)
    let (reader, columns, _) = try InputOpener.open(file, kind: .tests, input: spec.tests)
    let c = TestColumnSet(columns)
    guard c.tube >= 0 else { return members }
    try reader.forEachRecord { record in
      guard record.problem == nil else { return }
      let tubeBytes = record.trimmed(c.tube)
      // Most rows' tubes are negative: a byte-hash check first, a String only on a hit.
      guard !tubeBytes.isEmpty, tubeHashes.contains(ByteInterner.hash(tubeBytes)) else { return }
      let tube = String(decoding: tubeBytes, as: UTF8.self)
      guard tubes.contains(tube) else { return }
      let test = parser.parse(record, columns: c, file: file.displayPath, issues: &ignored)
      guard test.disposition == .used else { return }
      // The probe interned every used record's document (roster or unmatched), so
      // this lookup finds it.
      guard let key = DocumentKey.find(test.id, in: otherDocuments) else { return }
      let memberKey = MemberKey(tube: tube, key: key)
      var member = members[memberKey] ?? TubeMember()
      member.add(
        sampleTime: test.sampleTime, result: test.resultAtAsOf, name: record.trimmed(c.name),
        phone: record.trimmed(c.phone), order: LatestValue.readOrder(file: fileIndex, line: record.line))
      member.resident = table.find(key).map(Int.init)
      members[memberKey] = member
    }
    return members
  }
}
