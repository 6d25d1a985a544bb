import NatReconCore
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// One generated file.
public struct GeneratedFile: Sendable {
  /// Its path (the output folder joined with its name).
  public var path: String
  /// Data rows (header excluded).
  public var rows: Int
  /// Bytes written before compression and encoding conversion.
  public var bytes: Int
}

/// What `Generator.generate` wrote.
public struct GeneratorReport: Sendable {
  public var roster: GeneratedFile
  public var exports: [GeneratedFile]
  /// The exemption list (dirty mode only; clean data has none).
  public var exemptions: GeneratedFile?
  public var pipelinePath: String
}

/// Writes a synthetic roster, one test export per day, in dirty mode an exemption list,
/// and a pipeline file (see `GeneratorOptions`): the roster and each day's export are
/// independent jobs that regenerate the population from the seed, run on `threads`
/// workers; the (small) exemption list is written after them.
///
/// - Memory: about 10 MB per worker (the ID sequence counters, a compound, a 1 MiB
///   buffer), whatever the size: nothing is held per resident.
/// - Order & determinism: every byte is a function of the options (SplitMix64 streams,
///   no clock, no hash order); the thread count changes only the speed.
public enum Generator {
  public static func generate(_ options: GeneratorOptions, command: String = "natrecon generate")
    throws(GeneratorError) -> GeneratorReport
  {
    guard options.residents >= 1 else { throw .badOptions("--residents must be at least 1") }
    guard options.days >= 1, options.days <= 366 else { throw .badOptions("--days must be 1…366") }
    guard options.roundsPerDay >= 1, options.roundsPerDay <= 3 else {
      throw .badOptions("--rounds-per-day must be 1…3")
    }
    let dir = options.outputDirectory
    try makeDirectory(dir)
    try makeDirectory(dir + "/tests")

    let layout = Layout(residents: options.residents, seed: options.seed)
    let walker = PopulationWalker(layout: layout, seed: options.seed, asOf: options.asOf)
    let lastDayStart = Timestamp.shanghaiDayStart(options.asOf)
    let firstDayStart = lastDayStart - Int64(options.days - 1) * 86_400
    let rosterName = "roster.csv" + (options.gzip ? ".gz" : "")

    // Jobs: -1 is the roster, d ≥ 0 the export of day d; largest first.
    var jobs: [Int] = Array(0..<options.days)
    jobs.append(-1)
    let results = JobResults(count: jobs.count)
    let workers = max(
      1, min(jobs.count, options.threads > 0 ? options.threads : Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    let sharedJobs = jobs
    // The calling thread works too, beside `workers - 1` threads of its own.
    let work: @Sendable () -> Void = {
      while let k = results.claim() {
        let job = sharedJobs[k]
        do throws(GeneratorError) {
          if job < 0 {
            let path = dir + "/" + rosterName
            let sink = try ByteSink(path: path, gzip: options.gzip, gb18030: !options.clean)
            let rows = try RosterWriter(walker: walker, clean: options.clean, seed: options.seed)
              .write(to: sink, expectedRows: options.residents)
            try sink.close()
            results.set(k, .success(GeneratedFile(path: path, rows: rows, bytes: sink.bytesIn)))
          } else {
            let date = Timestamp.shanghaiCivil(firstDayStart + Int64(job) * 86_400)
            var name: [UInt8] = []
            IDMaker.appendDigits(UInt64(date.year), width: 4, to: &name)
            name.append(UInt8(ascii: "-"))
            IDMaker.appendDigits(UInt64(date.month), width: 2, to: &name)
            name.append(UInt8(ascii: "-"))
            IDMaker.appendDigits(UInt64(date.day), width: 2, to: &name)
            // Dirty mode mixes an archived (gzipped) oldest export with plain ones.
            let gzip = options.gzip || (!options.clean && job == 0 && options.days > 1)
            let path = dir + "/tests/" + String(decoding: name, as: UTF8.self) + ".csv" + (gzip ? ".gz" : "")
            let sink = try ByteSink(path: path, gzip: gzip, gb18030: false)
            let rows = try TestExportWriter(walker: walker, options: options, day: job, firstDayStart: firstDayStart)
              .write(to: sink)
            try sink.close()
            results.set(k, .success(GeneratedFile(path: path, rows: rows, bytes: sink.bytesIn)))
          }
        } catch {
          results.set(k, .failure(error))
        }
      }
    }
    let threads = (1..<workers).compactMap { _ in PosixThread.start(work) }
    work()
    for thread in threads { thread.join() }
    var files: [GeneratedFile] = []
    for k in jobs.indices {
      switch results.result(k) {
      case .success(let f): files.append(f)
      case .failure(let e): throw e
      case nil: throw .badOptions("internal: job \(k) did not run")
      }
    }
    var exemptions: GeneratedFile?
    let exemptionsName = "exemptions.csv" + (options.gzip ? ".gz" : "")
    if !options.clean {
      let path = dir + "/" + exemptionsName
      let sink = try ByteSink(path: path, gzip: options.gzip, gb18030: true)
      let rows = try ExemptionWriter(
        walker: walker, seed: options.seed, asOf: options.asOf, residents: options.residents
      ).write(to: sink)
      try sink.close()
      exemptions = GeneratedFile(path: path, rows: rows, bytes: sink.bytesIn)
    }

    // The pipeline file, with paths relative to its own folder.
    let pipelinePath = options.pipelinePath ?? (dir + "/pipeline.yml")
    let pipelineFolder = parentFolder(pipelinePath)
    var prefix = PipelineFile.relativePath(from: pipelineFolder, to: dir)
    if !prefix.isEmpty { prefix += "/" }
    let outDir =
      options.pipelinePath == nil ? "out" : PipelineFile.relativePath(from: pipelineFolder, to: "out")
    let text = PipelineFile.text(
      options: options, dataPrefix: prefix, outputDirectory: outDir, rosterFile: rosterName,
      exemptionsFile: exemptions == nil ? nil : exemptionsName, command: command)
    let sink = try ByteSink(path: pipelinePath, gzip: false, gb18030: false)
    var bytes = Array(text.utf8)
    try sink.write(&bytes)
    try sink.close()
    return GeneratorReport(
      roster: files[files.count - 1], exports: Array(files.dropLast()), exemptions: exemptions,
      pipelinePath: pipelinePath)
  }

  static func parentFolder(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let parent = String(path[..<slash])
    return parent.isEmpty ? "/" : parent
  }

  /// `mkdir -p` (`Directory.makeAll`), failing with the path that could not be made.
  static func makeDirectory(_ path: String) throws(GeneratorError) {
    if let failure = Directory.makeAll(path) { throw .cannotCreate(path: failure.path, detail: failure.detail) }
  }
}

/// Job claiming and results shared by the workers, behind a mutex.
private final class JobResults: @unchecked Sendable {
  private let lock = PosixLock()
  private var next = 0
  private var results: [Result<GeneratedFile, GeneratorError>?]

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func claim() -> Int? {
    lock.withLock {
      guard next < results.count else { return nil }
      next += 1
      return next - 1
    }
  }

  func set(_ k: Int, _ r: Result<GeneratedFile, GeneratorError>) { lock.withLock { results[k] = r } }

  func result(_ k: Int) -> Result<GeneratedFile, GeneratorError>? { lock.withLock { results[k] } }
}
