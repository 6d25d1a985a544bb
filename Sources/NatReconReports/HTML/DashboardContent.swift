import NatReconCore

/// Everything the overview page (dashboard.html, SPEC §4) shows, as plain values.
///
/// Aggregates only: no field here holds a resident's name, ID or phone, so the page
/// cannot show one. The pipeline fills it from the run's summary areas, input accounts,
/// positive tubes and (once the history exists) earlier runs; tests build it by hand.
public struct DashboardContent: Sendable {
  /// The pipeline's `name` (shown in the title).
  public var pipelineName: String
  /// The as-of time `T`, the round `[R0, R1]` (epoch seconds) and the validity `V`.
  public var asOf: Int64
  public var roundStart: Int64
  public var roundEnd: Int64
  public var validityHours: Int
  /// The whole run (summary.csv's `total` row).
  public var total: AreaCounts
  /// The previous run's figures (the trend's point before this run), or nil when there
  /// is no earlier run: the page then says so instead of showing a change.
  public var previous: DashboardTrendPoint?
  /// The recent runs, oldest first, this run last; the page draws the last 14.
  public var trend: [DashboardTrendPoint]
  /// summary.csv's district, street and committee rows, in its order.
  public var districts: [DashboardArea]
  public var streets: [DashboardArea]
  public var committees: [DashboardArea]
  public var tubes: DashboardTubes
  /// One entry per input file, in manifest order.
  public var inputs: [DashboardInput]
  /// `max_reject_rate`: a rejected share above it is marked.
  public var maxRejectRate: Double
  /// Data issues per code and severity, most frequent first.
  public var issues: [DashboardIssueCount]
  /// The newest sample time of a used test record, or nil when no test was used.
  public var newestSampleTime: Int64?
  /// Inputs are stale when the newest used sample is older than this before `T`
  /// (0 = no check).
  public var staleAfterHours: Int

  public init(
    pipelineName: String, asOf: Int64, roundStart: Int64, roundEnd: Int64, validityHours: Int,
    total: AreaCounts
  ) {
    self.pipelineName = pipelineName
    self.asOf = asOf
    self.roundStart = roundStart
    self.roundEnd = roundEnd
    self.validityHours = validityHours
    self.total = total
    self.previous = nil
    self.trend = []
    self.districts = []
    self.streets = []
    self.committees = []
    self.tubes = DashboardTubes()
    self.inputs = []
    self.maxRejectRate = 0.05
    self.issues = []
    self.newestSampleTime = nil
    self.staleAfterHours = 0
  }
}

/// One district, street or committee row of summary.csv.
public struct DashboardArea: Sendable, Equatable {
  public var district: String
  /// Empty for a district row.
  public var street: String
  /// Empty for a district or street row.
  public var committee: String
  public var counts: AreaCounts
  /// For a committee: its workbook's path relative to the run folder
  /// (`committees/<name>.xlsx`), or nil when the run writes no workbooks.
  public var workbook: String?

  public init(
    district: String, street: String = "", committee: String = "", counts: AreaCounts,
    workbook: String? = nil
  ) {
    self.district = district
    self.street = street
    self.committee = committee
    self.counts = counts
    self.workbook = workbook
  }

  /// Households with eligible residents that are not complete.
  public var householdsNotComplete: Int { counts.households - counts.householdsComplete }
}

/// One run's figures for the trend and for "change since the previous run".
public struct DashboardTrendPoint: Sendable, Equatable {
  /// `YYYYMMDD-HHMMSS` of the run's as-of time.
  public var runID: String
  public var asOf: Int64
  /// `tested / eligible` and `cert_valid / eligible`, nil when nobody was eligible.
  public var coverage: Double?
  public var certRate: Double?
  public var eligible: Int
  public var tested: Int
  public var untested: Int

  public init(
    runID: String, asOf: Int64, coverage: Double?, certRate: Double?, eligible: Int, tested: Int,
    untested: Int
  ) {
    self.runID = runID
    self.asOf = asOf
    self.coverage = coverage
    self.certRate = certRate
    self.eligible = eligible
    self.tested = tested
    self.untested = untested
  }

  /// A run's point from its summary.csv `total` counts.
  public init(runID: String, asOf: Int64, total: AreaCounts) {
    self.init(
      runID: runID, asOf: asOf, coverage: total.coverage, certRate: total.certRate,
      eligible: total.eligible, tested: total.tested, untested: total.untested)
  }
}

/// Positive tubes (混管阳性) and their members.
public struct DashboardTubes: Sendable, Equatable {
  /// Positive tubes sampled in `[T − V, T]`.
  public var tubes = 0
  /// Rows of positive_tubes.csv (people in a positive tube).
  public var members = 0
  /// Members found in the roster.
  public var matchedMembers = 0
  /// Members without a single-tube retest after their sample in the tube (rows of
  /// positive_tubes.csv with an empty `retest_time`).
  public var awaitingRetest = 0
  /// Residents whose latest result is positive (summary.csv's `positive`).
  public var positiveResidents = 0

  public init() {}
}

/// One input file's accounting (manifest.json's `inputs`).
public struct DashboardInput: Sendable, Equatable {
  /// `roster`, `tests` or `exemptions`.
  public var role: String
  /// The path as the pipeline names it.
  public var path: String
  public var encoding: String
  public var rows: Int
  public var rowsUsed: Int
  public var rowsRejected: Int
  public var rowsAfterAsOf: Int

  public init(
    role: String, path: String, encoding: String, rows: Int, rowsUsed: Int, rowsRejected: Int,
    rowsAfterAsOf: Int
  ) {
    self.role = role
    self.path = path
    self.encoding = encoding
    self.rows = rows
    self.rowsUsed = rowsUsed
    self.rowsRejected = rowsRejected
    self.rowsAfterAsOf = rowsAfterAsOf
  }

  /// `rows_rejected / rows` (0 without rows), as `max_reject_rate` is checked.
  public var rejectRate: Double { rows == 0 ? 0 : Double(rowsRejected) / Double(rows) }
}

/// How often one data-issue code was found, with its severity.
public struct DashboardIssueCount: Sendable, Equatable {
  /// The spec's snake_case code (`id_checksum`).
  public var code: String
  public var severity: Severity
  public var count: Int

  public init(code: String, severity: Severity, count: Int) {
    self.code = code
    self.severity = severity
    self.count = count
  }
}
