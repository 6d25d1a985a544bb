/// One generated resident: everything the roster row and the test records are written
/// from, as fixed-width integers (no `String`): about 48 bytes.
struct Resident: Sendable {
  var idKind: IDKind = .mainland
  /// Mainland: the 17 body digits as an integer; other documents: their number.
  var idBody: UInt64 = 0
  /// Mainland check value 0–10 (10 = X).
  var idCheck: UInt8 = 0
  var isFemale = false
  /// Index into `PlaceTables.statuses`, or `Resident.noStatus`.
  var status: UInt8 = 0
  /// Bit i set: `PlaceTables.tags[i]`.
  var tags: UInt8 = 0
  /// Indices into `GivenNames.surnames` / `GivenNames.table`; `noCharacter` when absent.
  var surname: UInt16 = 0
  var given1: UInt16 = 0
  var given2: UInt16 = Resident.noCharacter
  var birthYear: Int16 = 0
  /// Chance in percent of being sampled on a day when the committee samples 95%.
  var compliance: UInt8 = 100
  /// 11 digits, or 0 for none.
  var phone: UInt64 = 0
  /// Index of the household in its `CompoundBlock`.
  var household: Int32 = 0

  static let noCharacter: UInt16 = .max
  static let noStatus: UInt8 = .max

  /// Appends the name's UTF-8 bytes.
  @inline(__always)
  func appendName(to out: inout [UInt8]) {
    GivenNames.surnames.write(Int(surname), to: &out)
    GivenNames.table.write(Int(given1), to: &out)
    if given2 != Resident.noCharacter { GivenNames.table.write(Int(given2), to: &out) }
  }

  /// Appends the ID number as the resident's own document shows it (clean form).
  @inline(__always)
  func appendID(lowerX: Bool = false, to out: inout [UInt8]) {
    if idKind == .mainland {
      IDMaker.appendMainland(body: idBody, check: idCheck, lowerX: lowerX, to: &out)
    } else {
      IDMaker.appendOther(kind: idKind, number: idBody, to: &out)
    }
  }
}

/// One household (户): a room of a building, and its members' range in the block.
struct Household: Sendable {
  var building: UInt16
  /// 0 = no unit.
  var unit: UInt8
  /// Floor × 100 + number on the floor.
  var room: UInt16
  var first: Int32
  var count: UInt8
}

/// One compound (小区) of one committee, with its households and residents in roster
/// order. Reused from compound to compound (capacities kept).
struct CompoundBlock: Sendable {
  var committee = 0
  /// Globally unique: committee × 4 + the compound's number in its committee.
  var compound = 0
  /// The compound's name (UTF-8).
  var name: [UInt8] = []
  var residents: [Resident] = []
  var households: [Household] = []
  /// Roster position of `residents[0]` (before dirty-mode duplicates).
  var firstResident = 0
}
