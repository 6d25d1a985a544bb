import NatReconCore
import NatReconSQLite

/// One earlier run's figures for one area: a point of a trend line (workbook 趋势 sheet,
/// dashboard trend). The report stage appends the current run's own figures as the last
/// point.
public struct TrendPoint: Sendable, Equatable {
  public var runID: String
  /// `T` as `YYYY-MM-DD HH:MM:SS` (UTC+8).
  public var asOf: String
  public var status: String?
  public var residents: Int
  public var eligible: Int
  public var tested: Int
  public var untested: Int
  /// nil when eligible = 0 (as summary.csv's empty field).
  public var coverage: Double?
  public var certRate: Double?
  public var certValid: Int
  public var households: Int
  public var householdsComplete: Int
  public var positive: Int
}

/// An area of summary.csv: its level and the key columns down to it ('' below the level).
public struct TrendArea: Sendable, Hashable {
  public var level: String
  public var district: String
  public var street: String
  public var committee: String
  public var compound: String
  public var building: String

  public init(
    level: String, district: String = "", street: String = "", committee: String = "", compound: String = "",
    building: String = ""
  ) {
    self.level = level
    self.district = district
    self.street = street
    self.committee = committee
    self.compound = compound
    self.building = building
  }

  /// The whole output's total row.
  public static let total = TrendArea(level: "total")
}

/// Earlier points of a trend, read from `<out>/history.sqlite`, and why there are none.
public struct HistoryTrend: Sendable {
  /// Oldest first.
  public var points: [TrendPoint]
  /// Set when the history could not be read (missing, corrupt, newer schema): one line
  /// for the caller to print once on stderr. The run goes on without earlier points.
  public var note: String?
}

extension HistoryStore {
  /// The `last` most recent recorded runs before `asOf` (an epoch second, the current
  /// run's `T`) for each of `areas`, oldest first. Never fails: a history that cannot be
  /// read gives no points and a `note`. Runs with stale inputs are left out (they never
  /// became `latest`) unless `includeStale`.
  ///
  /// - Parameters:
  ///   - out: the output folder (`<out>/history.sqlite`).
  ///   - areas: the areas wanted; an area with no rows in a run has no point for it.
  ///   - last: how many earlier runs at most.
  ///   - asOf: only runs with `T` strictly before this.
  public static func trend(
    out: String, areas: [TrendArea], last: Int, before asOf: Int64, includeStale: Bool = false
  ) -> [TrendArea: HistoryTrend] {
    var result: [TrendArea: HistoryTrend] = [:]
    let store: HistoryStore
    do {
      store = try HistoryStore(readingPath: path(out: out))
    } catch {
      let note: String
      if case .missing = error {
        note = "\(path(out: out)): no history yet, so no trend before this run"
      } else {
        note = "\(error); the trend shows this run only"
      }
      for area in areas { result[area] = HistoryTrend(points: [], note: note) }
      return result
    }
    for area in areas {
      do {
        result[area] = HistoryTrend(
          points: try store.points(area: area, last: last, before: asOf, includeStale: includeStale), note: nil)
      } catch {
        result[area] = HistoryTrend(points: [], note: "\(error); the trend shows this run only")
      }
    }
    return result
  }

  /// Same as `trend(out:areas:…)` for one area.
  public static func trend(
    out: String, area: TrendArea, last: Int, before asOf: Int64, includeStale: Bool = false
  ) -> HistoryTrend {
    trend(out: out, areas: [area], last: last, before: asOf, includeStale: includeStale)[area]
      ?? HistoryTrend(points: [], note: nil)
  }

  /// `?1` is the level unless it is one of `levels`, named as a literal for the index
  /// (`levelSQL`); bound either way, as SQLite allows an unused parameter below the highest.
  func points(area: TrendArea, last: Int, before asOf: Int64, includeStale: Bool) throws(HistoryError) -> [TrendPoint] {
    let sql = """
      SELECT * FROM (
        SELECT r.run_id, r.as_of, r.status, s.residents, s.eligible, s.tested, s.untested, s.coverage, s.cert_rate,
               s.cert_valid, s.households, s.households_complete, s.positive
        FROM summary s JOIN runs r USING (run_id)
        WHERE s.level = \(Self.levelSQL(area.level, parameter: "?1")) AND s.district = ?2 AND s.street = ?3 AND s.committee = ?4 AND s.compound = ?5
          AND s.building = ?6 AND r.as_of < ?7 AND (?8 OR r.status IS NULL OR r.status != 'stale_inputs')
        ORDER BY r.as_of DESC LIMIT ?9)
      ORDER BY as_of
      """
    let rows = try rows(
      sql,
      [
        .text(area.level), .text(area.district), .text(area.street), .text(area.committee), .text(area.compound),
        .text(area.building), .text(Timestamp.format(asOf)), .int(includeStale ? 1 : 0), .int(Int64(max(0, last))),
      ])
    return rows.map { r in
      func text(_ i: Int) -> String? { if case .text(let v) = r[i] { v } else { nil } }
      func int(_ i: Int) -> Int { if case .int(let v) = r[i] { Int(v) } else { 0 } }
      func ratio(_ i: Int) -> Double? {
        switch r[i] {
        case .double(let v): v
        case .int(let v): Double(v)
        default: nil
        }
      }
      return TrendPoint(
        runID: text(0) ?? "", asOf: text(1) ?? "", status: text(2), residents: int(3), eligible: int(4), tested: int(5),
        untested: int(6), coverage: ratio(7), certRate: ratio(8), certValid: int(9), households: int(10),
        householdsComplete: int(11), positive: int(12))
    }
  }
}
