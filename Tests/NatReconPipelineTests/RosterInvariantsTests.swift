import NatReconCore
import Testing

@testable import NatReconPipeline

/// `TimeColumn`, `ResidentColumns` and `Roster` invariant checks: silent on sound
/// structures, and each corruption is named.
@Suite struct RosterInvariantsTests {
  @Test func timeColumnSideTable() {
    var column = TimeColumn()
    for _ in 0..<4 { column.appendNone() }
    column.withUnsafeMutableView { view in
      view[0] = 1_650_000_000
      view[1] = -62_135_596_800  // 0001-01-01: out of span
      view[2] = -62_135_596_800
      view[2] = 1_650_000_000  // back in span: leaves the side table
    }
    #expect(column.outOfSpan.count == 1)
    #expect(column.invariantViolations() == [])

    var unmarked = column
    unmarked.withUnsafeMutableView { view in view.codes[3] = TimeColumn.outOfSpanCode }
    #expect(unmarked.invariantViolations().contains { $0.contains("resident 3 is marked out of span") })

    var stray = column
    stray.withUnsafeMutableView { view in view.codes[1] = 0 }
    #expect(stray.invariantViolations().contains { $0.contains("0 codes mark the side table") })
  }

  /// A hand-built roster of three residents in two households (and one duplicate row).
  static func roster() -> Roster {
    var roster = Roster()
    let address = ["徐汇区", "街道", "居委", "小区", "1号", "1单元", "101"]
    for (row, (key, room)) in [(11, "101"), (11, "101"), (22, "101"), (33, "202")].enumerated() {
      if roster.table.insertIfAbsent(UInt64(key), value: UInt32(roster.residents.count)) != nil {
        roster.markRow(isResident: false)
        continue
      }
      let parts = (address.dropLast() + [room]).map { roster.strings.intern($0) }
      let household = parts.withUnsafeBufferPointer { roster.households.intern($0) }
      roster.residents.append(household: household, line: row + 2, nameHash: 0, isEligible: true)
      roster.markRow(isResident: true)
    }
    return roster
  }

  @Test func soundRoster() {
    var roster = Self.roster()
    #expect(roster.residents.count == 3)
    #expect(roster.households.count == 2)
    #expect(roster.invariantViolations() == [])
    #expect(roster.residents.invariantViolations() == [])
    roster.checkAllInvariants()
    roster.releaseJoinStructures()
    #expect(roster.invariantViolations() == [])
    #expect(roster.residents.invariantViolations() == [])
  }

  @Test func rosterCorruptionsAreCaught() {
    var lostKey = Self.roster()
    lostKey.table = KeyTable()
    lostKey.table.insertIfAbsent(11, value: 0)
    #expect(lostKey.invariantViolations().contains { $0.contains("1 keys for 3 residents") })

    var homeless = Self.roster()
    homeless.residents.household[2] = 7
    #expect(homeless.invariantViolations().contains { $0.contains("lives in household 7") })

    var unmarked = Self.roster()
    unmarked.markRow(isResident: true)
    #expect(unmarked.invariantViolations().contains { $0.contains("4 roster rows are residents") })

    var short = Self.roster()
    short.residents.flags.removeLast()
    #expect(short.residents.invariantViolations().contains { $0.contains("flags has 2 entries") })

    var flagged = Self.roster()
    flagged.residents.flags[0] = 0x80
    #expect(flagged.residents.invariantViolations().contains { $0.contains("unknown flag bits") })
  }
}
