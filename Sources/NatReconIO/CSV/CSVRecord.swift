import NatReconCore

/// What is wrong with a record as read, before any field is interpreted (SPEC §6, §8).
public enum RecordProblem: Sendable, Equatable {
  /// More fields than the header, and some extra field is not empty: data issue
  /// `csv_syntax` ("10 fields, header has 9"; its value is `firstExtraValue`, the first
  /// extra field that is not empty once trimmed, decoded leniently).
  case extraFields(fieldCount: Int, headerCount: Int, firstExtraValue: String)
  /// A quote still open at the end of the file: data issue `csv_syntax` at the line where
  /// the record starts. The record holds everything up to the end of the file.
  case unterminatedQuote
  /// Bytes that are not valid in the file's encoding: data issue `bad_encoding`, the
  /// record's only issue (it wins over the two others).
  case badEncoding
  /// A record longer than `limitBytes` (`ReaderLimits.maxRecordBytes`): data issue
  /// `csv_syntax` at the line where it starts, its only issue; its fields are not read
  /// (a record given up while open has none, and the reader skipped to the next line end).
  case tooLong(limitBytes: Int)
}

/// A non-owning view of one data record of a CSV file.
///
/// Fields are raw UTF-8 bytes, exactly as libcsv delivers them: quotes removed, `""`
/// unescaped, blanks around an unquoted field trimmed by libcsv, nothing else trimmed or
/// interpreted (the engine trims). A record with fewer fields than the header reads as
/// padded with empty fields; one whose extra fields are all empty reads as if they were
/// not there.
///
/// - Warning: Valid only inside the closure it is passed to: the bytes belong to the
///   reader's reused batch buffer and are overwritten by the next chunk. Copy what you
///   keep.
public struct CSVRecord {
  @usableFromInline let bytes: UnsafePointer<UInt8>
  /// Field `k` spans `bytes[bounds[k] ..< bounds[k + 1]]`.
  @usableFromInline let bounds: UnsafePointer<Int>
  /// The fields present; 0 ≤ column < `fieldCount` have bytes.
  public let fieldCount: Int
  /// The header's field count (the file's first record).
  public let headerFieldCount: Int
  /// The 1-based physical line where the record starts (the header is line 1).
  public let line: Int
  @usableFromInline let problemCode: UInt8
  /// The fields present before empty extras were dropped (differs from `fieldCount` only
  /// for a tolerated record with empty extra fields).
  let presentFieldCount: Int

  static let noProblem: UInt8 = 0
  static let extraFieldsCode: UInt8 = 1
  static let unterminatedQuoteCode: UInt8 = 2
  static let badEncodingCode: UInt8 = 3
  static let tooLongCode: UInt8 = 4

  init(
    bytes: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, fieldCount: Int,
    headerFieldCount: Int, line: Int, problemCode: UInt8, presentFieldCount: Int
  ) {
    self.bytes = bytes
    self.bounds = bounds
    self.fieldCount = fieldCount
    self.headerFieldCount = headerFieldCount
    self.line = line
    self.problemCode = problemCode
    self.presentFieldCount = presentFieldCount
  }

  /// The raw bytes of the field in `column` (0-based); an empty buffer for a column the
  /// record does not have (short rows are padded).
  @inlinable
  public func field(_ column: Int) -> UnsafeBufferPointer<UInt8> {
    guard column >= 0 && column < fieldCount else {
      return UnsafeBufferPointer(start: bytes, count: 0)
    }
    let start = bounds[column]
    return UnsafeBufferPointer(start: bytes + start, count: bounds[column + 1] - start)
  }

  /// Whether the record could not be read cleanly (`problem` is then non-nil).
  @inlinable
  public var hasProblem: Bool { problemCode != 0 }

  /// What is wrong with the record, or nil.
  public var problem: RecordProblem? {
    switch problemCode {
    case Self.noProblem: nil
    case Self.unterminatedQuoteCode: .unterminatedQuote
    case Self.badEncodingCode: .badEncoding
    case Self.tooLongCode: .tooLong(limitBytes: ReaderLimits.maxRecordBytes)
    default: extraFieldsProblem()
    }
  }

  @inline(never)
  private func extraFieldsProblem() -> RecordProblem {
    var firstExtra = ""
    for column in headerFieldCount..<presentFieldCount {
      let extra = UnsafeBufferPointer(start: bytes + bounds[column], count: bounds[column + 1] - bounds[column])
      if ByteText.trimmed(extra).count > 0 {
        firstExtra = String(decoding: extra, as: UTF8.self)
        break
      }
    }
    return .extraFields(
      fieldCount: presentFieldCount, headerCount: headerFieldCount, firstExtraValue: firstExtra)
  }

  /// The field in `column` as a `String` (invalid UTF-8 repaired with U+FFFD), for
  /// diagnostics and reports, not for the per-row path.
  public func string(_ column: Int) -> String {
    String(decoding: field(column), as: UTF8.self)
  }
}
