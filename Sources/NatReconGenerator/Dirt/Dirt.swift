/// The kinds of dirt a dirty-mode row can carry (SPEC §2.3, §6, §8), one per row at most.
///
/// Errors make the engine reject the row (`id_mangled`, `invalid_id`, `missing_field`,
/// `csv_syntax`, `bad_time` on sample_time, `unknown_result`, `duplicate_resident`);
/// warnings keep it (`id_checksum`, `bad_time` on report_time, `report_before_sample`,
/// `name_mismatch`, `sample_after_as_of`); the rest is dirt the engine must silently
/// normalise (`'` prefixes, full-width digits, legacy IDs, padding, short rows, …).
enum Dirt: Int, CaseIterable, Sendable {
  case none
  // ID column
  case apostropheID  // '310104…  (Excel's text marker)
  case fullWidthID  // ３１０１０４…
  case spacedID  // 310104 19800101 1234 / 310104-1980…
  case paddedID  // "　310104…  " (U+3000, spaces, tab)
  case lowerX  // …123x
  case legacyID  // 15-digit pre-1999 form
  case badCheckDigit  // id_checksum (warning)
  case mangledID  // 3.10104E+17 (id_mangled, error)
  case invalidID  // 不详 (invalid_id, error)
  case missingID  // empty (missing_field, error)
  // Row shape
  case shortRow  // trailing optional fields missing (padded by the reader)
  case trailingEmpty  // ",," beyond the header (tolerated)
  case extraField  // ",补录" beyond the header (csv_syntax, error)
  // Roster only
  case missingName  // missing_field
  case missingRoom  // missing_field
  case duplicate  // an earlier resident again (duplicate_resident, error)
  // Tests only
  case missingSample  // missing_field
  case badSampleTime  // bad_time (error)
  case badReportTime  // bad_time (warning)
  case reportBeforeSample  // warning
  case farFutureSample  // sample_after_as_of (warning)
  case unknownResult  // unknown_result (error)
  case wordyResult  // ORF1a/b阴性，N基因阴性 (negative by the 阴性 rule)
  case nameMismatch  // a homophone character (warning)
  case maskedName  // **文 / 张*文 (not compared)

  /// Appends what a row-shape dirt adds after the last column: `,,` for `trailingEmpty`,
  /// `,` + `extraField` (UTF-8) for `extraField`, nothing for the rest.
  @inline(__always)
  func appendRowEnd(extraField: [UInt8], to out: inout [UInt8]) {
    switch self {
    case .trailingEmpty: out.append(contentsOf: [CSVBytes.comma, CSVBytes.comma])
    case .extraField:
      out.append(CSVBytes.comma)
      out.append(contentsOf: extraField)
    default: break
    }
  }
}

/// Per-row dirt rates (per million rows) for each input kind, and a few file-level styles.
enum DirtRates {
  static let roster: [(Dirt, Int)] = [
    (.apostropheID, 8000), (.fullWidthID, 1500), (.spacedID, 800), (.paddedID, 6000), (.lowerX, 3000),
    (.legacyID, 3000), (.badCheckDigit, 500), (.mangledID, 600), (.invalidID, 400), (.missingName, 300),
    (.missingRoom, 300), (.shortRow, 5000), (.trailingEmpty, 8000), (.extraField, 300), (.duplicate, 2000),
  ]
  static let tests: [(Dirt, Int)] = [
    (.apostropheID, 6000), (.fullWidthID, 1500), (.spacedID, 800), (.paddedID, 5000), (.lowerX, 3000),
    (.legacyID, 2000), (.badCheckDigit, 500), (.mangledID, 1000), (.invalidID, 400), (.missingID, 400),
    (.shortRow, 4000), (.trailingEmpty, 6000), (.extraField, 400), (.missingSample, 300),
    (.badSampleTime, 1000), (.badReportTime, 1000), (.reportBeforeSample, 500), (.farFutureSample, 200),
    (.unknownResult, 1000), (.wordyResult, 2000), (.nameMismatch, 3000), (.maskedName, 10000),
  ]
}

/// Decides each row's dirt: at the rates of `DirtRates`, and — so that even a file of a
/// few hundred rows shows every kind — each kind once more at a seeded row spread over
/// the file's expected length (files expected to hold 300 rows or more).
struct DirtPicker {
  private var rng: SplitMix64
  private let kinds: [Dirt]
  private let cumulative: [Int]
  private var forced: [(row: Int, dirt: Dirt)] = []
  private var nextForced = 0
  let isEnabled: Bool
  /// Files expected to be smaller get dirt only at the rates.
  static let minimumRowsForForcing = 300

  /// - Parameters:
  ///   - rates: Kinds with their rates per million rows.
  ///   - expectedRows: About how many rows the file will have.
  ///   - enabled: False in clean mode: every row is `.none`.
  init(rates: [(Dirt, Int)], expectedRows: Int, enabled: Bool, rng: SplitMix64) {
    self.rng = rng
    self.isEnabled = enabled
    kinds = rates.map(\.0)
    var c: [Int] = []
    var sum = 0
    for (_, r) in rates {
      sum += r
      c.append(sum)
    }
    cumulative = c
    // Forcing ~20 kinds into a tiny file would push its reject rate past 5%.
    guard enabled, expectedRows >= Self.minimumRowsForForcing else { return }
    let spacing = max(4, expectedRows / (rates.count + 1))
    var picked: [(Int, Dirt)] = []
    for (k, kind) in kinds.enumerated() {
      picked.append(((k + 1) * spacing - spacing / 2 + self.rng.below(max(1, spacing / 2)), kind))
    }
    // A kind per row: on a collision the later kind moves one row on.
    picked.sort { $0.0 < $1.0 }
    var last = -1
    for (row, kind) in picked {
      let r = max(row, last + 1)
      forced.append((r, kind))
      last = r
    }
  }

  /// The dirt for row `row` (0-based data row); call with increasing rows.
  @inline(__always)
  mutating func dirt(row: Int) -> Dirt {
    guard isEnabled else { return .none }
    while nextForced < forced.count && forced[nextForced].row < row { nextForced += 1 }
    if nextForced < forced.count && forced[nextForced].row == row {
      nextForced += 1
      return forced[nextForced - 1].dirt
    }
    let r = rng.below(1_000_000)
    guard let total = cumulative.last, r < total else { return .none }
    var i = 0
    while cumulative[i] <= r { i += 1 }
    return kinds[i]
  }

  /// A random number for the dirt's details (which junk value, which character).
  @inline(__always)
  mutating func below(_ n: Int) -> Int { rng.below(n) }

  @inline(__always)
  mutating func chance(_ p: Double) -> Bool { rng.chance(p) }
}
