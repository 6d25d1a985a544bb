/// Which column of a file holds which canonical field, resolved once per file.
///
/// Matching (SPEC §2, §5, §8 "Reading"): a header matches a name when, after trimming
/// spaces, tabs, line ends, U+3000 and a BOM (U+FEFF) from both ends, it equals the name,
/// ignoring the case of Latin letters (`ID_Number` = `id_number`; Chinese text compares
/// exactly). Then:
///
/// - Explicit names (the pipeline's `columns:`, canonical field → a header or a list of
///   headers) are tried first, field by field in table order and each field's names in
///   the order written: the first column matching a name is claimed for that field, and a
///   claimed column is not matched against other fields' names. A field none of whose
///   explicit names is in the file falls back to its built-in aliases (SPEC §5: "the
///   built-in aliases still apply after them"), so one mapping serves files whose headers
///   differ. Explicit names for a field the input kind does not have are ignored (the
///   pipeline schema rejects them).
/// - Then the built-in aliases, column by column: when two headers match one field, the
///   first column wins; the later ones — and columns matching the aliases of a field an
///   explicit name already placed — are listed in `ignoredDuplicates` (and not in
///   `unmappedHeaders`).
/// - A header holding bytes invalid in the file's encoding (decoded as U+FFFD) matches no
///   name.
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
  /// Fields with explicit names none of which is in the file (they fell back to their
  /// built-in aliases), in table order.
  public let unmatchedExplicitNames: [CanonicalField]
  /// The explicit names (`columns:`) the mapping was resolved with.
  public let explicitNames: [CanonicalField: [String]]

  private let columnByField: [CanonicalField: Int]

  /// The headers that map to no field (and are not ignored duplicates), in column order.
  public var unmappedHeaders: [String] { unmappedColumns.map { headers[$0] } }

  /// The 0-based column holding `field`, or nil when the file has none.
  public func column(of field: CanonicalField) -> Int? { columnByField[field] }

  /// Matches `headers` against the alias table of `kind` without throwing.
  ///
  /// Use `resolve` to stop on a missing required column; this initializer leaves the
  /// gaps in `missingRequired` (`natrecon inspect` shows them).
  public init(
    headers rawHeaders: [String], kind: InputKind, explicitNames: [CanonicalField: [String]] = [:]
  ) {
    let headers = rawHeaders.map(Self.trimmed)
    let folded = headers.map(Self.foldedLatinCase)
    let table = FieldAliases.table(of: kind)
    var fieldOfColumn = [CanonicalField?](repeating: nil, count: headers.count)
    var isDuplicate = [Bool](repeating: false, count: headers.count)
    var columnByField: [CanonicalField: Int] = [:]
    var duplicates: [(field: CanonicalField, column: Int)] = []
    var unmatchedExplicit: [CanonicalField] = []

    // Explicit names first, each field's in the order written: they claim their columns.
    for entry in table {
      guard let names = explicitNames[entry.field], !names.isEmpty else { continue }
      let found = names.lazy.map { Self.foldedLatinCase(Self.trimmed($0)) }.compactMap { name in
        headers.indices.first { folded[$0] == name && fieldOfColumn[$0] == nil }
      }.first
      if let column = found {
        fieldOfColumn[column] = entry.field
        columnByField[entry.field] = column
      } else {
        unmatchedExplicit.append(entry.field)
      }
    }
    // Then aliases, column by column, so the first matching column wins.
    let foldedAliases = table.map { $0.aliases.map(Self.foldedLatinCase) }
    for column in headers.indices where fieldOfColumn[column] == nil {
      guard let index = foldedAliases.firstIndex(where: { $0.contains(folded[column]) }) else {
        continue
      }
      let field = table[index].field
      if columnByField[field] == nil {
        fieldOfColumn[column] = field
        columnByField[field] = column
      } else {
        isDuplicate[column] = true
        duplicates.append((field, column))
      }
    }

    self.kind = kind
    self.headers = headers
    self.explicitNames = explicitNames
    self.columnByField = columnByField
    self.mapped = table.compactMap { entry in columnByField[entry.field].map { (entry.field, $0) } }
    self.ignoredDuplicates = duplicates
    self.unmappedColumns = headers.indices.filter { fieldOfColumn[$0] == nil && !isDuplicate[$0] }
    self.missingRequired = table.filter { $0.isRequired && columnByField[$0.field] == nil }.map(
      \.field)
    self.unmatchedExplicitNames = unmatchedExplicit
  }

  /// Resolves the columns of one file, stopping on a missing required column.
  ///
  /// - Parameters:
  ///   - headers: The header record as read (`CSVFileReader.readHeader()`).
  ///   - kind: The input kind whose alias table applies.
  ///   - explicitNames: The pipeline's `columns:` (canonical field → headers to try first).
  ///   - path: The file's display path, for the error.
  /// - Throws: `IngestError.missingColumn` naming the file, the first missing required
  ///   field, the names tried (its explicit names first, then its aliases) and the headers
  ///   found. An explicit name that matches nothing is not an error by itself: each file
  ///   resolves its own columns, and the aliases still apply.
  public static func resolve(
    headers: [String], kind: InputKind, explicitNames: [CanonicalField: [String]], path: String
  ) throws(IngestError) -> HeaderMapping {
    let mapping = HeaderMapping(headers: headers, kind: kind, explicitNames: explicitNames)
    if let error = mapping.missingColumnError(path: path) { throw error }
    return mapping
  }

  /// The error `resolve` throws for this mapping, or nil when nothing is missing.
  public func missingColumnError(path: String) -> IngestError? {
    guard let field = missingRequired.first else { return nil }
    return .missingColumn(
      path: path, field: field.rawValue, aliasesTried: namesTried(for: field), headersFound: headers)
  }

  /// The names matched against the headers for `field`, in the order tried: its explicit
  /// names (trimmed), then its built-in aliases not already among them.
  public func namesTried(for field: CanonicalField) -> [String] {
    let explicit = (explicitNames[field] ?? []).map(Self.trimmed)
    let seen = Set(explicit.map(Self.foldedLatinCase))
    return explicit + FieldAliases.aliases(of: field, in: kind).filter { !seen.contains(Self.foldedLatinCase($0)) }
  }

  /// Guesses the kind of a file from its headers: `tests` when some header matches a
  /// sample_time alias (采样时间, 采集时间, sample_time), else `exemptions` when one
  /// matches a reason alias (免检原因, 原因, …), else `roster`.
  public static func guessKind(headers: [String]) -> InputKind {
    func has(_ field: CanonicalField, of kind: InputKind) -> Bool {
      let aliases = Set(FieldAliases.aliases(of: field, in: kind).map(foldedLatinCase))
      return headers.contains { aliases.contains(foldedLatinCase(trimmed($0))) }
    }
    if has(.sampleTime, of: .tests) { return .tests }
    return has(.reason, of: .exemptions) ? .exemptions : .roster
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
