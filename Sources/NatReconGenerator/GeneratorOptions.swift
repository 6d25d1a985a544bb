/// What `natrecon generate` makes: how many residents, how many days of exports, which
/// seed, where, and how dirty.
///
/// Every field is a plain value, so the same options always give the same bytes.
public struct GeneratorOptions: Sendable, Equatable {
  /// Roster residents (rows before duplicates are added in dirty mode).
  public var residents: Int
  /// Days of test exports, one file per day, the last one the as-of day.
  public var days: Int
  /// The seed every random stream derives from.
  public var seed: UInt64
  /// The output folder (created if missing).
  public var outputDirectory: String
  /// Gzip every file (`roster.csv.gz`, `tests/*.csv.gz`).
  public var gzip: Bool
  /// One header set, one time format, UTF-8, no dirt (benchmarks, reference models).
  public var clean: Bool
  /// The as-of time `T` as epoch seconds; the last export is of `T`'s day.
  public var asOf: Int64
  /// Sampling rounds per day (each samples 85–95% of residents); 3 gives the memory
  /// check's "3 exports a day" volume in one file per day.
  public var roundsPerDay: Int
  /// Where to write the pipeline file; nil means `<outputDirectory>/pipeline.yml`.
  public var pipelinePath: String?
  /// Worker threads (one file per job); 0 means the number of online CPUs.
  public var threads: Int

  /// The default as-of time, 2022-04-03 22:00 Shanghai (the spring 2022 rounds).
  public static let defaultAsOf: Int64 = 1_648_994_400

  public init(
    residents: Int, days: Int, seed: UInt64, outputDirectory: String, gzip: Bool = false,
    clean: Bool = false, asOf: Int64 = GeneratorOptions.defaultAsOf, roundsPerDay: Int = 1,
    pipelinePath: String? = nil, threads: Int = 0
  ) {
    self.residents = residents
    self.days = days
    self.seed = seed
    self.outputDirectory = outputDirectory
    self.gzip = gzip
    self.clean = clean
    self.asOf = asOf
    self.roundsPerDay = roundsPerDay
    self.pipelinePath = pipelinePath
    self.threads = threads
  }

  /// A one-line description of everything that determines the bytes (not the folder or
  /// thread count), for caches keyed by the options.
  public var cacheKey: String {
    "natrecon-generate v2 residents=\(residents) days=\(days) seed=\(seed) gzip=\(gzip) "
      + "clean=\(clean) as_of=\(asOf) rounds_per_day=\(roundsPerDay)"
  }
}
