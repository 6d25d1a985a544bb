/// What `encoding: auto` weighs to choose between UTF-8 and GB18030 (SPEC §8 Reading),
/// counted over the sniff window (up to 1 MiB from the first non-ASCII byte), and the
/// rule that decides.
///
/// The bytes are read both ways. As UTF-8: well-formed multi-byte sequences (three- and
/// four-byte ones, CJK, apart), Latin letters with diacritics written next to an ASCII
/// letter (`José`, `Müller`), ill-formed bytes, and whether the only flaw is a character
/// cut off by the end of the file. As GB18030: characters of the GB2312 area (A1–A9 and
/// B0–F7 leads with A1–FE trails: the common hanzi and punctuation of Chinese text),
/// other valid characters (GBK extensions, four-byte forms: rare in real text), invalid
/// bytes.
///
/// The rule: UTF-8 unless GB18030 explains the bytes clearly better —
/// - UTF-8 that is ill-formed in at least 1 of 20 sequences, read as GB18030 with fewer
///   than 1 in 20 invalid and at least half of its characters common ones: GB18030 (a
///   GB18030 export). Otherwise UTF-8 (a UTF-8 export with damaged bytes, or a Latin-1
///   file, whose GB18030 reading would be rare characters: as UTF-8 its records become
///   `bad_encoding` instead of silent mojibake).
/// - Well-formed UTF-8 whose sequences are all two-byte ones (U+0080–U+07FF: Armenian,
///   Hebrew, Cyrillic, … in a Chinese export), mostly not Latin letters beside ASCII
///   ones, that reads as GB18030 without an invalid byte and with at least 9 in 10
///   characters common: GB18030 (a short GB18030 file that happens to be valid UTF-8).
/// - A cut-off last character does not count against UTF-8 (its record is
///   `bad_encoding`).
public struct EncodingEvidence: Sendable, Equatable {
  /// Well-formed multi-byte UTF-8 sequences.
  public var utf8Sequences = 0
  /// Of those, three- and four-byte sequences.
  public var utf8LongSequences = 0
  /// Of those, two-byte Latin letters (U+00C0–U+024F) beside an ASCII letter.
  public var utf8LatinLetters = 0
  /// Ill-formed UTF-8 bytes (a cut-off last character not included).
  public var utf8InvalidBytes = 0
  /// Whether the text ends in the middle of a UTF-8 character.
  public var utf8CutAtEnd = false
  /// GB18030 characters in the GB2312 area (common Chinese text).
  public var gbCommon = 0
  /// Other valid GB18030 characters (GBK extension, four-byte forms).
  public var gbOther = 0
  /// Bytes that are invalid as GB18030.
  public var gbInvalidBytes = 0

  public init() {}

  /// The encoding the evidence chooses (see the type comment).
  public var choice: TextEncoding {
    let gbCharacters = gbCommon + gbOther
    let isUTF8Broken = utf8InvalidBytes > 0 && utf8InvalidBytes * 19 >= utf8Sequences
    if isUTF8Broken {
      let gbExplains = gbCharacters > 0 && gbInvalidBytes * 19 < gbCharacters && gbCommon * 2 >= gbCharacters
      return gbExplains ? .gb18030 : .utf8
    }
    let isAccidentalUTF8 =
      utf8InvalidBytes == 0 && utf8Sequences > 0 && utf8LongSequences == 0
      && utf8LatinLetters * 2 < utf8Sequences && gbInvalidBytes == 0 && gbCommon > 0
      && gbCommon * 10 >= gbCharacters * 9
    return isAccidentalUTF8 ? .gb18030 : .utf8
  }

  /// One line for `inspect`.
  public var description: String {
    var utf8 =
      "as UTF-8 \(utf8Sequences) characters (\(utf8LongSequences) of 3–4 bytes, \(utf8LatinLetters) Latin letters), \(utf8InvalidBytes) invalid bytes"
    if utf8CutAtEnd { utf8 += ", last character cut off" }
    return utf8 + "; as GB18030 \(gbCommon) common and \(gbOther) rare characters, \(gbInvalidBytes) invalid bytes"
  }

  /// Weighs `count` bytes of text (starting at a character boundary).
  ///
  /// - Parameter isComplete: True when the text runs to the end of the file; otherwise a
  ///   character cut off by the end of the buffer is not counted either way.
  public static func weigh(_ p: UnsafePointer<UInt8>, count: Int, isComplete: Bool) -> EncodingEvidence {
    var e = EncodingEvidence()
    e.weighUTF8(p, count: count, isComplete: isComplete)
    e.weighGB18030(p, count: count, isComplete: isComplete)
    return e
  }

  private mutating func weighUTF8(_ p: UnsafePointer<UInt8>, count: Int, isComplete: Bool) {
    @inline(__always) func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    var i = 0
    while i < count {
      let lead = p[i]
      if lead < 0x80 {
        i += 1
        continue
      }
      let length = UTF8Scan.sequenceLength(p, at: i, end: count)
      if length > 0 {
        utf8Sequences += 1
        if length > 2 {
          utf8LongSequences += 1
        } else if lead >= 0xC3 && lead <= 0xC9
          && ((i > 0 && isASCIILetter(p[i - 1])) || (i + 2 < count && isASCIILetter(p[i + 2])))
        {
          utf8LatinLetters += 1
        }
        i += length
        continue
      }
      if count - i < 4 && UTF8Scan.isTruncatedPrefix(p, at: i, end: count) {
        if isComplete { utf8CutAtEnd = true }
        break
      }
      utf8InvalidBytes += 1
      i += 1
    }
  }

  private mutating func weighGB18030(_ p: UnsafePointer<UInt8>, count: Int, isComplete: Bool) {
    GB18030Table.twoByte.withUnsafeBufferPointer { table in
      var i = 0
      while i < count {
        let lead = p[i]
        if lead < 0x80 {
          i += 1
          continue
        }
        guard lead != 0x80 && lead != 0xFF else {
          gbInvalidBytes += 1
          i += 1
          continue
        }
        guard i + 1 < count else {
          if isComplete { gbInvalidBytes += 1 }
          break
        }
        let trail = p[i + 1]
        if trail >= 0x40 && trail != 0x7F && trail != 0xFF
          && table[(Int(lead) - 0x81) * GB18030Table.trailCount + Int(trail) - 0x40] != 0
        {
          let isGB2312 = ((lead >= 0xA1 && lead <= 0xA9) || (lead >= 0xB0 && lead <= 0xF7)) && trail >= 0xA1
          if isGB2312 { gbCommon += 1 } else { gbOther += 1 }
          i += 2
          continue
        }
        if trail >= 0x30 && trail <= 0x39 {
          guard i + 3 < count else {
            if isComplete { gbInvalidBytes += 1 }
            break
          }
          let third = p[i + 2]
          let fourth = p[i + 3]
          let isAssigned = lead <= 0x84 || (lead >= 0x90 && lead <= 0xE3)
          if isAssigned && third >= 0x81 && third <= 0xFE && fourth >= 0x30 && fourth <= 0x39 {
            gbOther += 1
            i += 4
            continue
          }
        }
        gbInvalidBytes += 1
        i += 1
      }
    }
  }
}
