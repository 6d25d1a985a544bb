/// One compound's sampling session on one day (or one round of a day): who queued, when
/// each was swabbed, which pooled tube (10合1) they went into, and what the lab reported.
///
/// Built from its own random stream `(seed, 3, day, round, compound)`, so the export of
/// day d+1 can rebuild day d's plan to re-export the tubes that were still pending when
/// day d was exported.
///
/// The model: households arrive together in random order (plus people tested here who
/// are not on the roster, 来沪返沪人员); each person is sampled with probability
/// dayRate (85–95%, per compound and day) × their compliance; exempt residents (外出, 离沪,
/// 住院) rarely. The queue is split over lanes of ≤ 300 people that start together at the
/// session (morning 06:00–08:30, or 6% of compounds in the evening 18:30–21:30), one
/// swab every 15–60 s; every 10 consecutive people of a lane share a tube. A tube is
/// reported 4–20 h after its last swab (4 h + 16 h × u³, mean 8 h); it is positive (混管阳性 for every
/// member) with probability 0.15%, invalid 0.08%; a single sample is unfit (样本不合格)
/// 0.05%. A tube whose report comes after the export's cut-off (the end of its day) is
/// exported pending and, 90% of the time, re-exported the next day with its result.
struct SamplingPlan {
  struct Tube {
    var first: Int32  // index into entries
    var count: Int32
    var number: Int  // the barcode's serial
    var report: Int64
    /// 0 negative, 1 positive, 3 invalid.
    var result: UInt8
    var isPendingAtExport: Bool
    var isReExported: Bool
  }

  /// ≥ 0: a resident of the block; < 0: visitor −(k + 1) of the compound's visitor pool.
  var entries: [Int32] = []
  var sampleTimes: [Int64] = []
  var millis: [UInt16] = []
  /// Per entry: 255, or 3 when this person's own sample was unfit.
  var entryResult: [UInt8] = []
  var tubes: [Tube] = []
  var laboratory = 0
  var hasGateSuffix = false
  private var order: [Int32] = []

  static let positiveTubeRate = 0.0015
  static let invalidTubeRate = 0.0008
  static let unfitSampleRate = 0.0005
  static let tubeSize = 10
  static let laneSize = 300

  /// The compound's pool of visitors (people tested here who are not on its roster).
  static func visitorPool(residents: Int) -> Int { max(2, residents / 50) }

  /// Rebuilds the plan of `block` for `day` (0-based from the first export day) and `round`.
  mutating func build(
    block: CompoundBlock, seed: UInt64, day: Int, round: Int, roundsPerDay: Int, dayStart: Int64,
    forcePositive: Bool
  ) {
    var rng = SplitMix64(seed: seed, stream: 3, UInt64(day), UInt64(round), UInt64(block.compound))
    entries.removeAll(keepingCapacity: true)
    sampleTimes.removeAll(keepingCapacity: true)
    millis.removeAll(keepingCapacity: true)
    entryResult.removeAll(keepingCapacity: true)
    tubes.removeAll(keepingCapacity: true)
    order.removeAll(keepingCapacity: true)

    laboratory = rng.below(PlaceTables.laboratories.count)
    var gateRNG = SplitMix64(seed: seed, stream: 8, UInt64(block.compound))
    hasGateSuffix = gateRNG.chance(0.1)
    let dayRate = 0.85 + 0.10 * rng.unit()
    let visitors = Self.visitorPool(residents: block.residents.count)
    let households = block.households.count
    for h in 0..<(households + visitors) { order.append(Int32(h)) }
    for j in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(j, rng.below(j + 1)) }
    for h in order {
      let hi = Int(h)
      if hi >= households {
        if rng.chance(0.6) { entries.append(Int32(-(hi - households) - 1)) }
        continue
      }
      let household = block.households[hi]
      for r in Int(household.first)..<Int(household.first) + Int(household.count) {
        let p = block.residents[r]
        let chance: Double
        switch p.status {
        case 1, 2: chance = 0.02  // 外出, 离沪
        case 3: chance = 0.10  // 住院
        default: chance = min(1.0, dayRate * Double(p.compliance) / 94.0)
        }
        if rng.chance(chance) { entries.append(Int32(r)) }
      }
    }

    // Session and lanes.
    let evening = rng.chance(0.06)
    let sessionStart: Int64
    if roundsPerDay > 1 {
      sessionStart = dayStart + Int64(6 * 3600 + round * (16 * 3600 / roundsPerDay) + rng.below(7200))
    } else if evening {
      sessionStart = dayStart + Int64(18 * 3600 + 1800 + rng.below(3 * 3600))
    } else {
      sessionStart = dayStart + Int64(6 * 3600 + rng.below(9000))
    }
    let lanes = max(1, (entries.count + Self.laneSize - 1) / Self.laneSize)
    var tubeNumber = round * 3000
    for lane in 0..<lanes {
      let lo = entries.count * lane / lanes
      let hi = entries.count * (lane + 1) / lanes
      var clock = sessionStart + Int64(rng.below(300))
      var i = lo
      while i < hi {
        let end = min(hi, i + Self.tubeSize)
        for _ in i..<end {
          clock += Int64(15 + rng.below(46))
          sampleTimes.append(clock)
          millis.append(UInt16(rng.below(1000)))
          entryResult.append(rng.chance(Self.unfitSampleRate) ? 3 : 255)
        }
        let u = rng.unit()
        let delay = Int64(4 * 3600) + Int64(16 * 3600 * u * u * u) + Int64(rng.below(60))
        let report = clock + delay
        var result: UInt8 = 0
        if rng.chance(Self.positiveTubeRate) || (forcePositive && tubes.count == 1) {
          result = 1
        } else if rng.chance(Self.invalidTubeRate) {
          result = 3
        }
        tubeNumber += 1
        tubes.append(
          Tube(
            first: Int32(i), count: Int32(end - i), number: block.compound * 10_000 + tubeNumber, report: report,
            result: result, isPendingAtExport: report > dayStart + 86_399, isReExported: rng.chance(0.9)))
        i = end
      }
    }
  }
}
