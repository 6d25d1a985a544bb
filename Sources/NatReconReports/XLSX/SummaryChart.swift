import NatReconCore

/// The bars of 汇总's coverage chart: readable at any size of committee (SPEC §4).
///
/// - Up to `maxBars` buildings: one bar per building, in table order.
/// - More buildings, in `minCompounds`…`maxBars` compounds: one bar per compound, its
///   buildings rolled up, in natural order. (Two or three bars would say little more than
///   the totals row, so fewer compounds fall to the next case.)
/// - Otherwise: the `maxBars` buildings furthest behind (lowest coverage; buildings
///   nobody is eligible in are left out), lowest first, ties in table order; the title
///   says how many buildings stand at 0% (nobody tested yet), which can be more than
///   the bars show.
///
/// So a chart never has more than `maxBars` bars, and it is sized (`heightPixels`) to stay
/// on one printed page beside the table.
struct SummaryChart {
  struct Bar: Equatable {
    var label: String
    var coverage: Double?
  }

  enum Mode: Equatable { case buildings, compounds, furthestBehind }

  /// More bars than this would be a smear on screen and split over pages in print.
  static let maxBars = 30
  /// The fewest compounds that make a chart of compounds.
  static let minCompounds = 4

  let mode: Mode
  let bars: [Bar]
  let title: String

  /// - Parameter buildings: the table's rows, in natural order.
  init(buildings: [BuildingProgress]) {
    if buildings.count <= Self.maxBars {
      mode = .buildings
      bars = buildings.map { Bar(label: Self.label($0), coverage: $0.counts.coverage) }
      title = "各楼栋覆盖率（红色：低于 90%）"
      return
    }
    var compounds: [(name: String, counts: AreaCounts)] = []
    var indexOf: [String: Int] = [:]
    for building in buildings {
      if let index = indexOf[building.compound] {
        compounds[index].counts.add(building.counts)
      } else {
        indexOf[building.compound] = compounds.count
        compounds.append((building.compound, building.counts))
      }
    }
    if compounds.count >= Self.minCompounds && compounds.count <= Self.maxBars {
      mode = .compounds
      bars = NaturalOrder.stableSorted(compounds) { NaturalOrder.compare($0.name, $1.name) }.map {
        Bar(label: $0.name.isEmpty ? "（未填小区）" : $0.name, coverage: $0.counts.coverage)
      }
      title = "各小区覆盖率（\(compounds.count) 个小区 \(buildings.count) 栋）"
      return
    }
    mode = .furthestBehind
    let behind = buildings.enumerated().compactMap { offset, building in
      building.counts.coverage.map { (offset: offset, building: building, coverage: $0) }
    }.sorted { ($0.coverage, $0.offset) < ($1.coverage, $1.offset) }.prefix(Self.maxBars)
    bars = behind.map { Bar(label: Self.label($0.building), coverage: $0.coverage) }
    // In a large committee early in a round most buildings can stand at 0%: then every
    // bar is an empty 0% bar, and only the title can say how many more there are.
    let atZero = buildings.count(where: { $0.counts.eligible > 0 && $0.counts.tested == 0 })
    title =
      "覆盖率最低的 \(bars.count) 栋（共 \(buildings.count) 栋"
      + (atZero > 0 ? "，其中 \(atZero) 栋覆盖率为 0%）" : "）")
  }

  /// A bar's label: `云锦苑 10号`, or the building alone when it has no compound.
  static func label(_ building: BuildingProgress) -> String {
    building.compound.isEmpty ? building.building : building.compound + " " + building.building
  }

  /// Room for the title and axis plus 17 pixels a bar: at most 600 pixels (30 bars), which
  /// stays on the first page of an A4 landscape printout beside the table.
  static func heightPixels(bars: Int) -> Double {
    Double(min(max(bars, 8), maxBars)) * 17 + 90
  }
}
