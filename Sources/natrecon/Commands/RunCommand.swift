import ArgumentParser
import NatReconPipeline
import NatReconPlatform

/// `natrecon run PIPELINE`: the nightly job.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Reconcile a roster against test exports as a pipeline file describes.",
    discussion: """
      Reads the pipeline (YAML, SPEC §5), the roster, then the exemption list (灰名单, \
      optional: a resident with a row active at the as-of time is exempt, like one whose \
      status is in exempt_statuses, and residents.csv says why in exempt_reason), then \
      streams every test export (sorted path order) through an in-memory table of the \
      roster, and writes into \
      <out>/<run_id>/ (run_id = as-of time as YYYYMMDD-HHMMSS): residents, households, \
      summary, gaps, expiring, unmatched_tests, positive_tubes and data_issues CSV files, \
      manifest.json, one workbook per committee in committees/ (xlsx) and the overview \
      page dashboard.html (html: one self-contained file for a browser or a 1920×1080 \
      wall screen, aggregates only). The folder is built \
      beside it and renamed into place when complete; <out>/latest then points at it. A \
      failed run leaves earlier reports untouched.

      Matching: on the normalised ID number (15-digit IDs match their 18-digit form; \
      other documents match exactly). Malformed rows never stop a run: each becomes a row \
      of data_issues.csv with its file and line.

      Memory grows with the roster (under 100 bytes per resident), not with the exports.

      latest always names the run with the greatest as-of time: a rerun at an earlier \
      as-of time is published into its own folder and leaves latest alone. After \
      publishing, the run is recorded in <out>/history.sqlite (see `natrecon history`), \
      and with outputs.keep_runs: N the oldest run folders beyond N are removed.

      Exit status: 0 ok; 1 the run failed (missing file or column, corrupt gzip, output \
      not writable, an input changed while the run read it; or the folder was published \
      but the history could not be recorded); 2 bad usage or pipeline (also a round that \
      starts after it ends); 3 finished, but some input rejected more than \
      max_reject_rate of its rows; 4 stale inputs: no used test sampled within \
      max_input_age_hours before the as-of time (folder written, latest not moved); 75 \
      another run holds the output folder's lock after --wait seconds (nothing written; \
      retry later, never delete the lock file); 130/143 interrupted by SIGINT/SIGTERM \
      (temporary folder removed, nothing replaced).

      Examples:
        natrecon run pipelines/sample.yml --as-of "2022-04-03 22:00"
        natrecon run pipelines/sample.yml --metrics-file /var/lib/node_exporter/natrecon.prom
        natrecon run pipelines/sample.yml --format html   # dashboard.html and manifest.json only
      """)

  @Argument(help: "The pipeline YAML file.")
  var pipeline: String

  @OptionGroup var overrides: PipelineOptions

  @Option(help: "Seconds to wait for another run's output lock before exiting with status 75.")
  var wait: Double = 3

  @Option(
    help: ArgumentHelp(
      "Write the run's status, duration, rows, coverage and newest sample age as a Prometheus textfile (atomically).",
      valueName: "path"))
  var metricsFile: String?

  func validate() throws {
    if !(wait >= 0 && wait <= 86_400) { throw ValidationError("--wait must be between 0 and 86400 seconds") }
  }

  func run() throws {
    let started = Clock.seconds()
    var name = pipeline
    do {
      var spec = try PipelineSpec.load(path: pipeline)
      try spec.apply(overrides.asOverrides)
      if !spec.name.isEmpty { name = spec.name }
      var runner = Runner(spec: spec)
      runner.lockWaitSeconds = wait
      runner.handlesInterrupts = true
      let outcome = try runner.run()
      writeStderr(outcome.summary)
      try writeMetrics(name: name, status: outcome.exitStatus, outcome: outcome, started: started)
      if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    } catch let error where !(error is ExitCode) {
      try? writeMetrics(name: name, status: NatRecon.exitStatus(for: error), outcome: nil, started: started)
      throw error
    }
  }

  private func writeMetrics(name: String, status: Int32, outcome: RunOutcome?, started: Double) throws {
    guard let metricsFile else { return }
    let text = MetricsFile.text(
      pipeline: name, exitStatus: status, outcome: outcome, durationSeconds: Clock.seconds() - started,
      finishedAt: Int64(Clock.epochNow()))
    try MetricsFile.write(text, to: metricsFile)
  }
}

/// The options that override a pipeline's keys (SPEC §5).
struct PipelineOptions: ParsableArguments {
  @Option(help: "As-of time T, e.g. \"2022-04-03 22:00\", or now.")
  var asOf: String?

  @Option(help: "Round start R0 (default: 24 hours before the round end).")
  var roundStart: String?

  @Option(help: "Round end R1 (default: T).")
  var roundEnd: String?

  @Option(help: "Certificate validity V in hours (default 48).")
  var validityHours: Int?

  @Option(help: "Warning horizon W in hours (default 12).")
  var warnHours: Int?

  @Option(help: "report or sample: what a negative certificate counts from.")
  var validityAnchor: String?

  @Option(help: "Output folder (relative to the working directory).")
  var out: String?

  @Option(help: "csv, xlsx and/or html (default: all three); repeat or separate with commas.")
  var format: [String] = []

  var asOverrides: PipelineOverrides {
    var o = PipelineOverrides()
    o.asOf = asOf
    o.roundStart = roundStart
    o.roundEnd = roundEnd
    o.validityHours = validityHours
    o.warnHours = warnHours
    o.validityAnchor = validityAnchor
    o.out = out
    o.formats = format
    return o
  }
}
