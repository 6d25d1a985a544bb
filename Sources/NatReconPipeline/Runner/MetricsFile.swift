import NatReconCore
import NatReconPlatform
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// `natrecon run --metrics-file PATH`: the run's figures in Prometheus' text format for
/// node_exporter's textfile collector, written to a temporary file beside PATH and
/// renamed over it, so the collector never reads half a file.
public enum MetricsFile {
  /// The text for a run that ended with `exitStatus` (an outcome when it got that far).
  public static func text(
    pipeline: String, exitStatus: Int32, outcome: RunOutcome?, durationSeconds: Double, finishedAt: Int64
  ) -> String {
    let label = "{pipeline=\(Manifest.quote(pipeline))}"
    var o = ""
    func metric(_ name: String, _ help: String, _ value: String?) {
      guard let value else { return }
      o += "# HELP natrecon_\(name) \(help)\n# TYPE natrecon_\(name) gauge\nnatrecon_\(name)\(label) \(value)\n"
    }
    metric(
      "run_exit_status",
      "Exit status of the last run: 0 ok, 1 failed, 2 usage, 3 reject rate, 4 stale inputs, 75 locked.",
      String(exitStatus))
    metric("run_finished_timestamp_seconds", "When the last run ended (Unix time).", String(finishedAt))
    metric("run_duration_seconds", "Wall-clock seconds of the last run.", Manifest.seconds(durationSeconds))
    if let outcome {
      metric("run_as_of_timestamp_seconds", "The last run's as-of time T (Unix time).", String(outcome.asOf))
      metric("run_input_rows", "Data records read over every input.", String(outcome.rows))
      metric("run_input_rows_used", "Data records used over every input.", String(outcome.rowsUsed))
      metric(
        "run_coverage_ratio", "Tested share of eligible residents (total).", outcome.coverage.map(DecimalText.fixed4))
      metric(
        "run_cert_rate_ratio", "Share of eligible residents with a valid certificate.",
        outcome.certRate.map(DecimalText.fixed4))
      metric(
        "run_newest_sample_age_seconds", "Seconds from the newest used sample_time to T.",
        outcome.newestSampleTime.map { String(outcome.asOf - $0) })
      metric(
        "run_history_recorded", "1 when the run was recorded in history.sqlite.", outcome.historyFailed ? "0" : "1")
    }
    return o
  }

  /// Writes `text` to `path` atomically (temporary sibling, then rename).
  public static func write(_ text: String, to path: String) throws(RunError) {
    let temporary = path + ".tmp-\(getpid())"
    try ManifestFile.write(text, to: temporary)
    if rename(temporary, path) != 0 {
      let detail = FileDescriptor.errorText()
      unlink(temporary)
      throw .outputFailed(path: path, detail: detail)
    }
  }
}
