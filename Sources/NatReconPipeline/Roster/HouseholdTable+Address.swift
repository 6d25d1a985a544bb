import NatReconReports

extension HouseholdTable {
  /// Household `h`'s seven address parts as text.
  ///
  /// The one place an address is built for the reports (positive tubes, committee
  /// workbooks). `text` is the roster's interned strings as text, indexed by string ID
  /// (the report stage builds it once from `Roster.strings`).
  func address(_ h: Int, text: [String]) -> HouseholdAddress {
    let part = { (p: Int) in text[Int(self.part(h, p))] }
    return HouseholdAddress(
      district: part(0), street: part(1), committee: part(2), compound: part(3), building: part(4),
      unit: part(5), room: part(6))
  }
}
