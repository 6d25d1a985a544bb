import NatReconCore
import NatReconIO

/// A pipeline file (SPEC §5) after loading, defaults applied and paths resolved.
///
/// Times are epoch seconds. Relative input and output paths are resolved against the
/// pipeline file's folder; `displayPath` keeps the path as the pipeline names it (after
/// glob expansion) for data_issues.csv and the manifest.
public struct PipelineSpec: Sendable {
  /// Whether a negative record certifies from its report time or its sample time (SPEC §3).
  public enum ValidityAnchor: String, Sendable {
    case report, sample
  }

  /// What a run writes besides manifest.json (SPEC §5 `outputs.formats`).
  public enum OutputFormat: String, Sendable, CaseIterable {
    case csv, xlsx, html
  }

  /// The as-of time as written: a fixed instant or `now`.
  public enum AsOf: Sendable, Equatable {
    case now
    case instant(Int64)
  }

  /// One input (`inputs.roster`, `inputs.tests` or `inputs.exemptions`).
  public struct Input: Sendable {
    /// Paths or globs as written in the pipeline.
    public var files: [String]
    public var encoding: TextEncoding
    /// Canonical field → headers to try first, before the built-in aliases (SPEC §5).
    public var columns: [CanonicalField: [String]]

    public init(files: [String], encoding: TextEncoding = .auto, columns: [CanonicalField: [String]] = [:]) {
      self.files = files
      self.encoding = encoding
      self.columns = columns
    }
  }

  /// The pipeline file's path as given on the command line.
  public var path: String
  /// The folder relative paths are resolved against.
  public var baseDirectory: String
  public var name: String
  public var asOf: AsOf
  public var roundStart: Int64?
  public var roundEnd: Int64?
  public var validityHours: Int
  public var validityAnchor: ValidityAnchor
  public var warnHours: Int
  public var exemptStatuses: [String]
  public var maxRejectRate: Double
  /// Stale when no used test record was sampled this many hours before `T` (0 = off; SPEC §5, §6).
  public var maxInputAgeHours: Int
  public var roster: Input
  public var tests: Input
  /// The exemption list (SPEC §2.3), when the pipeline names one.
  public var exemptions: Input?
  /// The pipeline's `result_map` for test results (keys as written).
  public var resultMap: [String: TestResult]
  /// The output folder as written (resolved against `baseDirectory`).
  public var outputDirectory: String
  public var formats: Set<OutputFormat>
  /// `outputs.keep_runs`: how many run folders (greatest `T` first) to keep; 0 keeps all.
  public var keepRuns: Int
  /// Whether `outputDirectory` came from `--out` (relative to the working directory).
  public var outputIsFromCommandLine = false

  public init(path: String, baseDirectory: String, roster: Input, tests: Input) {
    self.path = path
    self.baseDirectory = baseDirectory
    self.name = ""
    self.asOf = .now
    self.roundStart = nil
    self.roundEnd = nil
    self.validityHours = 48
    self.validityAnchor = .report
    self.warnHours = 12
    self.exemptStatuses = ["外出", "离沪", "住院"]
    self.maxRejectRate = 0.05
    self.maxInputAgeHours = 24
    self.roster = roster
    self.tests = tests
    self.exemptions = nil
    self.resultMap = [:]
    self.outputDirectory = "out"
    self.formats = [.csv, .xlsx, .html]
    self.keepRuns = 0
  }

  /// The output folder to write into.
  public var resolvedOutputDirectory: String {
    outputIsFromCommandLine ? outputDirectory : resolve(outputDirectory)
  }

  /// Resolves a path from the pipeline against its folder.
  public func resolve(_ path: String) -> String {
    if path.hasPrefix("/") || baseDirectory.isEmpty || baseDirectory == "." { return path }
    return baseDirectory + "/" + path
  }
}
