import NatReconCore
import Testing

@testable import NatReconPipeline

/// `ExemptReasons` against a dictionary model: status reasons, merged list reasons in
/// file order without repeats, lookups by binary search and by cursor.
@Suite struct ExemptReasonsTests {
  static func statuses() -> [[UInt8]] { [Array("外出".utf8), Array("住院".utf8)] }

  @Test func mergesListReasonsAfterTheStatus() {
    var reasons = ExemptReasons(statuses: Self.statuses())
    reasons.addStatus(resident: 2, status: 0)
    reasons.addStatus(resident: 5, status: 1)
    reasons.addStatus(resident: 9, status: 0)
    var pieces = ByteInterner()
    let listed: [(resident: UInt32, reason: UInt32)] = [
      (7, pieces.intern("卧床")), (2, pieces.intern("外出")), (2, pieces.intern("探亲")), (0, pieces.intern("婴幼儿")),
      (7, pieces.intern("外出执勤")), (7, pieces.intern("卧床")), (9, pieces.intern("卧床")),
    ]
    reasons.mergeListed(listed, reasons: pieces)
    let expected = [0: "婴幼儿", 2: "外出;探亲", 5: "住院", 7: "卧床;外出执勤", 9: "外出;卧床"]
    #expect(reasons.count == expected.count)
    var cursor = ExemptReasons.Cursor()
    for r in 0..<12 {
      #expect(reasons.reason(of: r) == (expected[r] ?? ""), "resident \(r)")
      let viaCursor = cursor.reasonID(of: r, in: reasons).map { id in
        reasons.withText(id) { String(decoding: $0, as: UTF8.self) }
      }
      #expect(viaCursor == expected[r], "resident \(r) by cursor")
    }
  }

  @Test func sharedReasonTextsAreInternedOnce() {
    var reasons = ExemptReasons(statuses: Self.statuses())
    for r in 0..<1000 { reasons.addStatus(resident: UInt32(r), status: r % 2) }
    var pieces = ByteInterner()
    let bedridden = pieces.intern("卧床")
    reasons.mergeListed((0..<1000).map { (UInt32($0), bedridden) }, reasons: pieces)
    #expect(reasons.count == 1000)
    #expect(reasons.texts.count == 4)  // 外出, 住院, 外出;卧床, 住院;卧床
    #expect(reasons.reason(of: 999) == "住院;卧床")
  }
}
