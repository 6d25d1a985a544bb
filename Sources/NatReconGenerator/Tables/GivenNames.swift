/// The given-name characters of `NameTables` in one `ByteTable`, with the index range of
/// each generation and sex, and the surnames likewise.
enum GivenNames {
  static let table: ByteTable = {
    var t = ByteTable()
    for group in groups { for c in group { t.append(String(c)) } }
    return t
  }()

  private static let groups: [[Character]] = [
    NameTables.olderMale, NameTables.olderFemale, NameTables.middleMale, NameTables.middleFemale,
    NameTables.youngMale, NameTables.youngFemale,
  ]

  /// `ranges[generation * 2 + (female ? 1 : 0)]`; generation 0 born before 1965, 1 before
  /// 1995, 2 after.
  static let ranges: [Range<Int>] = {
    var out: [Range<Int>] = []
    var start = 0
    for g in groups {
      out.append(start..<(start + g.count))
      start += g.count
    }
    return out
  }()

  static let surnames = ByteTable(NameTables.surnames)
}
