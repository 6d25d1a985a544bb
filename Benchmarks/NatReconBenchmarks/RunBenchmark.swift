import Foundation
import NatReconCore
import NatReconGenerator
import NatReconIO
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// `natrecon-bench run`: the end-to-end benchmark of `natrecon run` on generated data.
///
/// 1. Generates a clean dataset once (`natrecon generate --clean`, fixed seed and as-of
///    time) under `<data>/<scale>-clean/`, keyed by the generator options: a
///    `generate.key` file holds them and a mismatch regenerates.
/// 2. Runs the release `natrecon` found next to this binary as a subprocess
///    (`run pipeline.yml --format csv`), `--runs` times.
/// 3. Reads the run's manifest.json and prints per stage and in total: seconds, rows/s,
///    MB/s, peak RSS (the natrecon process's VmHWM from the manifest; wait4's ru_maxrss
///    as a cross-check), bytes per resident, and a result checksum — SHA-256 over the
///    manifest's SHA-256 of residents.csv, households.csv and summary.csv — compared with
///    the recorded one, so a faster but wrong engine fails the benchmark (exit 1).
///
/// `--dirty` runs the same scale on dirty data instead (`natrecon generate` without
/// `--clean`: a GB18030 roster, the oldest export gzipped, header aliases, time forms and
/// result words that differ per export, and every data issue at low rates) under
/// `<data>/<scale>-dirty/`, so the slow paths are measured too (`make bench
/// BENCH_DATA=dirty`).
///
/// `--format csv,xlsx` (or `csv,xlsx,html`) has the runs write those formats instead of
/// the machine CSVs alone, so the committee workbooks' stage is measured too (`make bench
/// BENCH_FORMAT=csv,xlsx`); csv must be among them, for the checksum.
///
/// `--generate-only` stops after step 1 (`make bench-compare` uses it to share the data).
/// `--memory-check` runs 1 M residents against 1 day and against 10 days of exports at
/// 3 rounds a day (≈ 2.7 M vs ≈ 27 M test rows) and checks that peak RSS stays within
/// 10% (SPEC §7: memory follows the roster, not the exports).
enum RunBenchmark {
  static let seed: UInt64 = 20_220_403

  /// Result checksums of the clean datasets, by cache key. If an intended change to the
  /// engine's output or the generator changes one, update it here (and BENCHMARKS.md).
  static let expectedChecksums: [String: String] = [
    "natrecon-generate v2 residents=1000000 days=3 seed=20220403 gzip=false clean=true as_of=1648994400 rounds_per_day=1":
      "05460162ef555ee4408d6d6e90169df527df268f0caf277474bcac35766d0f51",
    "natrecon-generate v2 residents=10000000 days=3 seed=20220403 gzip=false clean=true as_of=1648994400 rounds_per_day=1":
      "ba706fede370156e3ce3251f2ed6d575170f1c05aa8151ab94726d0fab24981f",
    "natrecon-generate v2 residents=25000000 days=2 seed=20220403 gzip=false clean=true as_of=1648994400 rounds_per_day=1":
      "2a8eeb0ba481ea4b4573c632430e920455d2ae5ebcdb39fbe064b1ec58171e43",
    "natrecon-generate v2 residents=1000000 days=3 seed=20220403 gzip=false clean=false as_of=1648994400 rounds_per_day=1":
      "22508deca5ae6af58e172489b79609ebd11e7a86c860ccf7875498a9103857de",
  ]

  struct Options {
    var scale = "1m"
    var data = "bench-data"
    var days: Int?
    /// Runs per dataset (the median is shown); nil: 1, or 3 for `--memory-check`.
    var runs: Int?
    var memoryCheck = false
    var generateOnly = false
    /// Dirty data (`--dirty`) instead of clean.
    var dirty = false
    /// The output formats of each run (`--format`); csv among them.
    var format = "csv"
  }

  static func main(_ arguments: [String]) -> Int32 {
    var o = Options()
    var i = 0
    func value() -> String? {
      i += 1
      return i < arguments.count ? arguments[i] : nil
    }
    while i < arguments.count {
      switch arguments[i] {
      case "--scale": o.scale = value() ?? ""
      case "--data": o.data = value() ?? ""
      case "--days": o.days = value().flatMap { Int($0) }
      case "--runs": o.runs = value().flatMap { Int($0) } ?? 0
      case "--memory-check": o.memoryCheck = true
      case "--generate-only": o.generateOnly = true
      case "--dirty": o.dirty = true
      case "--format": o.format = value() ?? ""
      default:
        fail("unknown argument \(arguments[i])")
        return 2
      }
      i += 1
    }
    guard (o.runs ?? 1) >= 1, !o.data.isEmpty else {
      fail("--runs must be ≥ 1 and --data a folder")
      return 2
    }
    guard o.format.split(separator: ",").contains("csv") else {
      fail("--format must include csv (the checksum is over the machine CSVs), e.g. csv,xlsx")
      return 2
    }
    guard let natrecon = siblingBinary("natrecon") else {
      fail("no natrecon next to natrecon-bench; build it: swift build -c release --product natrecon")
      return 2
    }
    do {
      return o.memoryCheck ? try memoryCheck(o, natrecon: natrecon) : try scaleRun(o, natrecon: natrecon)
    } catch {
      fail("\(error)")
      return 1
    }
  }

  // MARK: - Scale run

  static func scaleRun(_ o: Options, natrecon: String) throws -> Int32 {
    let residents: Int
    switch o.scale {
    case "1m": residents = 1_000_000
    case "10m": residents = 10_000_000
    case "25m": residents = 25_000_000
    default:
      if o.scale.hasSuffix("k"), let k = Int(o.scale.dropLast()) {
        residents = k * 1000  // small scales for trying the harness
      } else {
        fail("--scale must be 1m, 10m or 25m")
        return 2
      }
    }
    let days = o.days ?? (residents >= 25_000_000 ? 2 : 3)
    let kind = o.dirty ? "dirty" : "clean"
    let folder = "\(o.data)/\(o.scale)-\(kind)" + (o.days == nil ? "" : "-d\(days)")
    print("natrecon-bench run: \(group(residents)) residents, \(days) day(s) of exports, \(kind) data in \(folder)")
    let options = GeneratorOptions(
      residents: residents, days: days, seed: seed, outputDirectory: folder, clean: !o.dirty)
    try prepare(options)
    if o.generateOnly { return 0 }
    var results: [RunResult] = []
    let runs = o.runs ?? 1
    for r in 1...runs {
      let result = try runOnce(natrecon: natrecon, folder: folder, format: o.format)
      print("run \(r)/\(runs): \(fixed(result.wallSeconds, 2)) s wall, peak RSS \(mb(result.manifest.peakRSS)) MB")
      results.append(result)
    }
    let median = results.sorted { $0.wallSeconds < $1.wallSeconds }[results.count / 2]
    report(median, residents: residents, runs: results.count)
    return checkChecksum(median.manifest.checksum, key: options.cacheKey)
  }

  // MARK: - Memory check

  static func memoryCheck(_ o: Options, natrecon: String) throws -> Int32 {
    let runs = o.runs ?? 3
    print(
      "natrecon-bench run --memory-check: 1,000,000 residents, exports of 1 day vs 10 days at 3 rounds a day, "
        + "median of \(runs) run(s) each")
    var peaks: [(rows: Int, rss: Int)] = []
    for days in [1, 10] {
      let folder = "\(o.data)/memcheck-1m-d\(days)r3-clean"
      let options = GeneratorOptions(
        residents: 1_000_000, days: days, seed: seed, outputDirectory: folder, clean: true, roundsPerDay: 3)
      try prepare(options)
      // Peak RSS varies by a few MB between runs (how full the worker queues get), so
      // one run each could pass or fail the 10% by chance: medians are compared.
      var results: [RunResult] = []
      for _ in 0..<runs { results.append(try runOnce(natrecon: natrecon, folder: folder)) }
      let result = results.sorted { $0.manifest.peakRSS < $1.manifest.peakRSS }[runs / 2]
      let testRows = result.manifest.inputs.filter { $0.role == "tests" }.reduce(0) { $0 + $1.rows }
      let all = results.map { mb($0.manifest.peakRSS) }.joined(separator: ", ")
      print(
        "  \(days) day(s): \(group(testRows)) test rows, \(fixed(result.wallSeconds, 1)) s, "
          + "peak RSS \(mb(result.manifest.peakRSS)) MB (wait4 \(mb(result.maxRSS)) MB; runs: \(all))")
      peaks.append((testRows, result.manifest.peakRSS))
    }
    let ratio = Double(peaks[1].rss) / Double(max(1, peaks[0].rss))
    let ok = ratio <= 1.10
    print(
      "peak RSS ratio \(fixed(ratio, 3)) for \(fixed(Double(peaks[1].rows) / Double(max(1, peaks[0].rows)), 1))× the test rows: "
        + (ok ? "ok (within 10%)" : "FAIL (more than 10%)"))
    return ok ? 0 : 1
  }

  // MARK: - Data

  /// Generates the dataset unless `generate.key` says it is already there.
  static func prepare(_ options: GeneratorOptions) throws {
    let keyPath = options.outputDirectory + "/generate.key"
    if let key = try? String(contentsOfFile: keyPath, encoding: .utf8), key == options.cacheKey + "\n" {
      print("data: cached (\(options.cacheKey))")
      return
    }
    try? FileManager.default.removeItem(atPath: options.outputDirectory)
    let started = now()
    let report = try Generator.generate(options, command: "natrecon-bench (\(options.cacheKey))")
    let seconds = now() - started
    let files = [report.roster] + report.exports
    let rows = files.reduce(0) { $0 + $1.rows }
    let bytes = files.reduce(0) { $0 + $1.bytes }
    print(
      "data: generated \(group(rows)) rows, \(fixed(Double(bytes) / 1e6, 0)) MB in \(fixed(seconds, 1)) s "
        + "(\(fixed(Double(rows) / seconds / 1e6, 2)) M rows/s, \(fixed(Double(bytes) / 1e6 / seconds, 0)) MB/s)")
    try (options.cacheKey + "\n").write(toFile: keyPath, atomically: true, encoding: .utf8)
  }

  // MARK: - One run

  struct RunResult {
    var wallSeconds: Double
    var maxRSS: Int
    var manifest: ManifestSummary
  }

  static func runOnce(natrecon: String, folder: String, format: String = "csv") throws -> RunResult {
    let out = folder + "/out"
    try? FileManager.default.removeItem(atPath: out)
    let log = folder + "/run.log"
    let started = now()
    let (status, maxRSS) = try spawn(
      natrecon, ["run", folder + "/pipeline.yml", "--format", format, "--out", out], log: log)
    let wall = now() - started
    guard status == 0 else {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      throw BenchError.runFailed("natrecon exited with status \(status):\n\(text)")
    }
    let manifest = try ManifestSummary(path: out + "/latest/manifest.json")
    return RunResult(wallSeconds: wall, maxRSS: maxRSS, manifest: manifest)
  }

  static func report(_ r: RunResult, residents: Int, runs: Int) {
    let m = r.manifest
    let roster = m.inputs.filter { $0.role == "roster" }
    let tests = m.inputs.filter { $0.role == "tests" }
    let rosterRows = roster.reduce(0) { $0 + $1.rows }
    let rosterBytes = roster.reduce(0) { $0 + $1.bytes }
    let testRows = tests.reduce(0) { $0 + $1.rows }
    let testBytes = tests.reduce(0) { $0 + $1.bytes }
    print(
      "inputs: roster \(group(rosterRows)) rows, \(fixed(Double(rosterBytes) / 1e6, 1)) MB; "
        + "tests \(tests.count) files, \(group(testRows)) rows, \(fixed(Double(testBytes) / 1e6, 1)) MB")
    print("\(runs > 1 ? "median of \(runs) runs" : "run"):")
    print(pad("stage", 11) + lpad("seconds", 9) + lpad("rows/s", 13) + lpad("MB/s", 9) + "  rows counted")
    var stageTotal = 0.0
    for (stage, seconds) in m.stages {
      stageTotal += seconds
      var rows = 0
      var bytes = 0
      var what = ""
      switch stage {
      case "roster": (rows, bytes, what) = (rosterRows, rosterBytes, "roster rows")
      case "tests": (rows, bytes, what) = (testRows, testBytes, "test rows")
      case "tubes": (rows, what) = (testRows, "test rows (read back from the tube scratch files)")
      case "aggregate", "reports", "workbooks": (rows, what) = (residents, "residents")
      case "digests": (bytes, what) = (m.digestedBytes, "input + output bytes hashed")
      default: break
      }
      print(
        pad(stage, 11) + lpad(fixed(seconds, 3), 9)
          + lpad(rows > 0 ? group(Int(Double(rows) / max(seconds, 1e-9))) : "", 13)
          + lpad(bytes > 0 ? fixed(Double(bytes) / 1e6 / max(seconds, 1e-9), 1) : "", 9) + "  " + what)
    }
    let allRows = rosterRows + testRows
    let allBytes = rosterBytes + testBytes
    print(
      pad("total", 11) + lpad(fixed(r.wallSeconds, 3), 9) + lpad(group(Int(Double(allRows) / r.wallSeconds)), 13)
        + lpad(fixed(Double(allBytes) / 1e6 / r.wallSeconds, 1), 9)
        + "  all input rows; wall time of the process (stages sum to \(fixed(stageTotal, 3)) s)")
    print(
      "peak RSS \(mb(m.peakRSS)) MB (VmHWM of natrecon; wait4 ru_maxrss \(mb(r.maxRSS)) MB) = "
        + "\(Int((Double(m.peakRSS) / Double(residents)).rounded())) bytes per resident")
  }

  static func checkChecksum(_ checksum: String, key: String) -> Int32 {
    guard let expected = expectedChecksums[key] else {
      print("checksum \(checksum) (residents.csv + households.csv + summary.csv; none recorded for this dataset)")
      return 0
    }
    if expected == checksum {
      print("checksum \(checksum) ok")
      return 0
    }
    print("checksum \(checksum) MISMATCH: expected \(expected)")
    print("  the engine's output changed; if intended, update RunBenchmark.expectedChecksums")
    return 1
  }

  // MARK: - Process

  enum BenchError: Error, CustomStringConvertible {
    case runFailed(String)
    case spawnFailed(String)
    case badManifest(String)
    var description: String {
      switch self {
      case .runFailed(let s), .spawnFailed(let s), .badManifest(let s): s
      }
    }
  }

  /// Runs `path args`, stdout and stderr to `log`; returns the exit status and the
  /// child's peak RSS in bytes (wait4).
  static func spawn(_ path: String, _ args: [String], log: String) throws -> (Int32, Int) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard rc == 0 else { throw BenchError.spawnFailed("cannot start \(path): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      if errno != EINTR { throw BenchError.spawnFailed("wait4: \(String(cString: strerror(errno)))") }
    }
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, Int(usage.ru_maxrss) * 1024)
  }

  /// A binary in the same folder as this one.
  static func siblingBinary(_ name: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    let me = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = me.lastIndex(of: "/") else { return nil }
    let candidate = String(me[..<slash]) + "/" + name
    return access(candidate, X_OK) == 0 ? candidate : nil
  }

  // MARK: - Formatting

  static func now() -> Double { Clock.seconds() }

  static func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
  static func mb(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) }
  static func group(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, c) in s.enumerated() {
      if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }
  static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
  static func lpad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
  static func fail(_ message: String) { writeStderr("natrecon-bench: \(message)\n") }
}

/// The parts of manifest.json the benchmark reads.
struct ManifestSummary {
  struct Input {
    var role: String
    var rows: Int
    var bytes: Int
  }

  var stages: [(String, Double)] = []
  var peakRSS = 0
  var inputs: [Input] = []
  var outputs: [(path: String, bytes: Int, sha256: String)] = []
  var digestedBytes = 0
  /// SHA-256 (hex) of the concatenated SHA-256 hex digests of residents.csv,
  /// households.csv and summary.csv.
  var checksum = ""

  static let stageOrder = ["roster", "tests", "tubes", "aggregate", "reports", "workbooks", "dashboard", "digests"]

  init(path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let stages = json["stages_seconds"] as? [String: Any],
      let inputs = json["inputs"] as? [[String: Any]], let outputs = json["outputs"] as? [[String: Any]]
    else { throw RunBenchmark.BenchError.badManifest("\(path): not a natrecon manifest") }
    for name in Self.stageOrder + stages.keys.sorted() where !self.stages.contains(where: { $0.0 == name }) {
      if let s = stages[name] as? Double { self.stages.append((name, s)) }
    }
    peakRSS = json["peak_rss_bytes"] as? Int ?? 0
    for input in inputs {
      let bytes = input["bytes"] as? Int ?? 0
      self.inputs.append(Input(role: input["role"] as? String ?? "", rows: input["rows"] as? Int ?? 0, bytes: bytes))
      digestedBytes += bytes
    }
    let folder = String(path.dropLast("manifest.json".count))
    var digests: [String: String] = [:]
    for output in outputs {
      let p = output["path"] as? String ?? ""
      let sha = output["sha256"] as? String ?? ""
      let size = (try? FileManager.default.attributesOfItem(atPath: folder + p)[.size] as? Int) ?? 0
      self.outputs.append((p, size, sha))
      digestedBytes += size
      digests[p] = sha
    }
    let sha = SHA256()
    for name in ["residents.csv", "households.csv", "summary.csv"] {
      guard let d = digests[name] else { throw RunBenchmark.BenchError.badManifest("\(path): no \(name) output") }
      sha.update(Array(d.utf8))
    }
    checksum = sha.finalizeHex()
  }
}
