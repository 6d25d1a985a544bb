import Foundation
import NatReconTestSupport
import Testing

/// dashboard.html in a real browser: the README's run (pipelines/sample.yml on
/// SampleData/) rendered by headless Chromium at 1920×1080, the operations centre's wall
/// screen. `make test` installs Chromium (`make test-deps`) when it is missing, so a
/// missing browser is a failure, not a skip.
@Suite struct DashboardBrowserTests {
  static func chromium() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") + ["/usr/bin", "/snap/bin"] {
      for name in ["chromium", "chromium-browser"] {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }

  @Test func samplePageRendersAtWallScreenSize() throws {
    let browser = try #require(Self.chromium(), "chromium not found: run `make test-deps` (apt-get install chromium)")
    let dir = try CLIRunner.makeTemporaryDirectory(prefix: "natrecon-dashboard")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let run = try CLIRunner.run(["run", Fixtures.packageRoot + "/pipelines/sample.yml", "--out", "out"], in: dir)
    #expect(run.exitCode == 0, "\(run)")
    let page = dir + "/out/latest/dashboard.html"
    #expect(FileManager.default.fileExists(atPath: page), "\(run)")

    // Its own profile folder, so parallel runs never share Chromium's profile lock; no
    // /dev/shm (small in containers); `timeout` so a hung browser fails the test.
    let shot = try CLIRunner.run(
      [
        "120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(dir)/profile", "--window-size=1920,1080",
        "--screenshot=\(dir)/page.png", "file://\(page)",
      ], in: dir, binary: "/usr/bin/timeout")
    let png = try #require(FileManager.default.contents(atPath: dir + "/page.png"), "no screenshot: \(shot)")
    let image = try PNGImage(data: png)
    #expect(image.width == 1920 && image.height == 1080)

    // Background = the page's colour in the top-left corner (white for a blank page);
    // the panels must cover most of the screen, and carry text (bright pixels) in each
    // of the three columns.
    let background = image.rgb(2, 2)
    var frequency: [UInt32: Int] = [:]
    var covered = 0
    for y in stride(from: 0, to: image.height, by: 2) {
      for x in stride(from: 0, to: image.width, by: 2) {
        let c = image.rgb(x, y)
        frequency[c, default: 0] += 1
        if c != background { covered += 1 }
      }
    }
    let share = Double(covered) / Double(frequency.values.reduce(0, +))
    #expect(share > 0.6, "only \(Int(share * 100))% of the screen differs from the background")
    #expect(frequency.count > 200, "only \(frequency.count) colours: no anti-aliased text?")
    for (name, columns) in [("left", 0..<590), ("middle", 590..<1230), ("right", 1230..<1920)] {
      var bright = 0
      for y in stride(from: 90, to: image.height, by: 2) {
        for x in stride(from: columns.lowerBound, to: columns.upperBound, by: 2) {
          let c = image.rgb(x, y)
          if max(c >> 16, (c >> 8) & 0xFF, c & 0xFF) > 180 { bright += 1 }
        }
      }
      #expect(bright > 1500, "\(name) column: \(bright) bright pixels")
    }

    // The tables sort in the browser: two clicks on 未检 of the first committee table
    // put its rows in descending order of untested residents.
    let html = String(decoding: FileManager.default.contents(atPath: page) ?? Data(), as: UTF8.self)
    let clicks =
      "<script>var h=document.querySelectorAll(\"table.s\")[1].tHead.rows[0].cells[4];h.click();h.click();</script></body>"
    let sortedPage = dir + "/out/latest/sorted.html"
    try Data(html.replacingOccurrences(of: "</body>", with: clicks).utf8).write(to: URL(fileURLWithPath: sortedPage))
    let dom = try CLIRunner.run(
      [
        "120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=\(dir)/profile", "--dump-dom",
        "file://\(sortedPage)",
      ],
      in: dir, binary: "/usr/bin/timeout")
    let table = try #require(dom.stdout.components(separatedBy: "<table class=\"s\">").dropFirst(2).first, "\(dom)")
    let untested = table.components(separatedBy: "</a></td>").dropFirst().compactMap { row in
      Int(row.components(separatedBy: "<td class=\"n\">").dropFirst(3).first?.prefix { $0 != "<" } ?? "")
    }
    #expect(untested.count == 7, "\(table.prefix(2000))")
    #expect(untested == untested.sorted(by: >) && untested.first != untested.last, "\(untested)")

    // A wall screen's browser shows a vertical scrollbar (the committee details run on
    // below the first screen), which leaves 1,903 of its 1,920 px (17 px: Windows'
    // classic scrollbar). In a window that wide, scrollbars hidden so that the width is
    // the same whatever this Chromium's scrollbar style, the first screen still fits: no
    // sideways scrolling, nothing cut off at the right edge.
    let measure =
      "<script>var e=document.documentElement;document.body.setAttribute(\"data-fit\","
      + "e.scrollWidth+\"/\"+e.clientWidth);</script></body>"
    let measuredPage = dir + "/out/latest/measured.html"
    try Data(html.replacingOccurrences(of: "</body>", with: measure).utf8).write(to: URL(fileURLWithPath: measuredPage))
    let measured = try CLIRunner.run(
      [
        "120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--user-data-dir=\(dir)/profile", "--window-size=1903,1080", "--dump-dom", "file://\(measuredPage)",
      ],
      in: dir, binary: "/usr/bin/timeout")
    let fit = try #require(
      measured.stdout.components(separatedBy: "data-fit=\"").dropFirst().first?.prefix { $0 != "\"" }, "\(measured)")
    let widths = fit.split(separator: "/").compactMap { Int($0) }
    #expect(widths.count == 2 && widths.last == 1903, "scrollWidth/clientWidth \(fit)")
    #expect(
      widths.count == 2 && widths[0] <= widths[1], "the page is wider than the window (scrollWidth/clientWidth \(fit))")
  }
}
