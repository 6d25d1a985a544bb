/// The text encoding of an input, as a pipeline's `encoding:` names it (SPEC §2, §5).
///
/// `auto` decides from the bytes (see `CSVFileReader`); a reader's `resolvedEncoding`
/// is always `utf8` or `gb18030`.
public enum TextEncoding: String, Sendable, CaseIterable {
  case auto
  case utf8 = "utf-8"
  case gb18030
}

/// How an input file is compressed; detected from its magic bytes, never its name.
public enum Compression: String, Sendable {
  case none
  case gzip
}

/// Which kind of input a file is: a roster (SPEC §2.1), a test export (SPEC §2.2) or an
/// exemption list (SPEC §2.3).
public enum InputKind: String, Sendable, CaseIterable {
  case roster
  case tests
  case exemptions
}

/// A column the engine understands, named as in SPEC §2.1–§2.3 (raw value = snake_case).
public enum CanonicalField: String, Sendable, CaseIterable {
  case idNumber = "id_number"
  case idType = "id_type"
  case name
  case phone
  case district
  case street
  case committee
  case compound
  case building
  case unit
  case room
  case status
  case tags
  case sampleTime = "sample_time"
  case reportTime = "report_time"
  case result
  case tubeID = "tube_id"
  case site
  case institution
  case reason
  case from
  case until
}
