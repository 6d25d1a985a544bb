/// Which column of a file holds which canonical field, resolved once per file.
///
/// Matching (SPEC §2, §8 "Reading"): a header matches a field when, after trimming
/// spaces, tabs, line ends, U+3000 and a BOM (U+FEFF) from both ends, it equals one of
/// the field's aliases, ignoring the case of Latin letters (`ID_Number` = `id_number`;
/// Chinese text compares exactly). Then:
///
/// - An override (the pipeline's `columns:`, canonical field → header) wins over the
///   aliases. It names the header exactly as it is after trimming (case-sensitive); the
///   column it claims is not matched against other fields' aliases, and other columns
///   matching the overridden field's aliases are ignored as duplicates. An override for
///   a field the input kind does not have is ignored (the pipeline schema rejects it).
/// - When two headers match one field, the first column wins; the later ones are listed
///   in `ignoredDuplicates` (and not in `unmappedHeaders`).
/// - A header holding bytes invalid in the file's encoding (decoded as U+FFFD) matches no
///   alias.
///
/// Resolution is per file, not per row, so it works on `String`s.
public struct HeaderMapping: Sendable {
  /// The input kind whose alias table was used.
  public let kind: InputKind
  /// The header names as found, trimmed (see the type comment), in column order.
  public let headers: [String]
  /// The mapped fields and their 0-based columns, in the kind's table order.
  public let mapped: [(field: CanonicalField, column: Int)]
  /// Columns that matched an already mapped field (first column wins), in column order.
  public let ignoredDuplicates: [(field: CanonicalField, column: Int)]
  /// The 0-based columns that map to no field and are not ignored duplicates.
  public let unmappedColumns: [Int]
  /// Required fields (`FieldAliases.isRequired`) with no column, in table order.
  public let missingRequired: [CanonicalField]
  /// Overridden fields whose header is not in the file, in table order.
  public let missingOverrides: [CanonicalField]
  /// The overrides the mapping was resolved with.
  public let overrides: [CanonicalField: String]

  private let columnByField: [CanonicalField: Int]

  /// The headers that map to no field (and are not ignored duplicates), in column order.
  public var unmappedHeaders: [String] { unmappedColumns.map { headers[$0] } }

  /// The 0-based column holding `field`, or nil when the file has none.
  public func column(of field: CanonicalField) -> Int? { columnByField[field] }

  /// Matches `headers` against the alias table of `kind` without throwing.
  ///
  /// Use `resolve` to stop on a missing required column; this initializer leaves the
  /// gaps in `missingRequired` and `missingOverrides` (`natrecon inspect` shows them).
  public init(headers rawHeaders: [String], kind: InputKind, overrides: [CanonicalField: String] = [:])
  {
    let headers = rawHeaders.map(Self.trimmed)
    let folded = headers.map(Self.foldedLatinCase)
    let table = FieldAliases.table(of: kind)
    var fieldOfColumn = [CanonicalField?](repeating: nil, count: headers.count)
    var isDuplicate = [Bool](repeating: false, count: headers.count)
    var columnByField: [CanonicalField: Int] = [:]
    var duplicates: [(field: CanonicalField, column: Int)] = []
    var missingOverrides: [CanonicalField] = []

    // Overrides first: they claim their columns.
    for entry in table {
      guard let wanted = overrides[entry.field] else { continue }
      let target = Self.trimmed(wanted)
      if let column = headers.indices.first(where: { headers[$0] == target && fieldOfColumn[$0] == nil })
      {
        fieldOfColumn[column] = entry.field
        columnByField[entry.field] = column
      } else {
        missingOverrides.append(entry.field)
      }
    }
    // Then aliases, column by column, so the first matching column wins.
    let foldedAliases = table.map { $0.aliases.map(Self.foldedLatinCase) }
    for column in headers.indices where fieldOfColumn[column] == nil {
      guard let index = foldedAliases.firstIndex(where: { $0.contains(folded[column]) }) else {
        continue
      }
      let field = table[index].field
      if columnByField[field] == nil && overrides[field] == nil {
        fieldOfColumn[column] = field
        columnByField[field] = column
      } else {
        isDuplicate[column] = true
        duplicates.append((field, column))
      }
    }

    self.kind = kind
    self.headers = headers
    self.overrides = overrides
    self.columnByField = columnByField
    self.mapped = table.compactMap { entry in columnByField[entry.field].map { (entry.field, $0) } }
    self.ignoredDuplicates = duplicates
    self.unmappedColumns = headers.indices.filter { fieldOfColumn[$0] == nil && !isDuplicate[$0] }
    self.missingRequired = table.filter { $0.isRequired && columnByField[$0.field] == nil }.map(
      \.field)
    self.missingOverrides = missingOverrides
  }

  /// Resolves the columns of one file, stopping on a missing required column.
  ///
  /// - Parameters:
  ///   - headers: The header record as read (`CSVFileReader.readHeader()`).
  ///   - kind: The input kind whose alias table applies.
  ///   - overrides: The pipeline's `columns:` (canonical field → exact header).
  ///   - path: The file's display path, for the error.
  /// - Throws: `IngestError.missingColumn` naming the file, the first missing field, the
  ///   names tried (the override's header, or every alias) and the headers found — for a
  ///   missing required field, and also for an override whose header is not in the file
  ///   (an explicit `columns:` entry that matches nothing is a mistake, not an option).
  public static func resolve(
    headers: [String], kind: InputKind, overrides: [CanonicalField: String], path: String
  ) throws(IngestError) -> HeaderMapping {
    let mapping = HeaderMapping(headers: headers, kind: kind, overrides: overrides)
    if let error = mapping.missingColumnError(path: path) { throw error }
    return mapping
  }

  /// The error `resolve` throws for this mapping, or nil when nothing is missing.
  public func missingColumnError(path: String) -> IngestError? {
    let table = FieldAliases.table(of: kind)
    for entry in table
    where missingOverrides.contains(entry.field) || missingRequired.contains(entry.field) {
      let tried = overrides[entry.field].map { [Self.trimmed($0)] } ?? entry.aliases
      return .missingColumn(
        path: path, field: entry.field.rawValue, aliasesTried: tried, headersFound: headers)
    }
    return nil
  }

  /// Guesses the kind of a file from its headers: `tests` when some header matches a
  /// sample_time alias (采样时间, 采集时间, sample_time), else `roster`.
  public static func guessKind(headers: [String]) -> InputKind {
    let aliases = Set(FieldAliases.aliases(of: .sampleTime, in: .tests).map(foldedLatinCase))
    return headers.contains { aliases.contains(foldedLatinCase(trimmed($0))) } ? .tests : .roster
  }

  // MARK: - Normalisation

  /// Trims spaces, tabs, CR, LF, U+3000 (ideographic space) and U+FEFF (BOM) from both ends.
  public static func trimmed(_ header: String) -> String {
    let scalars = header.unicodeScalars
    func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
      switch scalar.value {
      case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xFEFF: true
      default: false
      }
    }
    guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
      let last = scalars.lastIndex(where: { !isTrimmed($0) })
    else { return "" }
    return String(scalars[first...last])
  }

  /// Lower-cases ASCII Latin letters only (headers compare case-insensitively for Latin
  /// letters; everything else compares exactly).
  static func foldedLatinCase(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
    return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
  }
}
