/// Why `natrecon generate` could not write its files.
public enum GeneratorError: Error, CustomStringConvertible, Sendable {
  case badOptions(String)
  case cannotCreate(path: String, detail: String)
  case writeFailed(path: String, detail: String)
  case filterFailed(path: String, command: String, status: Int32)
  case noGB18030Converter

  public var description: String {
    switch self {
    case .badOptions(let message): message
    case .cannotCreate(let path, let detail): "\(path): cannot create (\(detail))"
    case .writeFailed(let path, let detail): "\(path): write failed (\(detail))"
    case .filterFailed(let path, let command, let status): "\(path): '\(command)' exited with status \(status)"
    case .noGB18030Converter: "iconv cannot convert to GB18030 on this system (glibc gconv modules missing)"
    }
  }
}
