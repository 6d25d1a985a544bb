import NatReconReports
import Testing

@testable import NatReconPipeline

/// Which runs the overview page compares with: earlier `T` only, the latest of them as
/// "previous", at most 14 points with this run last.
@Suite struct DashboardTrendTests {
  static func point(_ day: Int64, coverage: Double = 0.8) -> DashboardTrendPoint {
    DashboardTrendPoint(
      runID: "day\(day)", asOf: 1_648_994_400 + day * 86_400, coverage: coverage, certRate: 0.7, eligible: 100,
      tested: Int(coverage * 100), untested: 100 - Int(coverage * 100))
  }

  @Test func aloneWithoutHistory() {
    let (previous, trend) = DashboardBuilder.trend(current: Self.point(3), earlier: [])
    #expect(previous == nil)
    #expect(trend == [Self.point(3)])
  }

  @Test func threeNights() {
    let (previous, trend) = DashboardBuilder.trend(
      current: Self.point(3, coverage: 0.9), earlier: [Self.point(2, coverage: 0.85), Self.point(1)])
    #expect(previous == Self.point(2, coverage: 0.85))
    #expect(trend.map(\.runID) == ["day1", "day2", "day3"])
  }

  @Test func anAuditAtAnEarlierTimeIgnoresLaterRunsAndItsOwnRecording() {
    let (previous, trend) = DashboardBuilder.trend(
      current: Self.point(2), earlier: [Self.point(1), Self.point(2), Self.point(3), Self.point(4)])
    #expect(previous?.runID == "day1")
    #expect(trend.map(\.runID) == ["day1", "day2"])
  }

  @Test func fourteenPointsAtMost() {
    let (previous, trend) = DashboardBuilder.trend(current: Self.point(30), earlier: (0..<30).map { Self.point($0) })
    #expect(previous?.runID == "day29")
    #expect(trend.count == 14)
    #expect(trend.first?.runID == "day17")
    #expect(trend.last?.runID == "day30")
  }
}
