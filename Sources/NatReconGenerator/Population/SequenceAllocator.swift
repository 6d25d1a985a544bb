import NatReconCore

/// Hands out the 3-digit sequence numbers of mainland IDs so that no two residents share
/// an ID, without storing the IDs.
///
/// GB 11643 makes region + birth date + sequence unique; random sequences would collide
/// (at 25 M residents, hundreds of thousands share a district code, ~50 per birth date
/// and sex). Instead the walker counts, per (region, birth date, sex), the residents
/// generated so far — every job walks all committees in the same order, so every job
/// counts alike — and the n-th gets sequence `2 × ((n × 97 + h) mod 450) + sex`, where `h`
/// mixes region and date (97 is coprime to 450, so the first 450 are distinct). A 451st
/// moves to a free neighbouring date (later first, earlier near T; never back and forth).
/// Residents use sequences 000–899; visitors (people not on the roster) use 900–999, so
/// they never take a resident's ID.
///
/// Memory: 2 bytes per (region, day in 101 years, sex) ≈ 8 MB.
struct SequenceAllocator {
  static let perSex = 450
  private let firstDay: Int64
  private let dayCount: Int
  private let lastDate: Int
  private var counters: [UInt16]

  init(asOfYear: Int, asOfMonth: Int, asOfDay: Int) {
    firstDay = CivilDate.daysFromCivil(year: Int64(asOfYear - 100), month: 1, day: 1)
    dayCount = Int(CivilDate.daysFromCivil(year: Int64(asOfYear + 1), month: 1, day: 1) - firstDay)
    lastDate = asOfYear * 10_000 + asOfMonth * 100 + asOfDay
    counters = [UInt16](repeating: 0, count: AreaTables.regionCount * dayCount * 2)
  }

  /// The ID body for a resident born on `birthDate` (`yyyymmdd`) in `region`; the birth
  /// date may move by a day when 450 people of that region, date and sex came before.
  mutating func body(region: Int, birthDate: Int, isFemale: Bool) -> UInt64 {
    let regionIndex = AreaTables.regionIndex[region] ?? 0
    var date = birthDate
    var day = Int(
      CivilDate.daysFromCivil(year: Int64(date / 10_000), month: date / 100 % 100, day: date % 100) - firstDay)
    var step = 1
    while true {
      let slot = (regionIndex * dayCount + max(0, min(dayCount - 1, day))) * 2 + (isFemale ? 1 : 0)
      let n = Int(counters[slot])
      if n < Self.perSex || day <= 0 {
        counters[slot] = UInt16(min(Int(UInt16.max), n + 1))
        let h = Int(SplitMix64.mix(UInt64(region) &* 100_000_000 &+ UInt64(date)) % UInt64(Self.perSex))
        let sequence = 2 * ((n * 97 + h) % Self.perSex) + (isFemale ? 0 : 1)
        return IDMaker.body(region: region, birthDate: date, sequence: sequence)
      }
      // Full: a neighbouring date, later ones first, then earlier ones once the next would
      // be after T (never back and forth).
      var civil = CivilDate.civilFromDays(firstDay + Int64(day + step))
      if step == 1 && Int(civil.year) * 10_000 + civil.month * 100 + civil.day > lastDate {
        step = -1
        civil = CivilDate.civilFromDays(firstDay + Int64(day - 1))
      }
      day += step
      date = Int(civil.year) * 10_000 + civil.month * 100 + civil.day
    }
  }

  /// A visitor's sequence: 900–999, never a resident's.
  static func visitorSequence(_ r: Int, isFemale: Bool) -> Int { 900 + 2 * (r % 50) + (isFemale ? 0 : 1) }
}
