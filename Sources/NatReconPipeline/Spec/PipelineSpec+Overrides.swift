import NatReconCore

/// Command-line options that override a pipeline's keys (SPEC §5).
public struct PipelineOverrides: Sendable {
  public var asOf: String?
  public var roundStart: String?
  public var roundEnd: String?
  public var validityHours: Int?
  public var warnHours: Int?
  public var validityAnchor: String?
  public var out: String?
  public var formats: [String] = []

  public init() {}
}

extension PipelineSpec {
  /// Applies command-line overrides; `--out` is relative to the working directory.
  ///
  /// - Throws: `PipelineSpecError` naming the option (exit status 2).
  public mutating func apply(_ o: PipelineOverrides) throws(PipelineSpecError) {
    func time(_ text: String, _ option: String) throws(PipelineSpecError) -> Int64 {
      guard let t = Timestamp.parse(text) else { throw .badTime(path: "command line", key: option, value: text) }
      return t
    }
    if let v = o.asOf { asOf = v.lowercased() == "now" ? .now : .instant(try time(v, "--as-of")) }
    if let v = o.roundStart { roundStart = try time(v, "--round-start") }
    if let v = o.roundEnd { roundEnd = try time(v, "--round-end") }
    if let v = o.validityHours {
      guard v > 0 else { throw .wrongType(path: "command line", key: "--validity-hours", expected: "greater than 0") }
      validityHours = v
    }
    if let v = o.warnHours {
      guard v >= 0 else { throw .wrongType(path: "command line", key: "--warn-hours", expected: "0 or more") }
      warnHours = v
    }
    if let v = o.validityAnchor {
      guard let anchor = ValidityAnchor(rawValue: v) else {
        throw .badValue(path: "command line", key: "--validity-anchor", value: v, expected: "report or sample")
      }
      validityAnchor = anchor
    }
    if let v = o.out {
      outputDirectory = v.hasPrefix("/") ? v : "./" + v
      outputIsFromCommandLine = true
    }
    if !o.formats.isEmpty {
      var set: Set<OutputFormat> = []
      for name in o.formats.flatMap({ $0.split(separator: ",").map(String.init) }) {
        guard let f = OutputFormat(rawValue: name) else {
          throw .badValue(path: "command line", key: "--format", value: name, expected: "csv, xlsx or html")
        }
        set.insert(f)
      }
      formats = set
    }
  }
}
