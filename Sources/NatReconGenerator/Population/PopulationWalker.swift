import NatReconCore

/// Regenerates the population compound by compound, in roster order, from the seed alone.
///
/// Each committee has its own random stream, so the roster writer and every day's export
/// writer walk the same people independently (and in parallel) without storing them.
///
/// Shape: a committee has 1–4 compounds; a compound is old six-storey 新村 blocks
/// (no unit), mid-rise blocks with units, or high-rises (floors 11–28, `2504`); 86% of
/// rooms are occupied by a household of 1–6 people (Shanghai 2020: 1 → 20%, 2 → 30%,
/// 3 → 27%, 4 → 12%, 5 → 7%, 6 → 4%): elderly singles and couples, couples with a child,
/// three generations, and tenants sharing a flat (合租). About 60% of residents carry their
/// district's region code, 10% another Shanghai code, 30% another province's; 0.5% of
/// households hold other documents (passports, HK/Macao and Taiwan permits).
///
/// Memory: one `CompoundBlock` (≈ 50 bytes per resident of the largest compound).
struct PopulationWalker: Sendable {
  let layout: Layout
  let seed: UInt64
  let asOfYear: Int
  let asOfMonth: Int
  let asOfDay: Int

  init(layout: Layout, seed: UInt64, asOf: Int64) {
    self.layout = layout
    self.seed = seed
    let t = Timestamp.shanghaiCivil(asOf)
    (asOfYear, asOfMonth, asOfDay) = (Int(t.year), t.month, t.day)
  }

  /// Calls `body` with every compound of every committee in roster order.
  func forEachCompound(_ body: (inout CompoundBlock) throws -> Void) rethrows {
    var block = CompoundBlock()
    block.residents.reserveCapacity(8192)
    block.households.reserveCapacity(4096)
    var sequences = SequenceAllocator(asOfYear: asOfYear, asOfMonth: asOfMonth, asOfDay: asOfDay)
    for c in layout.committees.indices {
      try forEachCompound(ofCommittee: c, block: &block, sequences: &sequences, body)
    }
  }

  /// One committee's compounds; `sequences` must have seen every earlier committee.
  private func forEachCompound(
    ofCommittee c: Int, block: inout CompoundBlock, sequences: inout SequenceAllocator,
    _ body: (inout CompoundBlock) throws -> Void
  ) rethrows {
    let committee = layout.committees[c]
    var rng = SplitMix64(seed: seed, stream: 2, UInt64(c))
    let quota = committee.residents
    let compoundCount = quota < 150 ? 1 : min(4, 1 + rng.below(quota >= 1500 ? 4 : 3))
    var weights: [Int] = []
    for _ in 0..<compoundCount { weights.append(60 + rng.below(81)) }
    let total = weights.reduce(0, +)
    var cumulative = 0
    var assigned = 0
    let district = AreaTables.districts[committee.district]
    for k in 0..<compoundCount {
      cumulative += weights[k]
      let upTo = quota * cumulative / total
      block.committee = c
      block.compound = c * 4 + k
      block.firstResident = committee.firstResident + assigned
      block.residents.removeAll(keepingCapacity: true)
      block.households.removeAll(keepingCapacity: true)
      fillCompound(
        &block, residents: upTo - assigned, village: committee.isVillage, district: district,
        sequences: &sequences, rng: &rng)
      assigned = upTo
      if !block.residents.isEmpty { try body(&block) }
    }
  }

  // MARK: - Compound

  private func fillCompound(
    _ block: inout CompoundBlock, residents quota: Int, village: Bool, district: DistrictInfo,
    sequences: inout SequenceAllocator, rng: inout SplitMix64
  ) {
    block.name.removeAll(keepingCapacity: true)
    block.name.append(contentsOf: PlaceTables.placeStems[rng.below(PlaceTables.placeStems.count)].utf8)
    if village {
      block.name.append(contentsOf: ["宅", "组", "苑", "新苑"][rng.below(4)].utf8)
    } else {
      block.name.append(
        contentsOf: PlaceTables.compoundSuffixes[rng.below(PlaceTables.compoundSuffixes.count)].utf8)
    }
    // Building style: old 新村 (no unit), mid-rise with units, high-rise.
    let style = village ? 0 : rng.weighted([45, 30, 25])
    var building = 0
    var remaining = quota
    while remaining > 0 {
      building += rng.chance(0.08) ? 2 : 1
      let floors: Int
      let units: Int
      let roomsPerFloor: Int
      switch style {
      case 0:
        floors = village ? 2 + rng.below(2) : 5 + rng.below(3)
        units = 0
        roomsPerFloor = village ? 1 : 2 + rng.below(3)
      case 1:
        floors = 6 + rng.below(6)
        units = 1 + rng.below(3)
        roomsPerFloor = 2
      default:
        floors = 11 + rng.below(18)
        units = rng.chance(0.5) ? 0 : 1 + rng.below(2)
        roomsPerFloor = 2 + rng.below(3)
      }
      for u in 0..<max(1, units) {
        for f in 1...floors {
          for r in 1...roomsPerFloor where remaining > 0 {
            guard rng.chance(0.86) else { continue }
            let household = Household(
              building: UInt16(building), unit: units == 0 ? 0 : UInt8(u + 1), room: UInt16(f * 100 + r),
              first: Int32(block.residents.count), count: 0)
            block.households.append(household)
            let added = addMembers(&block, limit: remaining, district: district, sequences: &sequences, rng: &rng)
            block.households[block.households.count - 1].count = UInt8(added)
            remaining -= added
          }
        }
      }
    }
  }

  // MARK: - Household

  /// Who lives in a household, as (age, female, relation to the head's surname).
  private enum Kinship {
    case head, spouse, child, grandparent, grandmother, tenant
  }

  private func addMembers(
    _ block: inout CompoundBlock, limit: Int, district: DistrictInfo, sequences: inout SequenceAllocator,
    rng: inout SplitMix64
  ) -> Int {
    let size = min(limit, 1 + rng.weighted([20, 30, 27, 12, 7, 4]))
    var members: [(age: Int, female: Bool, kin: Kinship)] = []
    members.reserveCapacity(6)
    let tenants = (size >= 2 && size <= 4) && rng.chance(0.15)
    if tenants {
      for _ in 0..<size { members.append((20 + rng.below(21), rng.chance(0.45), .tenant)) }
    } else {
      switch size {
      case 1:
        let elderly = rng.chance(0.45)
        members.append((elderly ? 65 + rng.below(31) : 20 + rng.below(45), rng.chance(elderly ? 0.6 : 0.45), .head))
      case 2:
        let kind = rng.weighted([50, 30, 20])
        if kind == 2 {
          let parent = 30 + rng.below(46)
          members.append((parent, rng.chance(0.6), .head))
          members.append((childAge(parentAge: parent, rng: &rng), rng.chance(0.5), .child))
        } else {
          let age = kind == 0 ? 60 + rng.below(31) : 25 + rng.below(36)
          members.append((age, false, .head))
          members.append((max(20, age - 3 + rng.below(6)), true, .spouse))
        }
      default:
        let head = size >= 5 ? 30 + rng.below(16) : 28 + rng.below(28)
        members.append((head, false, .head))
        members.append((max(20, head - 3 + rng.below(6)), true, .spouse))
        let grandparents =
          size == 6 ? 2 : (size == 5 ? (rng.chance(0.6) ? 2 : 1) : (size == 4 && rng.chance(0.53) ? 1 : 0))
        let children = size - 2 - grandparents
        for _ in 0..<children {
          members.append((childAge(parentAge: head, rng: &rng), rng.chance(0.48), .child))
        }
        for g in 0..<grandparents {
          let age = min(95, head + 24 + rng.below(10))
          members.append(
            (
              age, g == 1 || (grandparents == 1 && rng.chance(0.6)),
              g == 0 && grandparents == 2 ? .grandparent : .grandmother
            ))
        }
      }
    }

    // Where the household comes from, and whether it holds other documents.
    let overseas = rng.chance(0.005)
    let origin = tenants ? 2 : rng.weighted([60, 10, 30])  // 0 district, 1 other Shanghai, 2 province
    let provinceCode = AreaTables.otherRegionCodes[rng.weighted(AreaTables.otherRegionWeights)]
    let familySurname = UInt16(rng.weighted(NameTables.surnameWeights))
    var familyPhone: UInt64 = 0
    let start = block.residents.count
    for m in members {
      var p = Resident()
      p.isFemale = m.female
      p.household = Int32(block.households.count - 1)
      p.birthYear = Int16(asOfYear - m.age)
      switch m.kin {
      case .head, .child, .grandparent: p.surname = familySurname
      default: p.surname = UInt16(rng.weighted(NameTables.surnameWeights))
      }
      if m.kin == .child && block.residents.count > start + 1 && rng.chance(0.08) {
        p.surname = block.residents[start + 1].surname
      }
      pickGivenName(&p, age: m.age, rng: &rng)
      if overseas {
        p.idKind = [IDKind.hkMacao, .hkMacao, .passport, .taiwan, .foreigner][rng.below(5)]
        // Unique per resident: a permutation of the roster position.
        p.idBody = UInt64(block.firstResident + block.residents.count) &* 7919 &+ 12_345_678
      } else {
        var region: Int
        switch origin {
        case 0:
          region = district.regionCode
          if !district.legacyCodes.isEmpty && m.age > 25 && rng.chance(0.5) { region = district.legacyCodes[0] }
        case 1:
          let other = AreaTables.districts[rng.below(AreaTables.districts.count)]
          region = other.regionCode
        default:
          region = provinceCode
          if m.kin == .child && m.age < 18 && rng.chance(0.5) { region = district.regionCode }
        }
        if m.kin == .tenant { region = AreaTables.otherRegionCodes[rng.weighted(AreaTables.otherRegionWeights)] }
        let birth = birthDate(age: m.age, rng: &rng)
        p.idBody = sequences.body(region: region, birthDate: birth, isFemale: m.female)
        p.idCheck = IDMaker.checkValue(body: p.idBody)
      }
      // Phones: children under 16 and some of the oldest use a parent's or child's.
      if m.age < 16 || (m.age >= 85 && rng.chance(0.3)) {
        p.phone = familyPhone
      } else if rng.chance(0.97) {
        p.phone = 10_000_000_000 + UInt64(3 + rng.below(7)) * 1_000_000_000 + UInt64(rng.below(1_000_000_000))
        if familyPhone == 0 { familyPhone = p.phone }
      }
      // Status and tags.
      let s = rng.below(1000)
      p.status = s < 30 ? 1 : (s < (m.kin == .tenant ? 80 : 55) ? 2 : (s < (m.age > 70 ? 75 : 62) ? 3 : 0))
      if rng.chance(0.01) { p.status = Resident.noStatus }
      var tags: UInt8 = 0
      if size == 1 && m.age >= 70 { tags |= 1 }
      if (m.age >= 80 && rng.chance(0.25)) || (m.age >= 65 && rng.chance(0.03)) { tags |= 2 }
      if m.female && m.age >= 22 && m.age <= 40 && m.kin == .spouse && rng.chance(0.04) { tags |= 4 }
      if m.age <= 3 { tags |= 8 }
      if m.age >= 60 && rng.chance(0.05) { tags |= 16 }
      if rng.chance(0.008) { tags |= 32 }
      p.tags = tags
      let c = rng.below(100)
      p.compliance = c < 88 ? 100 : (c < 97 ? 60 : 15)
      if tags & 2 != 0 { p.compliance = 70 }
      block.residents.append(p)
    }
    return members.count
  }

  /// A child's age: the parent had them at 22–40, so 0–(parent − 22); never piled up
  /// at 0 by clamping.
  private func childAge(parentAge: Int, rng: inout SplitMix64) -> Int {
    let oldest = parentAge - 22
    guard oldest > 0 else { return rng.below(3) }
    return max(0, oldest - rng.below(min(19, oldest + 1)))
  }

  private func pickGivenName(_ p: inout Resident, age: Int, rng: inout SplitMix64) {
    let born = asOfYear - age
    let generation = born < 1965 ? 0 : (born < 1995 ? 1 : 2)
    let range = GivenNames.ranges[generation * 2 + (p.isFemale ? 1 : 0)]
    p.given1 = UInt16(range.lowerBound + rng.below(range.count))
    let single = rng.chance(generation == 2 ? 0.15 : 0.25)
    p.given2 = single ? Resident.noCharacter : UInt16(range.lowerBound + rng.below(range.count))
  }

  /// A real birth date `yyyymmdd` for someone `age` years old at the as-of date, never
  /// after it.
  private func birthDate(age: Int, rng: inout SplitMix64) -> Int {
    var year = asOfYear - age
    var month = 1 + rng.below(12)
    var day = 1 + rng.below(CivilDate.daysInMonth(year: year, month: month))
    if year >= asOfYear || (year == asOfYear - 1 && age == 0 && rng.chance(0.5)) {
      year = asOfYear
      month = 1 + rng.below(asOfMonth)
      let last = month == asOfMonth ? max(1, asOfDay - 1) : CivilDate.daysInMonth(year: year, month: month)
      day = 1 + rng.below(last)
    }
    return year * 10_000 + month * 100 + day
  }
}
