import NatReconCore
import NatReconReports

extension WorkbookContentBuilder {
  /// A committee of plausible size and shape for looking at a workbook as a clerk would.
  ///
  /// Three compounds, a dozen buildings, a few hundred residents, seeded so every run gives
  /// the same file. Lists come in machine-file (byte) order, like the pipeline's.
  static func realistic(seed: UInt64 = 2022) -> CommitteeWorkbookContent {
    var state = seed
    func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z &>> 31)) % UInt64(bound))
    }
    let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
    let given = [
      "秀英", "建国", "桂兰", "伟", "芳", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
      "超", "霞", "志强", "淑珍", "玉兰", "海燕",
    ]
    var b = WorkbookContentBuilder()
    b.content.district = "徐汇区"
    b.content.street = "龙华街道"
    b.content.committee = "龙华第一居委"
    let t = asOf
    var serial = 0

    struct Household {
      var address: HouseholdAddress
      var members: Int
      var eligible: Int
      var tested: Int
      var cert: Int
      var positive: Int
    }
    var households: [Household] = []
    var gaps: [(HouseholdAddress, String, Int, [String], Int64?)] = []
    var expiring: [(HouseholdAddress, String, Int, Int64)] = []

    let layout: [(String, [String])] = [
      ("云锦苑", ["1号", "2号", "3号", "5号", "10号", "11号"]),
      ("龙华新村东区", ["1号", "2号", "8号", "12号", "20号"]),
      ("丰谷路188弄", ["1号"]),
    ]
    for (compound, buildings) in layout {
      for building in buildings {
        var counts = AreaCounts()
        let units = compound == "丰谷路188弄" ? [""] : ["1单元", "2单元"]
        let lagging = next(4) == 0
        for unit in units {
          for floor in 1...(3 + next(4)) {
            for door in 1...2 {
              let address = b.address(compound, building, unit, "\(floor)0\(door)")
              let members = 1 + next(4)
              var household = Household(
                address: address, members: members, eligible: 0, tested: 0, cert: 0, positive: 0)
              for _ in 0..<members {
                serial += 1
                let name = String(surnames[next(surnames.count)]) + given[next(given.count)]
                let isExempt = next(12) == 0
                if isExempt { continue }
                household.eligible += 1
                let isTested = next(lagging ? 3 : 14) != 0
                if isTested {
                  household.tested += 1
                  if next(6) != 0 {
                    household.cert += 1
                    if next(8) == 0 {
                      expiring.append((address, name, serial, t + Int64(1 + next(12 * 60)) * 60))
                    }
                  }
                } else {
                  var tags: [String] = []
                  switch next(8) {
                  case 0: tags = ["独居老人"]
                  case 1: tags = ["行动不便", "残疾人"]
                  case 2: tags = ["孕妇"]
                  default: break
                  }
                  let last: Int64? = next(3) == 0 ? nil : t - Int64(26 + next(60)) * hour
                  gaps.append((address, name, serial, tags, last))
                }
              }
              households.append(household)
              counts.residents += members
              counts.eligible += household.eligible
              counts.tested += household.tested
              counts.untested += household.eligible - household.tested
              counts.certValid += household.cert
              if household.eligible > 0 { counts.households += 1 }
              if household.eligible > 0 && household.tested == household.eligible {
                counts.householdsComplete += 1
              }
            }
          }
        }
        b.content.buildings.append(
          BuildingProgress(compound: compound, building: building, counts: counts))
        b.content.totals.add(counts)
      }
    }
    // Machine-file order: addresses by UTF-8 bytes, ties in roster order.
    func bytes(_ a: HouseholdAddress) -> [UInt8] { Array(a.parts.joined(separator: "\u{0}").utf8) }
    func byteLess(_ a: HouseholdAddress, _ c: HouseholdAddress) -> Bool {
      bytes(a).lexicographicallyPrecedes(bytes(c))
    }
    b.content.buildings.sort {
      Array(($0.compound + "\u{0}" + $0.building).utf8).lexicographicallyPrecedes(
        Array(($1.compound + "\u{0}" + $1.building).utf8))
    }
    for household in households.sorted(by: { byteLess($0.address, $1.address) }) {
      b.addHousehold(
        household.address, members: household.members, eligible: household.eligible,
        tested: household.tested, certValid: household.cert, positive: household.positive)
    }
    for gap in NaturalOrder.stableSorted(
      gaps, by: { byteLess($0.0, $1.0) ? -1 : (byteLess($1.0, $0.0) ? 1 : 0) })
    {
      b.addGap(gap.0, name: gap.1, serial: gap.2, tags: gap.3, lastSample: gap.4)
    }
    for item in expiring.sorted(by: { $0.3 < $1.3 }) {
      b.addExpiring(item.0, name: item.1, serial: item.2, expiresAt: item.3)
    }
    let tubeAddress = b.address("龙华新村东区", "8号", "2单元", "301")
    b.addPositiveTube(
      "2204031122301", sampleTime: t - 19 * hour, serial: 9001, name: "黄志强", result: .positive,
      address: tubeAddress)
    b.addPositiveTube(
      "2204031122301", sampleTime: t - 19 * hour, serial: 9002, name: "黄淑珍", result: .positive,
      address: tubeAddress)
    b.addPositiveTube(
      "2204031122301", sampleTime: t - 19 * hour, serial: 9003, name: "林海燕", result: .pending,
      address: b.address("龙华新村东区", "8号", "2单元", "302"))
    b.addPositiveTube(
      "2204031122301", sampleTime: t - 19 * hour, serial: 9004, name: "罗明", result: .negative,
      address: b.address("龙华新村东区", "8号", "1单元", "101"))
    return b.content
  }
}
