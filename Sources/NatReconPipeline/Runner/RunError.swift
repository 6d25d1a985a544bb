/// What stops a run after the pipeline was read: output folder problems (exit 1).
public enum RunError: Error, Sendable, CustomStringConvertible {
  case outputFailed(path: String, detail: String)
  /// Another run holds `<out>/.natrecon.lock` (exit status 75, SPEC §6).
  case locked(path: String, waitedSeconds: Double)

  public var description: String {
    switch self {
    case .outputFailed(let path, let detail): "\(path): cannot write output (\(detail))"
    case .locked(let path, let waited):
      "\(path): another natrecon run holds the output lock (waited \(waited == waited.rounded() ? String(Int(waited)) : String(waited)) s); nothing was written; try again when it has finished (the lock is released when that process ends)"
    }
  }
}
