import NatReconCore

extension CommitteeSheets {
  // MARK: - 户进度

  static let householdHeaders =
    addressHeaders + ["居民", "应检", "已检", "未检", "有效证明", "阳性", "状态"]

  /// Writes 户进度: one row per household, its status in Chinese and coloured.
  func writeHouseholds(_ households: [HouseholdRow]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.householdHeaders)
    for household in households { Self.fitAddress(&widths, 0, household.address) }
    widths.atLeast(10, 10)  // 全部已检 / 部分已检

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[1], headers: Self.householdHeaders,
      widths: widths.widths, count: households.count, rowLimit: rowLimit,
      headerFormat: styles.header
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
      try sheet.text(row, 10, household.status.chineseLabel, styles.status(household.status))
    }
  }

  // MARK: - 未检名单

  static let gapHeaders =
    addressHeaders + ["姓名", "证件号码", "联系电话", "标签", "最近采样时间"]

  /// Tags that mean the resident must be sampled at home (上门采样).
  static let doorToDoorTags = ["行动不便", "独居老人"]

  /// Whether a resident's tags call for door-to-door sampling.
  static func needsDoorToDoor(_ tags: [String]) -> Bool {
    tags.contains { tag in doorToDoorTags.contains { tag.contains($0) } }
  }

  /// Writes 未检名单: residents not tested in the round, those needing door-to-door
  /// sampling on a shaded row with their tags in bold red.
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

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[2], headers: Self.gapHeaders,
      widths: widths.widths, count: gaps.count, rowLimit: rowLimit, headerFormat: styles.header
    ) { sheet, row, index throws(ReportError) in
      let gap = gaps[index]
      let isDoor = Self.needsDoorToDoor(gap.tags)
      let text = isDoor ? styles.doorText : nil
      try writeAddress(sheet, row, 0, gap.address, text)
      try sheet.text(row, 4, gap.name, text)
      try sheet.text(
        row, 5, IDMask.mask(gap.idMasked), isDoor ? styles.doorDigitsText : styles.digitsText)
      try sheet.text(row, 6, gap.phone, isDoor ? styles.doorDigitsText : styles.digitsText)
      try sheet.text(row, 7, Self.tagText(gap.tags), isDoor ? styles.doorTag : nil)
      try writeTime(
        sheet, row, 8, gap.lastSampleTime, isDoor ? styles.doorTime : styles.time, blankFormat: text
      )
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
      headerFormat: styles.header
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
    ["管码", "采样时间", "姓名", "证件号码", "联系电话", "结果"] + addressHeaders

  /// Writes 混管复核: the committee's residents in positive pooled tubes, to be isolated
  /// and retested singly; ID numbers masked here (the rows carry full IDs).
  func writePositiveTubes(_ tubes: [PositiveTubeRow]) throws(ReportError) {
    var widths = ColumnWidths(headers: Self.positiveTubeHeaders)
    for tube in tubes {
      widths.fit(0, tube.tubeID)
      widths.fit(2, tube.name)
      widths.fit(4, tube.phone)
      Self.fitAddress(&widths, 6, tube.address)
    }
    widths.atLeast(1, Self.timeWidth)
    widths.atLeast(3, 20.5)

    let styles = self.styles
    try book.writeTable(
      name: CommitteeWorkbookWriter.sheetNames[4], headers: Self.positiveTubeHeaders,
      widths: widths.widths, count: tubes.count, rowLimit: rowLimit, headerFormat: styles.header
    ) { sheet, row, index throws(ReportError) in
      let tube = tubes[index]
      try sheet.text(row, 0, tube.tubeID, styles.digitsText)
      try writeTime(sheet, row, 1, tube.sampleTime, styles.time)
      try sheet.text(row, 2, tube.name)
      try sheet.text(row, 3, IDMask.mask(tube.idNumber), styles.digitsText)
      try sheet.text(row, 4, tube.phone, styles.digitsText)
      try sheet.text(
        row, 5, Self.resultLabel(tube.result),
        tube.result == .positive ? styles.positiveResult : nil)
      try writeAddress(sheet, row, 6, tube.address)
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
