import NatReconIO

/// The roster columns a pass needs, resolved once per file.
struct RosterColumnSet {
  let id: Int
  let name: Int
  let phone: Int
  let status: Int
  let tags: Int
  /// district, street, committee, compound, building, unit, room.
  let address: [Int]
  /// Required text fields besides the ID (SPEC §8): name, committee, building, room —
  /// their columns, and their names for `missing_field` issues (apart, so the per-row
  /// check touches no `String`).
  let requiredColumns: [Int]
  static let requiredNames = ["name", "committee", "building", "room"]

  init(_ c: FieldColumns) {
    id = c.column(.idNumber)
    name = c.column(.name)
    phone = c.column(.phone)
    status = c.column(.status)
    tags = c.column(.tags)
    address = [
      c.column(.district), c.column(.street), c.column(.committee), c.column(.compound),
      c.column(.building), c.column(.unit), c.column(.room),
    ]
    requiredColumns = [c.column(.name), c.column(.committee), c.column(.building), c.column(.room)]
  }
}
