import ArgumentParser
import NatReconPipeline
import NatReconPlatform
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// `natrecon history OUT`: the trend across runs, from `<out>/history.sqlite`.
struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Print the trend across runs from <out>/history.sqlite as CSV.",
    discussion: """
      Every published run records its summary.csv rows and manifest figures in \
      <out>/history.sqlite (an SQLite database; schema and example queries in \
      docs/history.md). This command prints them as CSV on stdout: run_id, as_of, then \
      summary.csv's columns, one row per run and area, oldest run first, each run's rows \
      in summary.csv's order — so the rows of one run equal that run's summary.csv.

      Filters combine: --level keeps one level (total, district, street, committee, \
      compound, building), --last N the N most recent runs, --district/--street/--committee \
      the rows of areas with that name (and the areas below them unless --level says \
      otherwise).

      --rebuild builds the history afresh from the run folders (their manifest.json and \
      summary.csv) and puts it in place of the old file, e.g. after a corrupt file or a \
      run whose recording failed; a history written by a newer natrecon is refused, not \
      altered. The history reads little memory: one run's rows at a time for --rebuild.

      Exit status: 0 ok; 1 the history is missing, unreadable or newer; 2 bad usage.

      Examples:
        natrecon history out --level committee --committee 龙山居委会 --last 14
        natrecon history out --level total
        natrecon history out --rebuild
      """)

  @Argument(help: "The output folder (outputs.dir) holding history.sqlite and the run folders.")
  var out: String

  @Option(help: "Keep one level: total, district, street, committee, compound or building.")
  var level: String?

  @Option(help: "Keep the N most recent runs.")
  var last: Int?

  @Option(help: "Keep areas of this district.")
  var district: String?

  @Option(help: "Keep areas of this street (街镇).")
  var street: String?

  @Option(help: "Keep areas of this committee (居委会).")
  var committee: String?

  @Flag(help: "Rebuild history.sqlite from the run folders, then print.")
  var rebuild = false

  func validate() throws {
    if let level, !HistoryStore.levels.contains(level) {
      throw ValidationError(
        "--level: unknown level '\(level)' (expected one of \(HistoryStore.levels.joined(separator: ", ")))")
    }
    if let last, last < 1 { throw ValidationError("--last: must be a whole number of runs, 1 or more") }
  }

  func run() throws {
    if rebuild {
      let (recorded, skipped) = try HistoryStore.rebuild(out: out)
      for line in skipped { writeStderr("natrecon: history: skipped \(line)\n") }
      writeStderr("natrecon: \(HistoryStore.path(out: out)): rebuilt from \(recorded.count) run folders\n")
    }
    let store = try HistoryStore.reading(out: out)
    var query = HistoryStore.Query()
    query.level = level
    query.last = last
    query.district = district
    query.street = street
    query.committee = committee
    let rows = try store.trendRows(query)
    let writer = try CSVTableWriter(
      fileDescriptor: dup(1), name: "stdout", header: ["run_id", "as_of"] + HistoryStore.summaryColumns)
    for row in rows {
      for field in row { writer.field(field) }
      writer.endRow()
    }
    try writer.close()
  }
}
