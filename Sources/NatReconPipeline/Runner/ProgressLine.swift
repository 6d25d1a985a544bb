import NatReconPlatform

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
