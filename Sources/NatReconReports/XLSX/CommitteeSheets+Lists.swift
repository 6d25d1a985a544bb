import NatReconCore

extension CommitteeSheets {
  // MARK: - 户进度

  static let householdHeaders =
    addressHeaders + ["居民", "应检", "已检", "未检", "有效证明", "阳性", "状态", "免检原因"]

  /// The status a clerk reads: 有阳性 for a household with a positive member, whatever its
  /// other counts (never "全部已检"), else SPEC §3's status in Chinese.
  static func householdLabel(_ household: HouseholdRow) -> String {
    household.positive > 0 ? "有阳性" : household.status.chineseLabel
  }

  /// Writes 户进度: one row per household, its status in Chinese and coloured, and why
  /// its exempt members are exempt.
  func writeHouseholds(_ households: [HouseholdRow]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.householdHeaders)
    for household in households {
      Self.fitAddress(&widths, 0, household.address)
      widths.fit(11, household.exemptReasons)
    }
    widths.atLeast(10, 10)  // 全部已检 / 部分已检

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[1], headers: Self.householdHeaders,
      widths: widths.widths, count: households.count, rowLimit: rowLimit,
      headerFormat: styles.header, page: page
    ) { sheet, row, index throws(ReportError) in
      let household = households[index]
      try writeAddress(sheet, row, 0, household.address)
      try sheet.count(row, 4, household.members)
      try sheet.count(row, 5, household.eligible)
      try sheet.count(row, 6, household.tested)
      try sheet.count(row, 7, household.untested)
      try sheet.count(row, 8, household.certValid)
      try sheet.count(
        row, 9, household.positive, household.positive > 0 ? styles.positiveCount : nil)
      try sheet.text(
        row, 10, Self.householdLabel(household),
        styles.status(household.status, hasPositive: household.positive > 0))
      if !household.exemptReasons.isEmpty {
        try sheet.text(row, 11, Self.reasonText(household.exemptReasons))
      }
    }
  }

  /// Exempt reasons as a clerk reads them: `;`-joined reasons with the Chinese comma.
  static func reasonText(_ reasons: String) -> String {
    reasons.split(separator: ";").joined(separator: "、")
  }

  // MARK: - 未检名单

  static let gapHeaders =
    addressHeaders + ["姓名", "证件号码", "联系电话", "标签", "最近采样时间", "上门情况/备注"]
  private static let notesColumn = 9

  /// Tags that mean the resident must be sampled at home (上门采样).
  static let doorToDoorTags = ["行动不便", "独居老人"]

  /// Whether a resident's tags call for door-to-door sampling.
  static func needsDoorToDoor(_ tags: [String]) -> Bool {
    tags.contains { tag in doorToDoorTags.contains { tag.contains($0) } }
  }

  /// A row of the printed 未检名单: a building's heading (opening its page) or a resident.
  enum GapLine: Equatable {
    /// `gaps[first..<end]` are the building's residents; `door` of them need a home visit.
    case building(first: Int, end: Int, door: Int)
    case gap(Int)
  }

  /// The gaps (in display order) with a heading line before each building's first.
  static func gapLines(_ gaps: [GapRow]) -> [GapLine] {
    var lines: [GapLine] = []
    lines.reserveCapacity(gaps.count + gaps.count / 4 + 1)
    var first = 0
    while first < gaps.count {
      let compound = gaps[first].address.compound
      let building = gaps[first].address.building
      var end = first
      var door = 0
      while end < gaps.count && gaps[end].address.compound == compound
        && gaps[end].address.building == building
      {
        if needsDoorToDoor(gaps[end].tags) { door += 1 }
        end += 1
      }
      lines.append(.building(first: first, end: end, door: door))
      for index in first..<end { lines.append(.gap(index)) }
      first = end
    }
    return lines
  }

  /// `未检 6 人，其中需上门 2 人`.
  static func buildingSummary(count: Int, door: Int) -> String {
    door > 0 ? "未检 \(count) 人，其中需上门 \(door) 人" : "未检 \(count) 人"
  }

  /// Row height of a resident on 未检名单, in points: room to write in 上门情况/备注.
  static let gapRowHeight = 22.0

  /// Writes 未检名单: residents not tested in the round, building by building, each
  /// building opening a new printed page with a heading row that names it; those needing
  /// door-to-door sampling on a shaded row with their tags in bold red; an empty boxed
  /// column for the visitor's notes.
  func writeGaps(_ gaps: [GapRow]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.gapHeaders)
    for gap in gaps {
      Self.fitAddress(&widths, 0, gap.address)
      widths.fit(4, gap.name)
      widths.fit(6, gap.phone)
      widths.fit(7, Self.tagText(gap.tags))
    }
    widths.atLeast(5, 20.5)  // 18-character masked ID
    widths.atLeast(8, Self.timeWidth)
    widths.atLeast(Self.notesColumn, 28)
    let lines = Self.gapLines(gaps)

    let styles = self.styles
    let parts = try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[2], headers: Self.gapHeaders,
      widths: widths.widths, count: lines.count, rowLimit: rowLimit, headerFormat: styles.header,
      page: page
    ) { sheet, row, index throws(ReportError) in
      switch lines[index] {
      case .building(let first, let end, let door):
        let gap = gaps[first]
        try sheet.setRow(row, height: 24, format: styles.buildingHeading)
        try sheet.text(row, 0, gap.address.compound, styles.buildingHeading)
        try sheet.text(row, 1, gap.address.building, styles.buildingHeading)
        try sheet.text(
          row, 2, Self.buildingSummary(count: end - first, door: door), styles.buildingHeading)
        for column in 3..<Self.gapHeaders.count {
          try sheet.blank(row, column, styles.buildingHeading)
        }
      case .gap(let gapIndex):
        let gap = gaps[gapIndex]
        let isDoor = Self.needsDoorToDoor(gap.tags)
        let text = isDoor ? styles.doorText : nil
        try sheet.setRow(row, height: Self.gapRowHeight, format: nil)
        try writeAddress(sheet, row, 0, gap.address, text)
        try sheet.text(row, 4, gap.name, text)
        try sheet.text(
          row, 5, IDMask.mask(gap.idMasked), isDoor ? styles.doorDigitsText : styles.digitsText)
        try sheet.text(row, 6, gap.phone, isDoor ? styles.doorDigitsText : styles.digitsText)
        try sheet.text(row, 7, Self.tagText(gap.tags), isDoor ? styles.doorTag : nil)
        try writeTime(
          sheet, row, 8, gap.lastSampleTime, isDoor ? styles.doorTime : styles.time,
          blankFormat: text)
        try sheet.blank(row, Self.notesColumn, styles.notes)
      }
    }
    for part in parts {
      let breaks = part.items.compactMap { index -> Int? in
        guard case .building = lines[index], index != part.items.lowerBound else { return nil }
        return part.firstItemRow + index - part.items.lowerBound
      }
      try book.setPageBreaks(part.sheet, beforeRows: breaks)
    }
  }

  /// Tags as a clerk reads a list: joined with the Chinese enumeration comma.
  static func tagText(_ tags: [String]) -> String { tags.joined(separator: "、") }

  // MARK: - 即将到期

  static let expiringHeaders =
    ["证明到期时间"] + addressHeaders + ["姓名", "证件号码", "联系电话", "最近阴性时间"]

  /// Writes 即将到期: valid certificates that lapse within the warning horizon, soonest
  /// first (the expiry time leads the row because it is the sort key).
  func writeExpiring(_ expiring: [ExpiringRow]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.expiringHeaders)
    for row in expiring {
      Self.fitAddress(&widths, 1, row.address)
      widths.fit(5, row.name)
      widths.fit(7, row.phone)
    }
    widths.atLeast(0, Self.timeWidth)
    widths.atLeast(6, 20.5)
    widths.atLeast(8, Self.timeWidth)

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[3], headers: Self.expiringHeaders,
      widths: widths.widths, count: expiring.count, rowLimit: rowLimit,
      headerFormat: styles.header, page: page
    ) { sheet, row, index throws(ReportError) in
      let item = expiring[index]
      try writeTime(sheet, row, 0, item.certExpiresAt, styles.time)
      try writeAddress(sheet, row, 1, item.address)
      try sheet.text(row, 5, item.name)
      try sheet.text(row, 6, IDMask.mask(item.idMasked), styles.digitsText)
      try sheet.text(row, 7, item.phone, styles.digitsText)
      try writeTime(sheet, row, 8, item.lastNegativeTime, styles.time)
    }
  }

  // MARK: - 混管复核

  static let positiveTubeHeaders =
    ["复核情况", "管码", "采样时间", "姓名", "证件号码", "联系电话", "混管结果", "单管复核时间", "单管复核结果"]
    + addressHeaders

  /// Writes 混管复核: the committee's residents in positive pooled tubes, to be isolated
  /// and retested singly, those still awaiting their retest first (待复核, red), then the
  /// retested with the retest's time and result; ID numbers masked here (the rows carry
  /// full IDs).
  func writePositiveTubes(_ tubes: [PositiveTubeRow]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.positiveTubeHeaders)
    for tube in tubes {
      widths.fit(1, tube.tubeID)
      widths.fit(3, tube.name)
      widths.fit(5, tube.phone)
      Self.fitAddress(&widths, 9, tube.address)
    }
    widths.atLeast(2, Self.timeWidth)
    widths.atLeast(4, 20.5)
    widths.atLeast(7, Self.timeWidth)

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[4], headers: Self.positiveTubeHeaders,
      widths: widths.widths, count: tubes.count, rowLimit: rowLimit, headerFormat: styles.header,
      page: page
    ) { sheet, row, index throws(ReportError) in
      let tube = tubes[index]
      let state = Self.retestState(tube)
      try sheet.text(row, 0, state.label, state.format(styles))
      try sheet.text(row, 1, tube.tubeID, styles.digitsText)
      try writeTime(sheet, row, 2, tube.sampleTime, styles.time)
      try sheet.text(row, 3, tube.name)
      try sheet.text(row, 4, IDMask.mask(tube.idNumber), styles.digitsText)
      try sheet.text(row, 5, tube.phone, styles.digitsText)
      try sheet.text(
        row, 6, Self.resultLabel(tube.result),
        tube.result == .positive ? styles.positiveResult : nil)
      try writeTime(sheet, row, 7, tube.retestTime, styles.time)
      if let result = tube.retestResult {
        try sheet.text(
          row, 8, Self.resultLabel(result), result == .positive ? styles.positiveResult : nil)
      }
      try writeAddress(sheet, row, 9, tube.address)
    }
  }

  /// 复核情况: 待复核 (no single-tube retest yet, red), 复核待出 (sampled, result pending,
  /// yellow), 复核阳性 (red), 复核无效 (to sample again, yellow) or 已复核 (negative, green).
  static func retestState(_ tube: PositiveTubeRow) -> (
    label: String, format: (CommitteeWorkbookStyles) -> XLSXFormat
  ) {
    guard let result = tube.retestResult, !tube.isAwaitingRetest else {
      return ("待复核", { $0.statusPositive })
    }
    return switch result {
    case .negative: ("已复核", { $0.statusComplete })
    case .pending: ("复核待出", { $0.statusPartial })
    case .positive: ("复核阳性", { $0.statusPositive })
    case .invalid: ("复核无效", { $0.statusPartial })
    }
  }

  /// A result as committee staff say it.
  static func resultLabel(_ result: TestResult) -> String {
    switch result {
    case .positive: "阳性"
    case .negative: "阴性"
    case .pending: "待出"
    case .invalid: "无效"
    }
  }
}
