#if canImport(Glibc)
  import Glibc
#endif

/// A live progress line on stderr, shown only when stderr is a terminal.
///
/// `tick` is called per record or batch on the consuming thread, so it only counts; the
/// clock is read every 65,536 rows and the line redrawn at most twice a second.
public final class ProgressLine: @unchecked Sendable {
  private let isEnabled: Bool
  private var rows = 0
  private var nextDraw = 1 << 16
  private var lastDraw = 0.0
  private var drawn = false

  public init(enabled: Bool = isatty(2) != 0) {
    isEnabled = enabled
  }

  @inline(__always)
  func tick(rows n: Int, stage: StaticString) {
    guard isEnabled else { return }
    rows &+= n
    if rows >= nextDraw {
      nextDraw = rows + (1 << 16)
      draw(stage: "\(stage)")
    }
  }

  @inline(never)
  private func draw(stage: String) {
    let now = Clock.seconds()
    guard now - lastDraw >= 0.5 else { return }
    lastDraw = now
    let text = "\r\u{1B}[K\(stage): \(rows / 1000)k rows"
    writeStderr(text)
    drawn = true
  }

  /// Clears the line before the summary is printed.
  public func clear() {
    guard isEnabled, drawn else { return }
    writeStderr("\r\u{1B}[K")
    drawn = false
  }
}

/// Monotonic seconds and peak memory, for stage times and the summary.
public enum Clock {
  public static func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// The current wall-clock time in epoch seconds (for `as_of: now`).
  public static func epochNow() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec)
  }

  /// Peak resident set size in bytes (`VmHWM` in /proc/self/status), or 0.
  public static func peakRSSBytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("VmHWM:") {
        let digits = text.filter(\.isNumber)
        return (Int(digits) ?? 0) * 1024
      }
    }
    return 0
  }
}

/// Writes text to stderr (diagnostics never go to stdout).
public func writeStderr(_ text: String) {
  var bytes = Array(text.utf8)
  bytes.withUnsafeMutableBytes { buffer in
    var offset = 0
    while offset < buffer.count {
      let n = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      if n <= 0 { break }
      offset += n
    }
  }
}
