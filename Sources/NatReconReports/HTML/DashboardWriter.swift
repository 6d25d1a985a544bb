import NatReconCore
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes the overview page, dashboard.html (SPEC §4 Overview page).
///
/// - **Input / Output**: a `DashboardContent` → one self-contained UTF-8 HTML file: inline
///   CSS, inline SVG for the trend, a tiny inline script that only sorts tables (without
///   it the tables keep summary.csv's order); no external script, style, font, image or
///   link to the network. Relative links go to the committee workbooks only.
/// - **Layout**: the first view is laid out for a 1920×1080 screen without scrolling:
///   header (as-of time, round), the total's coverage and certificate rate with their
///   change since the previous run, one bar per district, the 20 committees furthest
///   behind, positive tubes, inputs and data quality, the trend of the last 14 runs.
///   Below it, one section per district with its streets and committees.
/// - **Memory / size**: the page is built in memory; its size grows with the number of
///   committees (about 300 bytes each, see `DashboardWriterTests.pageStaysSmallAtCityScale`): 1.8 MB for a city of
///   6,000 committees.
/// - **Errors**: `ReportError.writeFailed` naming the file.
/// - **Order & determinism**: areas keep the content's order (summary.csv's); the
///   lagging list is sorted by coverage, then untested (more first), then that order.
///   Identical content gives identical bytes.
/// - **Privacy**: the content holds aggregates only; every name is HTML-escaped.
public enum DashboardWriter {
  /// Runs the trend chart shows.
  public static let trendRuns = 14
  /// Committees in the "furthest behind" list.
  public static let laggingCount = 20

  /// Writes the page for `content` at `path`, replacing any file there.
  public static func write(_ content: DashboardContent, to path: String) throws(ReportError) {
    if !FileDescriptor.writeFile(path, Array(render(content).utf8)) {
      throw .writeFailed(path: path, detail: FileDescriptor.errorText())
    }
  }

  /// The committees furthest behind: lowest coverage first (committees without eligible
  /// residents are left out), then more untested first, then the given order.
  public static func lagging(_ committees: [DashboardArea], count: Int = laggingCount) -> [DashboardArea] {
    let ranked = committees.enumerated().compactMap { i, a -> (Int, Int, Int)? in
      guard let bp = DashboardText.basisPoints(a.counts.coverage) else { return nil }
      return (bp, -a.counts.untested, i)
    }
    return ranked.sorted { $0 < $1 }.prefix(count).map { committees[$0.2] }
  }

  /// The page as text.
  public static func render(_ c: DashboardContent) -> String {
    var h = ""
    h.reserveCapacity(4096 + c.committees.count * 360 + c.streets.count * 300)
    h += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    h += "<meta name=\"viewport\" content=\"width=1920\">"
    h += "<title>核酸筛查总览 · \(e(c.pipelineName)) · 截至 \(DashboardText.time(c.asOf))</title>"
    h += "<style>\(style)</style></head><body>\n"
    h += "<main class=\"first\">\n"
    header(&h, c)
    h += "<div class=\"col\">"
    kpis(&h, c)
    tubes(&h, c)
    quality(&h, c)
    h += "</div>\n<div class=\"col\">"
    districtBars(&h, c)
    trend(&h, c)
    h += "</div>\n<div class=\"col\">"
    laggingPanel(&h, c)
    h += "</div>\n</main>\n"
    details(&h, c)
    h += "<script>\(script)</script>\n</body></html>\n"
    return h
  }

  // MARK: - First view

  private static func header(_ h: inout String, _ c: DashboardContent) {
    h += "<header><h1>核酸筛查总览<small>\(e(c.pipelineName))</small></h1><div class=\"when\">"
    h += "<span>截至 <b>\(DashboardText.time(c.asOf))</b></span>"
    h += "<span>本轮 \(DashboardText.time(c.roundStart)) 至 \(DashboardText.time(c.roundEnd))</span>"
    h += "<span>证明有效期 \(c.validityHours) 小时</span></div></header>\n"
  }

  private static func kpis(_ h: inout String, _ c: DashboardContent) {
    h += "<section class=\"panel kpi\"><h2>总体（全部区）</h2><div class=\"big\">"
    for (label, value, old, cls) in [
      ("核酸覆盖率", c.total.coverage, c.previous?.coverage, "cov"),
      ("48小时证明有效率", c.total.certRate, c.previous?.certRate, "crt"),
    ] {
      h += "<div class=\"\(cls)\"><div class=\"label\">\(label)</div>"
      h += "<div class=\"num\" data-kpi=\"\(cls)\">\(DashboardText.percent(value))</div>"
      if c.previous == nil {
        h += "<div class=\"delta\">无上次运行可比</div>"
      } else if let change = DashboardText.pointChange(from: old, to: value) {
        let (arrow, tone) =
          change.basisPoints > 0 ? ("▲", "up") : change.basisPoints < 0 ? ("▼", "down") : ("■", "flat")
        h += "<div class=\"delta \(tone)\">\(arrow) \(change.text) 个百分点 <small>较上次</small></div>"
      } else {
        h += "<div class=\"delta\">上次无应检人员</div>"
      }
      h += "</div>"
    }
    h += "</div><div class=\"facts\">"
    let t = c.total
    for (label, value) in [
      ("应检人数", t.eligible), ("已检", t.tested), ("未检", t.untested), ("证明有效", t.certValid),
      ("居民（含免检）", t.residents), ("免检", t.residents - t.eligible), ("应检户", t.households),
      ("完成户", t.householdsComplete),
    ] {
      h += "<div><span>\(label)</span><b>\(DashboardText.count(value))</b></div>"
    }
    h += "</div></section>\n"
  }

  private static func tubes(_ h: inout String, _ c: DashboardContent) {
    let t = c.tubes
    h += "<section class=\"panel tubes\"><h2>混管阳性与复核</h2><div class=\"facts four\">"
    h += "<div class=\"\(t.tubes > 0 ? "alert" : "")\"><span>阳性混管</span><b>\(DashboardText.count(t.tubes))</b></div>"
    h += "<div><span>管内人员</span><b>\(DashboardText.count(t.members))</b></div>"
    h +=
      "<div class=\"\(t.awaitingRetest > 0 ? "alert" : "")\"><span>待单管复核</span><b>\(DashboardText.count(t.awaitingRetest))</b></div>"
    h +=
      "<div class=\"\(t.positiveResidents > 0 ? "alert" : "")\"><span>阳性居民</span><b>\(DashboardText.count(t.positiveResidents))</b></div>"
    h +=
      "</div><p class=\"note\">管内人员中台账内 \(DashboardText.count(t.matchedMembers)) 人、台账外 \(DashboardText.count(t.members - t.matchedMembers)) 人"
    h += "。</p></section>\n"
  }

  private static func quality(_ h: inout String, _ c: DashboardContent) {
    h += "<section class=\"panel quality\"><h2>输入与数据质量</h2>"
    if let newest = c.newestSampleTime {
      let ageHours = Double(c.asOf - newest) / 3600
      let isStale = c.staleAfterHours > 0 && c.asOf - newest > Int64(c.staleAfterHours) * 3600
      h += "<p class=\"\(isStale ? "stale" : "fresh")\">"
      h += isStale ? "⚠ 输入可能过期：" : "✓ "
      h += "最新采样 \(DashboardText.time(newest))，早于截至 \(hoursText(ageHours)) 小时"
      if c.staleAfterHours > 0 { h += "（阈值 \(c.staleAfterHours) 小时）" }
      h += "</p>"
    } else {
      h += "<p class=\"stale\">⚠ 本次没有可用的检测记录</p>"
    }
    h +=
      "<table class=\"inputs\"><thead><tr><th>输入<th>文件<th class=\"n\">行数<th class=\"n\">拒绝<th class=\"n\">拒绝率<th class=\"n\">晚于截至</tr></thead><tbody>"
    var roles: [String] = []
    for input in c.inputs where !roles.contains(input.role) { roles.append(input.role) }
    for role in roles {
      let files = c.inputs.filter { $0.role == role }
      let rows = files.reduce(0) { $0 + $1.rows }
      let rejected = files.reduce(0) { $0 + $1.rowsRejected }
      let after = files.reduce(0) { $0 + $1.rowsAfterAsOf }
      let worst = files.max { $0.rejectRate < $1.rejectRate }
      let isOver = files.contains { $0.rejectRate > c.maxRejectRate }
      h += "<tr class=\"\(isOver ? "over" : "")\"><td>\(DashboardText.inputRole(role))<td>"
      h += files.count == 1 ? e(files[0].path) : "\(files.count) 个文件"
      h += "<td class=\"n\">\(DashboardText.count(rows))<td class=\"n\">\(DashboardText.count(rejected))"
      h += "<td class=\"n\">\(rejectShare(rejected, rows))"
      if files.count > 1, let worst { h += "<small>单文件最高 \(rejectShare(worst.rowsRejected, worst.rows))</small>" }
      h += "<td class=\"n\">\(role == "tests" ? DashboardText.count(after) : "—")</tr>"
    }
    h += "</tbody></table>"
    h += "<p class=\"note\">拒绝率上限 \(rejectShare(c.maxRejectRate)) ；"
    let errors = c.issues.filter { $0.severity == .error }.reduce(0) { $0 + $1.count }
    let warnings = c.issues.filter { $0.severity == .warning }.reduce(0) { $0 + $1.count }
    h += "数据问题：错误 \(DashboardText.count(errors)) 条，警告 \(DashboardText.count(warnings)) 条（明细见 data_issues.csv）</p>"
    h += "<ul class=\"issues\">"
    for issue in c.issues.prefix(6) {
      h +=
        "<li class=\"\(issue.severity == .error ? "err" : "warn")\" title=\"\(e(issue.code))\"><span>\(e(DashboardText.issueLabel(issue.code)))</span>"
      h += "<small>\(issue.severity == .error ? "错误" : "警告")</small><b>\(DashboardText.count(issue.count))</b></li>"
    }
    if c.issues.count > 6 { h += "<li class=\"more\">另有 \(c.issues.count - 6) 类</li>" }
    h += "</ul></section>\n"
  }

  private static func districtBars(_ h: inout String, _ c: DashboardContent) {
    h +=
      "<section class=\"panel districts\"><h2>各区进度<span class=\"legend\"><i class=\"cov\"></i>覆盖率 <i class=\"crt\"></i>证明有效率 <em>未检人数</em></span></h2>"
    // Row height shrinks with the number of districts so all of them fit the panel
    // (a city has a few dozen at most).
    let rowHeight = max(12, min(52, 440 / max(1, c.districts.count)))
    h += "<div class=\"bars\" style=\"--rh:\(rowHeight)px\">"
    for d in c.districts {
      let cov = DashboardText.basisPoints(d.counts.coverage)
      let crt = DashboardText.basisPoints(d.counts.certRate)
      h +=
        "<div class=\"drow\" data-district=\"\(e(d.district))\"><span class=\"dn\">\(e(nameOrUnfilled(d.district)))</span>"
      h +=
        "<span class=\"track\"><i class=\"cov\" style=\"width:\(barWidth(cov))\"></i><i class=\"crt\" style=\"width:\(barWidth(crt))\"></i></span>"
      h +=
        "<b class=\"cov\">\(DashboardText.percent(d.counts.coverage))</b><b class=\"crt\">\(DashboardText.percent(d.counts.certRate))</b>"
      h += "<em>\(DashboardText.count(d.counts.untested))</em></div>"
    }
    if c.districts.isEmpty { h += "<p class=\"note\">名册中没有居民</p>" }
    h += "</div></section>\n"
  }

  private static func trend(_ h: inout String, _ c: DashboardContent) {
    let points = Array(c.trend.suffix(trendRuns))
    h +=
      "<section class=\"panel trend\"><h2>近 \(trendRuns) 次运行趋势<span class=\"legend\"><i class=\"cov\"></i>覆盖率 <i class=\"crt\"></i>证明有效率</span></h2>"
    let (w, ht) = (600.0, 360.0)
    let (left, right, top, bottom) = (56.0, 48.0, 16.0, 40.0)
    let values = points.flatMap { [DashboardText.basisPoints($0.coverage), DashboardText.basisPoints($0.certRate)] }
      .compactMap { $0 }
    // The y axis ends at 100% and has four steps of 2.5, 5, 10 or 25 points, the
    // smallest that reaches the lowest value: a round that moves between 90% and 95%
    // does not draw a flat line at the top of a 0–100% axis.
    let lowest = values.min() ?? 10_000
    let step = [250, 500, 1000, 2500].first { 10_000 - 4 * $0 <= lowest } ?? 2500
    let low = 10_000 - 4 * step
    let x = { (i: Int) -> Double in
      points.count <= 1
        ? left + (w - left - right) / 2 : left + Double(i) * (w - left - right) / Double(points.count - 1)
    }
    let y = { (bp: Int) -> Double in top + (ht - top - bottom) * Double(10_000 - bp) / Double(max(1, 10_000 - low)) }
    h += "<svg viewBox=\"0 0 \(Int(w)) \(Int(ht))\" role=\"img\" aria-label=\"覆盖率与证明有效率趋势\">"
    for step in 0...4 {
      let bp = low + (10_000 - low) * step / 4
      let yy = fmt(y(bp))
      h += "<line class=\"grid\" x1=\"\(Int(left))\" x2=\"\(Int(w - right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>"
      let label = bp % 100 == 0 ? "\(bp / 100)%" : "\(bp / 100).\(bp % 100 / 10)%"
      h += "<text class=\"axis\" x=\"\(Int(left) - 6)\" y=\"\(yy)\" text-anchor=\"end\" dy=\"4\">\(label)</text>"
    }
    let labelEvery = points.count > 7 ? 2 : 1
    for (i, p) in points.enumerated() where (points.count - 1 - i) % labelEvery == 0 {
      let text = DashboardText.time(p.asOf)
      let label = String(text.dropFirst(5).prefix(11))  // MM-DD HH:MM
      h += "<text class=\"axis\" x=\"\(fmt(x(i)))\" y=\"\(Int(ht) - 14)\" text-anchor=\"middle\">\(label)</text>"
    }
    for (cls, value) in [
      ("cov", { (p: DashboardTrendPoint) in p.coverage }), ("crt", { (p: DashboardTrendPoint) in p.certRate }),
    ] {
      let coords = points.enumerated().compactMap { i, p in
        DashboardText.basisPoints(value(p)).map { "\(fmt(x(i))),\(fmt(y($0)))" }
      }
      if coords.count > 1 { h += "<polyline class=\"\(cls)\" points=\"\(coords.joined(separator: " "))\"/>" }
      for (i, p) in points.enumerated() {
        guard let bp = DashboardText.basisPoints(value(p)) else { continue }
        h +=
          "<circle class=\"\(cls)\" cx=\"\(fmt(x(i)))\" cy=\"\(fmt(y(bp)))\" r=\"5\"><title>\(p.runID) \(DashboardText.percent(value(p)))</title></circle>"
        if i == points.count - 1 {
          // The higher of the two last values is labelled above its point, the other
          // below, so the labels never overlap.
          let other = DashboardText.basisPoints(cls == "cov" ? p.certRate : p.coverage) ?? -1
          let isAbove = bp > other || (bp == other && cls == "cov")
          h +=
            "<text class=\"last \(cls)\" x=\"\(fmt(x(i)))\" y=\"\(fmt(y(bp) + (isAbove ? -12 : 24)))\" text-anchor=\"\(points.count > 1 ? "end" : "middle")\">\(DashboardText.percent(value(p)))</text>"
        }
      }
    }
    h += "</svg>"
    if points.count <= 1 {
      h += "<p class=\"note\">仅有本次运行，暂无更早的运行记录可比。</p>"
    } else {
      h += "<p class=\"note\">共 \(points.count) 次运行，自 \(DashboardText.time(points[0].asOf)) 起。</p>"
    }
    h += "</section>\n"
  }

  private static func laggingPanel(_ h: inout String, _ c: DashboardContent) {
    let rows = lagging(c.committees)
    h += "<section class=\"panel lagging\"><h2>进度最慢的 \(laggingCount) 个居委</h2>"
    h +=
      "<table><thead><tr><th>#<th>居委（区 · 街镇）<th class=\"n\">覆盖率<th class=\"n\">未检<th class=\"n\">未完成户</tr></thead><tbody>"
    for (i, a) in rows.enumerated() {
      let bp = DashboardText.basisPoints(a.counts.coverage) ?? 0
      h +=
        "<tr><td class=\"rank\">\(i + 1)<td><b>\(committeeName(a))</b><small>\(e(nameOrUnfilled(a.district))) · \(e(nameOrUnfilled(a.street)))</small>"
      h +=
        "<td class=\"n\"><span class=\"mini\"><i style=\"width:\(barWidth(bp))\"></i></span>\(DashboardText.percent(a.counts.coverage))"
      h +=
        "<td class=\"n\">\(DashboardText.count(a.counts.untested))<td class=\"n\">\(DashboardText.count(a.householdsNotComplete))</tr>"
    }
    h += "</tbody></table>"
    if rows.isEmpty { h += "<p class=\"note\">没有应检人员的居委。</p>" }
    h += "</section>\n"
  }

  // MARK: - Below the fold

  private static func details(_ h: inout String, _ c: DashboardContent) {
    h += "<div class=\"details\"><h1>各区街镇与居委明细 <small>点击表头可排序；居委名称链接到其工作簿</small></h1>\n"
    var streetsOf: [String: [Int]] = [:]
    for (i, s) in c.streets.enumerated() { streetsOf[s.district, default: []].append(i) }
    var committeesOf: [String: [Int]] = [:]
    for (i, m) in c.committees.enumerated() { committeesOf[m.district, default: []].append(i) }
    let head =
      "<th class=\"n\">应检<th class=\"n\">已检<th class=\"n\">未检<th class=\"n\">覆盖率<th class=\"n\">证明有效率<th class=\"n\">应检户<th class=\"n\">未完成户<th class=\"n\">阳性</tr></thead><tbody>\n"
    for d in c.districts {
      h +=
        "<section class=\"district\"><h2>\(e(nameOrUnfilled(d.district)))<small>覆盖率 \(DashboardText.percent(d.counts.coverage)) · 证明有效率 \(DashboardText.percent(d.counts.certRate)) · 未检 \(DashboardText.count(d.counts.untested))</small></h2>\n"
      h += "<table class=\"s\"><thead><tr><th>街镇\(head)"
      for i in streetsOf[d.district] ?? [] {
        let s = c.streets[i]
        h += "<tr><td>\(e(nameOrUnfilled(s.street)))"
        counts(&h, s)
      }
      h += "</tbody></table>\n<table class=\"s\"><thead><tr><th>街镇<th>居委\(head)"
      for i in committeesOf[d.district] ?? [] {
        let m = c.committees[i]
        h += "<tr><td>\(e(nameOrUnfilled(m.street)))<td>"
        if let workbook = m.workbook {
          h += "<a href=\"\(DashboardText.href(workbook))\">\(committeeName(m))</a>"
        } else {
          h += committeeName(m)
        }
        counts(&h, m)
      }
      h += "</tbody></table></section>\n"
    }
    h +=
      "<section class=\"district\"><h2>输入文件</h2><table class=\"s\"><thead><tr><th>输入<th>文件<th>编码<th class=\"n\">行数<th class=\"n\">已用<th class=\"n\">拒绝<th class=\"n\">拒绝率<th class=\"n\">晚于截至</tr></thead><tbody>\n"
    for input in c.inputs {
      h +=
        "<tr class=\"\(input.rejectRate > c.maxRejectRate ? "over" : "")\"><td>\(DashboardText.inputRole(input.role))<td>\(e(input.path))<td>\(e(input.encoding))"
      h +=
        "<td class=\"n\">\(DashboardText.count(input.rows))<td class=\"n\">\(DashboardText.count(input.rowsUsed))<td class=\"n\">\(DashboardText.count(input.rowsRejected))"
      h +=
        "<td class=\"n\">\(rejectShare(input.rowsRejected, input.rows))<td class=\"n\">\(DashboardText.count(input.rowsAfterAsOf))</tr>\n"
    }
    h += "</tbody></table></section></div>\n"
  }

  /// The count cells of a street or committee row (closes the row).
  private static func counts(_ h: inout String, _ a: DashboardArea) {
    let k = a.counts
    h += "<td class=\"n\">\(DashboardText.count(k.eligible))<td class=\"n\">\(DashboardText.count(k.tested))"
    h += "<td class=\"n\">\(DashboardText.count(k.untested))<td class=\"n\">\(DashboardText.percent(k.coverage))"
    h += "<td class=\"n\">\(DashboardText.percent(k.certRate))<td class=\"n\">\(DashboardText.count(k.households))"
    h +=
      "<td class=\"n\">\(DashboardText.count(a.householdsNotComplete))<td class=\"n\">\(DashboardText.count(k.positive))</tr>\n"
  }

  // MARK: - Helpers

  private static func e(_ s: String) -> String { DashboardText.escape(s) }

  /// An empty address part shows as 未填 (as in the workbooks' names).
  private static func nameOrUnfilled(_ s: String) -> String { s.isEmpty ? "未填" : s }

  private static func committeeName(_ a: DashboardArea) -> String { e(nameOrUnfilled(a.committee)) }

  private static func barWidth(_ bp: Int?) -> String { "\(Double(bp ?? 0) / 100)%" }

  private static func rejectShare(_ rejected: Int, _ rows: Int) -> String {
    rows == 0 ? "—" : rejectShare(Double(rejected) / Double(rows))
  }

  /// A rejected share as a percentage with two decimals (rounded half up on the ratio).
  private static func rejectShare(_ ratio: Double) -> String { DashboardText.percent(ratio) }

  private static func hoursText(_ hours: Double) -> String {
    let tenths = Int((hours * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
  }

  private static func fmt(_ v: Double) -> String {
    let tenths = Int((v * 10).rounded())
    return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
  }

  // MARK: - Style and script

  /// Laid out for 1920×1080: three columns under a header, fixed heights so the first
  /// view never scrolls; fonts are the system's CJK fonts (nothing is downloaded). The
  /// first view takes the window's width up to 1,920 px, and at least 1,880 px: a
  /// browser's vertical scrollbar (the details run on below) takes 15–17 px of a wall
  /// screen's 1,920, and a fixed 1,920 px would then scroll sideways and cut the right
  /// column; a narrower screen scrolls sideways as before rather than squeezing it.
  static let style = """
    *{box-sizing:border-box}html,body{margin:0;background:#0b1220;color:#e2e8f0;\
    font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif}\
    .first{width:100%;min-width:1880px;max-width:1920px;height:1080px;padding:14px 18px;display:grid;grid-template-columns:560px 620px 1fr;\
    grid-template-rows:76px 1fr;gap:14px;overflow:hidden}\
    header{grid-column:1/4;display:flex;align-items:center;justify-content:space-between;background:#111c33;\
    border-radius:10px;padding:0 24px}\
    header h1{margin:0;font-size:34px;font-weight:700;letter-spacing:2px}\
    header h1 small{font-size:20px;color:#94a3b8;margin-left:18px;font-weight:400}\
    .when{display:flex;gap:28px;font-size:20px;color:#cbd5e1}.when b{color:#fff;font-size:24px}\
    .col{display:flex;flex-direction:column;gap:14px;min-height:0}\
    .panel{background:#111c33;border-radius:10px;padding:12px 18px;overflow:hidden}\
    .panel h2{margin:0 0 8px;font-size:22px;color:#93c5fd;font-weight:600;display:flex;justify-content:space-between;align-items:center}\
    .legend{font-size:15px;color:#94a3b8;font-weight:400}\
    .legend i{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px}\
    .legend em{font-style:normal;margin-left:12px;color:#fbbf24}\
    i.cov,.mini i{background:#38bdf8}i.crt{background:#34d399}\
    .kpi .big{display:flex;gap:18px}.kpi .big>div{flex:1}\
    .label{font-size:20px;color:#cbd5e1}\
    .num{font-size:76px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}\
    .cov .num{color:#38bdf8}.crt .num{color:#34d399}\
    .delta{font-size:19px;color:#94a3b8}.delta.up{color:#4ade80}.delta.down{color:#f87171}\
    .delta small{color:#94a3b8;font-size:15px}\
    .facts{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin-top:12px}\
    .facts.four{grid-template-columns:repeat(4,1fr);margin-top:0}\
    .facts div{background:#0b1220;border-radius:6px;padding:6px 10px}\
    .facts span{display:block;font-size:15px;color:#94a3b8}\
    .facts b{font-size:22px;font-variant-numeric:tabular-nums;white-space:nowrap}\
    .facts .alert b{color:#f87171}\
    .note{font-size:15px;color:#94a3b8;margin:8px 0 0}\
    .quality{flex:1}.fresh{color:#4ade80;font-size:17px;margin:0 0 6px}\
    .stale{color:#fbbf24;font-size:18px;margin:0 0 6px;font-weight:600}\
    table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\
    th{text-align:left;font-weight:500;color:#94a3b8;border-bottom:1px solid #334155;padding:4px 6px;white-space:nowrap}\
    td{padding:3px 6px;border-bottom:1px solid #1e293b}.n{text-align:right}\
    .inputs{font-size:16px;table-layout:fixed}\
    .inputs td:nth-child(2){overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:150px}\
    .inputs th:nth-child(1){width:76px}.inputs th:nth-child(2){width:120px}\
    .inputs th:nth-child(3){width:86px}.inputs th:nth-child(4){width:64px}\
    .inputs th:nth-child(5){width:72px}\
    .inputs small{display:block;font-size:12px;color:#94a3b8}tr.over td{color:#f87171}\
    .issues{list-style:none;margin:8px 0 0;padding:0;font-size:15px;display:grid;grid-template-columns:1fr 1fr;gap:4px 14px}\
    .issues li{display:flex;gap:6px;align-items:baseline;white-space:nowrap}\
    .issues small{color:#64748b;font-size:12px}\
    .issues b{margin-left:auto}.issues .err span{color:#fca5a5}.issues .warn span{color:#fde68a}\
    .districts{flex:0 1 auto;max-height:540px}.bars{display:flex;flex-direction:column;gap:4px}\
    .drow{display:grid;grid-template-columns:110px 1fr 84px 84px 90px;align-items:center;gap:8px;height:var(--rh);\
    font-size:min(19px,calc(var(--rh)*0.62))}\
    .dn{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
    .track{display:flex;flex-direction:column;gap:2px;height:80%;background:#0b1220;border-radius:4px;padding:2px}\
    .track i{display:block;flex:1;border-radius:3px;min-width:1px}\
    .drow b{text-align:right;font-variant-numeric:tabular-nums}.drow b.cov{color:#38bdf8}\
    .drow b.crt{color:#34d399}\
    .drow em{font-style:normal;color:#fbbf24;text-align:right;font-variant-numeric:tabular-nums}\
    .trend{flex:1;display:flex;flex-direction:column}.trend svg{width:100%;flex:1;min-height:0;display:block}\
    .grid{stroke:#1e293b;stroke-width:1}.axis{fill:#94a3b8;font-size:14px}\
    polyline{fill:none;stroke-width:3}polyline.cov{stroke:#38bdf8}polyline.crt{stroke:#34d399}\
    circle.cov{fill:#38bdf8}circle.crt{fill:#34d399}text.last{font-size:18px;font-weight:700}\
    text.cov{fill:#38bdf8}text.crt{fill:#34d399}\
    .lagging{flex:1}.lagging table{font-size:19px}.lagging td{height:41px;padding:2px 6px}\
    .lagging td small{display:block;font-size:13px;color:#94a3b8;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:380px}\
    .lagging td b{font-weight:500;display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:380px}\
    .rank{color:#64748b;width:36px}\
    .mini{display:inline-block;width:70px;height:10px;background:#0b1220;border-radius:3px;margin-right:8px;vertical-align:middle}\
    .mini i{display:block;height:100%;border-radius:3px}\
    .details{padding:24px 18px 48px;max-width:1920px}.details>h1{font-size:28px}\
    .details>h1 small{font-size:16px;color:#94a3b8;font-weight:400}\
    .district{background:#111c33;border-radius:10px;padding:12px 18px;margin-bottom:18px}\
    .district h2{font-size:24px;color:#93c5fd;margin:0 0 8px}\
    .district h2 small{font-size:16px;color:#cbd5e1;margin-left:16px;font-weight:400}\
    .district table{font-size:16px;margin-bottom:12px;width:auto;min-width:1100px}\
    .district td,.district th{padding:3px 14px}\
    table.s th{cursor:pointer}table.s th:hover{color:#e2e8f0}\
    a{color:#7dd3fc}
    """

  /// Sorts a table by the clicked column (numbers by value, text in Chinese collation);
  /// without scripts the tables stay in summary.csv's order.
  static let script = """
    document.querySelectorAll("table.s th").forEach(function(th){th.tabIndex=0;th.onclick=function(){\
    var b=th.closest("table").tBodies[0],i=th.cellIndex,d=th.dataset.d==="a"?"d":"a";th.dataset.d=d;\
    var k=function(r){var s=r.cells[i].textContent,n=parseFloat(s.replace(/[,%]/g,""));return isNaN(n)?(s==="—"?-1:s):n};\
    var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var p=k(x),q=k(y),\
    c=(typeof p==="number"&&typeof q==="number")?p-q:String(p).localeCompare(String(q),"zh");return d==="a"?c:-c});\
    rows.forEach(function(r){b.appendChild(r)})}})
    """
}
