/// People tested at a compound's site who are not on its roster (来沪返沪人员, visiting
/// relatives, delivery riders): a pool per compound, each visitor regenerated from
/// `(seed, 4, compound, k)` so the same person comes back on later days.
enum Visitors {
  static func resident(seed: UInt64, compound: Int, index: Int, asOfYear: Int) -> Resident {
    var rng = SplitMix64(seed: seed, stream: 4, UInt64(truncatingIfNeeded: compound), UInt64(index))
    var p = Resident()
    p.isFemale = rng.chance(0.4)
    let age = 18 + rng.below(45)
    p.birthYear = Int16(asOfYear - age)
    p.surname = UInt16(rng.weighted(NameTables.surnameWeights))
    let generation = asOfYear - age < 1995 ? 1 : 2
    let range = GivenNames.ranges[generation * 2 + (p.isFemale ? 1 : 0)]
    p.given1 = UInt16(range.lowerBound + rng.below(range.count))
    p.given2 = rng.chance(0.2) ? Resident.noCharacter : UInt16(range.lowerBound + rng.below(range.count))
    let region = AreaTables.otherRegionCodes[rng.weighted(AreaTables.otherRegionWeights)]
    let month = 1 + rng.below(12)
    let birth = (asOfYear - age) * 10_000 + month * 100 + 1 + rng.below(28)
    p.idBody = IDMaker.body(
      region: region, birthDate: birth, sequence: SequenceAllocator.visitorSequence(rng.below(50), isFemale: p.isFemale)
    )
    p.idCheck = IDMaker.checkValue(body: p.idBody)
    p.phone = 10_000_000_000 + UInt64(3 + rng.below(7)) * 1_000_000_000 + UInt64(rng.below(1_000_000_000))
    return p
  }
}
