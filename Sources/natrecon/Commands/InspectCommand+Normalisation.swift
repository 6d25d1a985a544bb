import NatReconCore
import NatReconIO

extension InspectCommand {
  /// A dry run of the run's normalisation over a whole file (SPEC §2.4): what `run` would
  /// accept and reject, with the first line of each problem, in constant memory.
  ///
  /// It calls the engine's own parsers — `ResidentID.parse`, `Timestamp.parse`,
  /// `ResultClassifier` with the pipeline's `result_map` — and only labels their results
  /// for display (which accepted form a time had).
  struct NormalisationReport {
    let latestBirthDate: Int32
    let classifier: ResultClassifier
    let idColumn: Int?
    let timeColumns: [(name: String, column: Int)]
    let resultColumn: Int?

    /// Counts per label, in first-seen order, with the first line and value of each.
    struct Tally {
      var counts: [(label: String, count: Int, firstLine: Int, firstValue: String)] = []

      mutating func add(_ label: String, line: Int, value: @autoclosure () -> String) {
        if let i = counts.firstIndex(where: { $0.label == label }) {
          counts[i].count += 1
        } else {
          counts.append((label, 1, line, value()))
        }
      }
    }

    var ids = Tally()
    var times: [Tally]
    var results = Tally()

    init(mapping: HeaderMapping, kind: InputKind, asOf: Int64, resultMap: [String: TestResult]) {
      latestBirthDate = Timestamp.shanghaiDate(asOf)
      classifier = ResultClassifier(map: resultMap)
      idColumn = mapping.column(of: .idNumber)
      let timeFields: [CanonicalField] = kind == .tests ? [.sampleTime, .reportTime] : []
      timeColumns = timeFields.compactMap { field in mapping.column(of: field).map { (field.rawValue, $0) } }
      resultColumn = kind == .tests ? mapping.column(of: .result) : nil
      times = Array(repeating: Tally(), count: timeColumns.count)
    }

    /// Labels which problem rows count as problems (listed with their first line).
    static let problemLabels: Set<String> = [
      "checksum (id_checksum)", "mangled (id_mangled)", "invalid (invalid_id)", "empty (missing_field)",
      "unparsable (bad_time)", "unknown (unknown_result)",
    ]

    mutating func add(_ record: CSVRecord) {
      guard !record.hasProblem else { return }  // Reading problems are listed apart.
      let line = record.line
      if let idColumn {
        let raw = ByteText.trimmed(record.field(idColumn))
        let label: String
        switch ResidentID.parse(raw, latestBirthDate: latestBirthDate) {
        case .empty: label = "empty (missing_field)"
        case .mainland(_, let isValid):
          label = !isValid ? "checksum (id_checksum)" : Self.isLegacy(raw) ? "15-digit (converted)" : "valid"
        case .other: label = "other document"
        case .mangled: label = "mangled (id_mangled)"
        case .invalid: label = "invalid (invalid_id)"
        }
        ids.add(label, line: line, value: InspectCommand.maskedID(String(decoding: raw, as: UTF8.self)))
      }
      for (k, entry) in timeColumns.enumerated() {
        let raw = ByteText.trimmed(record.field(entry.column))
        let empty = entry.name == CanonicalField.sampleTime.rawValue ? "empty (missing_field)" : "empty"
        let label =
          raw.isEmpty ? empty : Timestamp.parse(raw) == nil ? "unparsable (bad_time)" : Self.timeForm(raw)
        times[k].add(label, line: line, value: String(decoding: raw, as: UTF8.self))
      }
      if let resultColumn {
        let raw = ByteText.trimmed(record.field(resultColumn))
        let label = classifier.classify(raw).map(\.word) ?? "unknown (unknown_result)"
        results.add(label, line: line, value: String(decoding: raw, as: UTF8.self))
      }
    }

    /// 15 digits after the ID's step-1 clean-up (`'`, blanks, `-` dropped): a legacy ID.
    static func isLegacy(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
      var digits = 0
      for byte in raw {
        if byte >= 0x30 && byte <= 0x39 {
          digits += 1
        } else if byte != 0x27 && byte != 0x20 && byte != 0x2D && byte != 0x09 {
          return false
        }
      }
      return digits == 15
    }

    /// The accepted form of a time `Timestamp.parse` accepted (SPEC §2.4), for display.
    static func timeForm(_ raw: UnsafeBufferPointer<UInt8>) -> String {
      let text = String(decoding: raw, as: UTF8.self)
      if raw.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        switch raw.count {
        case 10: return "epoch seconds"
        case 13: return "epoch milliseconds"
        case 14: return "YYYYMMDDHHMMSS"
        default: return "Excel serial"
        }
      }
      if !text.contains(":") { return "Excel serial" }
      if text.contains("年") { return "YYYY年M月D日 H:MM" }
      if text.contains("T") { return "ISO 8601" }
      if text.contains("/") { return "YYYY/M/D H:MM" }
      return "YYYY-MM-DD HH:MM"
    }

    func lines() -> [String] {
      var out: [String] = []
      func show(_ title: String, _ tally: Tally) {
        guard !tally.counts.isEmpty else { return }
        out.append(title + tally.counts.map { "\($0.label) \($0.count)" }.joined(separator: ", "))
        for entry in tally.counts where Self.problemLabels.contains(entry.label) {
          out.append("  first \(entry.label): line \(entry.firstLine) \"\(InspectCommand.escaped(entry.firstValue))\"")
        }
      }
      show("ids          ", ids)
      for (k, entry) in timeColumns.enumerated() {
        show("\(entry.name.padding(toLength: 13, withPad: " ", startingAt: 0))", times[k])
      }
      show("results      ", results)
      return out
    }
  }
}
