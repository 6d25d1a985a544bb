import ArgumentParser
import NatReconCore
import NatReconGenerator
import NatReconPipeline
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// `natrecon generate`: deterministic synthetic rosters and test exports.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a synthetic roster, daily test exports and a pipeline that runs on them.",
    discussion: """
      Writes DIR/roster.csv, DIR/tests/YYYY-MM-DD.csv (one export per day, the last one \
      the as-of day), in the default (dirty) mode DIR/exemptions.csv (the exemption list, \
      SPEC §2.3), and DIR/pipeline.yml (SPEC §5; or --pipeline PATH, with paths \
      relative to it). Same options, same bytes: every choice comes from SplitMix64 \
      streams derived from --seed; no clock, no hash order; the thread count changes \
      only the speed.

      The data look like Shanghai's: real districts and streets, committees, compounds, \
      buildings, units and rooms; households of 1–6; common surnames; valid 18-digit IDs \
      (region codes, birth dates, ISO 7064 check digits) and a few passports and permits; \
      phones, statuses (在住, 外出, 离沪, 住院) and tags. Each day 85–95% of residents \
      queue at their compound's site and are swabbed into 10-in-1 tubes; reports come \
      4–20 h later; rare positive tubes (混管阳性), invalid samples, results still \
      pending at export time (re-exported the next day), people tested who are not on \
      the roster, and evening sessions that run past the as-of time.

      --clean: one header set, YYYY-MM-DD HH:MM:SS, UTF-8, no dirt (benchmarks). Default \
      (dirty): a GB18030 roster, header aliases, time forms and result words that differ \
      per export, BOMs, CRLF, quoted commas and line breaks, the oldest export gzipped, a \
      GB18030 exemption list (about 3% of residents; open-ended, current, expired and \
      future windows in date and date-time forms; one ID not on the roster and, in lists \
      of 100 rows or more, one mangled ID, one empty reason, one bad end date), and every data issue of SPEC §2.4/§6/§8 at \
      low rates (each at least once in every file of \
      300 rows or more), staying well under max_reject_rate so the run exits 0.

      Memory is about 10 MB per worker thread whatever the size (the population is \
      regenerated per file, not stored).

      Example:
        natrecon generate --residents 1000000 --days 3 --seed 7 --out /tmp/gen --clean
      """)

  @Option(help: "Roster residents.")
  var residents: Int

  @Option(help: "Days of test exports (one file per day, ending on the as-of day).")
  var days: Int = 3

  @Option(help: "Random seed; same options, same bytes.")
  var seed: UInt64 = 1

  @Option(help: "Output folder (created if missing).")
  var out: String

  @Flag(help: "Gzip every file.")
  var gzip = false

  @Flag(help: "One header set, one time format, UTF-8, no dirt.")
  var clean = false

  @Option(help: "As-of time T; the last export is of T's day.")
  var asOf: String = "2022-04-03 22:00"

  @Option(help: "Sampling rounds per day (1–3), all in the day's one export.")
  var roundsPerDay: Int = 1

  @Option(help: "Where to write the pipeline (default DIR/pipeline.yml).")
  var pipeline: String?

  @Option(help: "Worker threads (default: online CPUs).")
  var threads: Int = 0

  func validate() throws {
    if residents < 1 { throw ValidationError("--residents must be at least 1") }
    if days < 1 || days > 366 { throw ValidationError("--days must be 1…366") }
    if roundsPerDay < 1 || roundsPerDay > 3 { throw ValidationError("--rounds-per-day must be 1…3") }
    if Timestamp.parse(asOf) == nil { throw ValidationError("--as-of: cannot read '\(asOf)' as a time") }
  }

  func run() throws {
    guard let t = Timestamp.parse(asOf) else { throw ValidationError("--as-of: bad time") }
    let options = GeneratorOptions(
      residents: residents, days: days, seed: seed, outputDirectory: out, gzip: gzip, clean: clean, asOf: t,
      roundsPerDay: roundsPerDay, pipelinePath: pipeline, threads: threads)
    var command = "natrecon generate --residents \(residents) --days \(days) --seed \(seed) --out \(out)"
    if gzip { command += " --gzip" }
    if clean { command += " --clean" }
    command += " --as-of \"\(Timestamp.format(t))\""
    if roundsPerDay != 1 { command += " --rounds-per-day \(roundsPerDay)" }
    if let pipeline { command += " --pipeline \(pipeline)" }
    let started = Clock.seconds()
    let report: GeneratorReport
    do {
      report = try Generator.generate(options, command: command)
    } catch {
      writeStderr("natrecon: \(error)\n")
      throw ExitCode(1)
    }
    let seconds = Clock.seconds() - started
    var rows = report.roster.rows
    var bytes = report.roster.bytes
    print("\(report.roster.path)  \(report.roster.rows) rows")
    for f in report.exports {
      print("\(f.path)  \(f.rows) rows")
      rows += f.rows
      bytes += f.bytes
    }
    if let f = report.exemptions {
      print("\(f.path)  \(f.rows) rows")
      rows += f.rows
      bytes += f.bytes
    }
    print(report.pipelinePath)
    let mb = Double(bytes) / 1_000_000
    writeStderr(
      "generated \(rows) rows, \(Self.fixed(mb, 1)) MB of CSV in \(Self.fixed(seconds, 2)) s "
        + "(\(Self.fixed(Double(rows) / max(seconds, 1e-9) / 1e6, 2)) M rows/s, "
        + "\(Self.fixed(mb / max(seconds, 1e-9), 0)) MB/s)\n")
  }

  static func fixed(_ v: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((v * scale).rounded())
    if digits == 0 { return String(n) }
    let frac = String(abs(n) % Int(scale))
    return "\(n / Int(scale)).\(String(repeating: "0", count: digits - frac.count))\(frac)"
  }
}
