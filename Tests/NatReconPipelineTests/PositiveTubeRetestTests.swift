import Foundation
import NatReconPipeline
import NatReconTestSupport
import Testing

/// SPEC §3: positive_tubes.csv's `retest_time` / `retest_result` — the person's latest
/// used record when it was sampled after their sample in this tube (单管复核), for
/// matched and unmatched people alike.
@Suite struct PositiveTubeRetestTests {
  static let roster = """
    310104198001010017,王芳,13900000000,徐汇区,龙华街道,龙华一村居委会,枫林苑,1号,1单元,101,在住,
    310104198512120023,李伟,13900000001,徐汇区,龙华街道,龙华一村居委会,枫林苑,1号,1单元,102,在住,
    310104199006060034,张敏,13900000002,徐汇区,龙华街道,龙华一村居委会,枫林苑,2号,1单元,103,在住,
    310104199503030047,刘洋,13900000003,徐汇区,龙华街道,龙华一村居委会,枫林苑,2号,1单元,104,在住,

    """

  @Test func retestColumns() throws {
    // Tube P1 is positive (王芳). 李伟 is retested singly (no tube), 张敏 in another pooled
    // tube (P2, negative), 刘洋 not at all (an earlier record is no retest), and an
    // unmatched person (not on the roster) singly, with a result reported after T.
    let run = try SmallRun(
      roster: Self.roster,
      tests: """
        310104198001010017,王芳,2022-04-03 07:00,2022-04-03 12:00,阳性,P1
        310104198512120023,李伟,2022-04-03 07:01,2022-04-03 12:00,混管阳性,P1
        310104199006060034,张敏,2022-04-03 07:02,2022-04-03 12:00,混管阳性,P1
        310104199503030047,刘洋,2022-04-03 07:03,2022-04-03 12:00,混管阳性,P1
        110101199003071233,外来,2022-04-03 07:04,2022-04-03 12:00,混管阳性,P1
        310104198512120023,李伟,2022-04-03 15:30,2022-04-03 18:00,阴性,
        310104199006060034,张敏,2022-04-03 16:00,2022-04-03 19:00,阴性,P2
        310104199503030047,刘洋,2022-04-02 07:03,2022-04-02 12:00,阴性,Q9
        110101199003071233,外来,2022-04-03 17:00,2022-04-03 23:00,阴性,
        310104198001010017,王芳,2022-04-03 07:00,,待出,P1

        """)
    let rows = run.rows("positive_tubes.csv")
    let got = rows.map {
      "\($0["tube_id"]!) \($0["id_number"]!) \($0["matched"]!) \($0["retest_time"]!) \($0["retest_result"]!)"
    }
    #expect(
      got == [
        "P1 110101199003071233 false 2022-04-03 17:00:00 pending",  // reported after T: pending at T
        "P1 310104198001010017 true  ",  // a pending twin at the same time is no retest
        "P1 310104198512120023 true 2022-04-03 15:30:00 negative",
        "P1 310104199006060034 true 2022-04-03 16:00:00 negative",  // retested in another pooled tube
        "P1 310104199503030047 true  ",  // not retested
      ], "\(rows)")
    #expect(run.header("positive_tubes.csv").suffix(2) == ["retest_time", "retest_result"])
    // The matched retest is the resident's last_sample_time / last_result.
    let li = try #require(run.residents()["310104198512120023"])
    #expect(li["last_sample_time"] == "2022-04-03 15:30:00")
    #expect(li["last_result"] == "negative")
    let unmatched = try #require(run.rows("unmatched_tests.csv").first)
    #expect(unmatched["last_sample_time"] == "2022-04-03 17:00:00")
  }

  @Test func laterPositiveTubeMemberIsRetestOfTheEarlierTube() throws {
    // Two positive tubes for one person: their later tube is the retest of the earlier,
    // and the later one has none.
    let run = try SmallRun(
      roster: Self.roster,
      tests: """
        310104198001010017,王芳,2022-04-02 07:00,2022-04-02 12:00,阳性,P1
        310104198001010017,王芳,2022-04-03 07:00,2022-04-03 12:00,阳性,P2

        """)
    let got = run.rows("positive_tubes.csv").map { "\($0["tube_id"]!) \($0["retest_time"]!) \($0["retest_result"]!)" }
    #expect(got == ["P1 2022-04-03 07:00:00 positive", "P2  "])
  }
}
