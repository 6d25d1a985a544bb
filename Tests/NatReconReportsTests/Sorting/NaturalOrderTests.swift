import NatReconReports
import Testing

@Suite struct NaturalOrderTests {
  @Test(arguments: [
    ("2号", "10号"),
    ("1单元", "12单元"),
    ("1单元", "2单元"),
    ("9", "10"),
    ("A9", "A10"),
    ("101", "1001"),
    ("2号楼", "2号楼A"),  // prefix first
    ("", "1"),
    ("1号", "一号"),  // Chinese numerals are text, after digits in byte order
    ("02", "2"),  // equal as numbers: byte order decides
    ("007", "8"),
    ("云锦小区", "龙华新村"),  // text in code point order, as in machine files
    ("1-2", "1-10"),
    ("99999999999999999999998", "99999999999999999999999"),  // beyond 64 bits
  ])
  func sortsBefore(_ pair: (String, String)) {
    #expect(NaturalOrder.compare(pair.0, pair.1) < 0)
    #expect(NaturalOrder.compare(pair.1, pair.0) > 0)
    #expect(NaturalOrder.isLess(pair.0, pair.1))
    #expect(!NaturalOrder.isLess(pair.1, pair.0))
  }

  @Test(arguments: ["", "10号", "云锦小区", "007"])
  func equalStringsTie(_ text: String) {
    #expect(NaturalOrder.compare(text, text) == 0)
    #expect(!NaturalOrder.isLess(text, text))
  }

  @Test func sortsAListLikeAClerkReadsIt() {
    let machineOrder = ["10号", "11号", "1号", "2号", "3号", "B10", "B2"]
    #expect(
      machineOrder.sorted(by: NaturalOrder.isLess)
        == ["1号", "2号", "3号", "10号", "11号", "B2", "B10"])
  }

  @Test func comparesAddressesPartByPart() {
    func address(_ compound: String, _ building: String, _ unit: String, _ room: String)
      -> HouseholdAddress
    {
      HouseholdAddress(
        district: "徐汇区", street: "龙华街道", committee: "龙华居委", compound: compound,
        building: building, unit: unit, room: room)
    }
    let sorted = [
      address("云锦小区", "10号", "1单元", "101"),
      address("云锦小区", "2号", "12单元", "101"),
      address("云锦小区", "2号", "2单元", "1001"),
      address("云锦小区", "2号", "2单元", "201"),
      address("云", "99号", "", ""),
    ].sorted(by: NaturalOrder.isLess)
    #expect(
      sorted.map { "\($0.compound)|\($0.building)|\($0.unit)|\($0.room)" } == [
        "云|99号||", "云锦小区|2号|2单元|201", "云锦小区|2号|2单元|1001",
        "云锦小区|2号|12单元|101", "云锦小区|10号|1单元|101",
      ])
    #expect(NaturalOrder.compare(sorted[0], sorted[0]) == 0)
  }

  @Test func stableSortKeepsGivenOrderOfTies() {
    // (key, roster position): equal keys must keep roster order.
    let items = [("10号", 0), ("2号", 1), ("10号", 2), ("2号", 3), ("2号", 4), ("1号", 5)]
    let sorted = NaturalOrder.stableSorted(items) { NaturalOrder.compare($0.0, $1.0) }
    #expect(sorted.map(\.1) == [5, 1, 3, 4, 0, 2])
  }

  /// The ranked address sort puts rows in the comparison sort's order, ties in given
  /// order, on seeded lists full of repeats, digit runs, leading zeros (`02` and `2`),
  /// empty parts and parts that differ only in a later field.
  @Test(arguments: [0, 1, 2, 7, 40, 500, 3000])
  func rankedAddressSortAgreesWithTheComparisonSort(count: Int) {
    var state = UInt64(count) &* 0x9E37_79B9_7F4A_7C15 &+ 17
    func pick(_ choices: [String]) -> String {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
      return choices[Int((z ^ (z &>> 31)) % UInt64(choices.count))]
    }
    let rows: [(address: HouseholdAddress, serial: Int)] = (0..<count).map { serial in
      (
        HouseholdAddress(
          district: pick(["徐汇区", "徐汇区", "浦东新区"]), street: pick(["龙华街道", "龙华街道", "2街道", "10街道"]),
          committee: pick(["龙华居委", "龙华居委", ""]), compound: pick(["云锦小区", "云锦小区2期", "云锦小区10期", "", "A9", "A10"]),
          building: pick(["1号", "2号", "02号", "10号", "9号楼", "", "十号"]), unit: pick(["", "1单元", "12单元", "2单元"]),
          room: pick(["101", "1001", "0101", "201", "2001", "", "B-3"])),
        serial
      )
    }
    let reference = NaturalOrder.stableSorted(rows) { NaturalOrder.compare($0.address, $1.address) }
    let ranked = NaturalOrder.stableSorted(rows, byAddress: \.address)
    #expect(ranked.map(\.serial) == reference.map(\.serial))
    #expect(ranked.count == count)
  }

  /// Reference model: split into digit runs (compared as numbers, with leading zeros
  /// dropped) and single other bytes, where a digit run ranks like a digit byte; ties are
  /// broken by plain byte order.
  @Test func agreesWithATokenModelOnSeededStrings() {
    enum Token: Comparable {
      case byte(UInt8)
      case number(String)  // significant digits

      static func < (a: Token, b: Token) -> Bool {
        switch (a, b) {
        case (.byte(let x), .byte(let y)): return x < y
        case (.number(let x), .number(let y)):
          return x.count != y.count ? x.count < y.count : x < y
        case (.byte(let x), .number): return x < UInt8(ascii: "0")
        case (.number, .byte(let y)): return y > UInt8(ascii: "9")
        }
      }
    }
    func tokens(_ s: String) -> [Token] {
      var out: [Token] = []
      var digits: [UInt8] = []
      func flush() {
        if !digits.isEmpty {
          let significant = digits.drop { $0 == UInt8(ascii: "0") }
          out.append(.number(String(decoding: significant, as: UTF8.self)))
          digits = []
        }
      }
      for byte in s.utf8 {
        if byte >= 48 && byte <= 57 {
          digits.append(byte)
        } else {
          flush()
          out.append(.byte(byte))
        }
      }
      flush()
      return out
    }
    func model(_ a: String, _ b: String) -> Int {
      let x = tokens(a)
      let y = tokens(b)
      if x != y { return x.lexicographicallyPrecedes(y) ? -1 : 1 }
      let p = Array(a.utf8)
      let q = Array(b.utf8)
      return p == q ? 0 : (p.lexicographicallyPrecedes(q) ? -1 : 1)
    }

    // SplitMix64, fixed seed: same strings every run.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z &>> 31)
    }
    let alphabet = ["0", "1", "2", "9", "号", "单元", "A", "-", "/", ":", "十"]
    var strings: [String] = []
    for _ in 0..<300 {
      let length = Int(next() % 6)
      strings.append(
        (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined())
    }
    for a in strings {
      for b in strings.prefix(60) {
        let expected = model(a, b).signum()
        #expect(NaturalOrder.compare(a, b).signum() == expected, "\(a) vs \(b)")
      }
    }
  }
}
