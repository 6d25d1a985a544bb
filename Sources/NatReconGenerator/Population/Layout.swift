/// How `residents` are spread over districts, streets and committees.
///
/// Committees hold about 4,000 residents at city scale (Shanghai: ~6,000 居委/村委 for
/// 25 M people) and fewer in small datasets so a few hundred residents still span a few
/// committees on two streets. Streets are apportioned to districts by their 2020 census
/// population (D'Hondt, official district order), each district's streets taken in a
/// seeded order from its real list. Residents are apportioned to committees with seeded
/// ±30% sizes, summing exactly to `residents`.
///
/// Memory: a few hundred bytes per committee (names and counts).
struct Layout: Sendable {
  struct Committee: Sendable {
    var district: Int  // index into AreaTables.districts
    var street: Int  // index into `names`
    var name: Int  // index into `names`
    var isVillage: Bool
    var residents: Int
    var firstResident: Int
  }

  /// District, street and committee names.
  var names = ByteTable()
  var districtName: [Int] = []  // AreaTables index → `names` index
  var committees: [Committee] = []

  init(residents: Int, seed: UInt64) {
    for d in AreaTables.districts { districtName.append(names.append(d.name)) }
    guard residents > 0 else { return }
    var rng = SplitMix64(seed: seed, stream: 1)
    let committeeSize = min(4000, max(60, residents / 6))
    let committeeCount = max(1, (residents + committeeSize - 1) / committeeSize)
    let perStreet = min(28, max(1, (committeeCount + 1) / 2))
    let availableStreets = AreaTables.districts.reduce(0) { $0 + $1.streets.count }
    let streetCount = min(availableStreets, max(1, (committeeCount + perStreet - 1) / perStreet))

    // D'Hondt: each street goes to the district with the largest population / (streets + 1).
    var streetsOf = [Int](repeating: 0, count: AreaTables.districts.count)
    for _ in 0..<streetCount {
      var best = -1
      var bestQuotient = -1.0
      for (i, d) in AreaTables.districts.enumerated() where streetsOf[i] < d.streets.count {
        let q = Double(d.populationWan) / Double(streetsOf[i] + 1)
        if q > bestQuotient {
          bestQuotient = q
          best = i
        }
      }
      streetsOf[best] += 1
    }
    var streets: [(district: Int, name: Int, isTown: Bool)] = []
    for (i, d) in AreaTables.districts.enumerated() where streetsOf[i] > 0 {
      var order = Array(d.streets.indices)
      for j in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(j, rng.below(j + 1)) }
      for k in order.prefix(streetsOf[i]).sorted() {
        let s = d.streets[k]
        streets.append((i, names.append(s), s.hasSuffix("镇") || s.hasSuffix("乡")))
      }
    }

    // Committees per street, then residents per committee.
    var weights: [Int] = []
    for (si, street) in streets.enumerated() {
      let count = committeeCount / streets.count + (si < committeeCount % streets.count ? 1 : 0)
      var used: [String] = []
      for _ in 0..<count {
        var name = ""
        var isVillage = false
        repeat {
          let stem = PlaceTables.placeStems[rng.below(PlaceTables.placeStems.count)]
          isVillage = street.isTown && rng.chance(0.3)
          if isVillage {
            let suffix = PlaceTables.villageSuffixes[rng.below(PlaceTables.villageSuffixes.count)]
            name = stem + suffix + "村村委会"
          } else {
            let suffix = PlaceTables.committeeSuffixes[rng.below(PlaceTables.committeeSuffixes.count)]
            name = stem + suffix + "居委会"
          }
        } while used.contains(name)
        used.append(name)
        committees.append(
          Committee(
            district: street.district, street: street.name, name: names.append(name), isVillage: isVillage,
            residents: 0, firstResident: 0))
        weights.append(70 + rng.below(61))
      }
    }
    let totalWeight = weights.reduce(0, +)
    var cumulative = 0
    var assigned = 0
    for i in committees.indices {
      cumulative += weights[i]
      let upTo = Int((Int64(residents) * Int64(cumulative)) / Int64(totalWeight))
      committees[i].firstResident = assigned
      committees[i].residents = upTo - assigned
      assigned = upTo
    }
  }
}
