/// What stops a run after the pipeline was read: output folder problems (exit 1).
public enum RunError: Error, Sendable, CustomStringConvertible {
  case outputFailed(path: String, detail: String)
  case locked(path: String)

  public var description: String {
    switch self {
    case .outputFailed(let path, let detail): "\(path): cannot write output (\(detail))"
    case .locked(let path):
      "\(path): another natrecon run holds the output lock; wait for it or remove a stale lock"
    }
  }
}
