/// A pipeline file that is missing, not valid YAML or breaks the SPEC §5 schema (exit 2).
public enum PipelineSpecError: Error, Sendable, CustomStringConvertible {
  case fileNotFound(path: String)
  case invalidYAML(path: String, detail: String)
  case unknownKey(path: String, key: String)
  case wrongType(path: String, key: String, expected: String)
  case badTime(path: String, key: String, value: String)
  case badValue(path: String, key: String, value: String, expected: String)
  case missingKey(path: String, key: String)

  public var description: String {
    switch self {
    case .fileNotFound(let path): "\(path): pipeline file not found"
    case .invalidYAML(let path, let detail): "\(path): not valid YAML (\(detail))"
    case .unknownKey(let path, let key): "\(path): unknown key `\(key)`; see docs/pipelines.md"
    case .wrongType(let path, let key, let expected): "\(path): `\(key)` must be \(expected)"
    case .badTime(let path, let key, let value):
      "\(path): `\(key)`: cannot read time \"\(value)\"; write e.g. \"2022-03-28 08:00\""
    case .badValue(let path, let key, let value, let expected):
      "\(path): `\(key)`: \"\(value)\" is not \(expected)"
    case .missingKey(let path, let key): "\(path): missing required key `\(key)`"
    }
  }
}
