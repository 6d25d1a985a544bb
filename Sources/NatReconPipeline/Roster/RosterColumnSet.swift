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
  /// Required text fields besides the ID (SPEC §8): name, committee, building, room.
  let requiredText: [(String, Int)]

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
    requiredText = [
      ("name", c.column(.name)), ("committee", c.column(.committee)),
      ("building", c.column(.building)), ("room", c.column(.room)),
    ]
  }
}
