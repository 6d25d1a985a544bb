import ArgumentParser
import NatReconCore
import NatReconIO
import NatReconPipeline
import NatReconPlatform
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// The `natrecon` root command: the only registry of subcommands, and the one place
/// that maps errors to exit statuses (SPEC §6: 0 ok, 1 run failed, 2 usage or pipeline,
/// 3 reject rate exceeded, 75 output locked by another run; 130/143 for SIGINT/SIGTERM
/// are `InterruptGuard`'s).
@main
struct NatRecon: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "natrecon",
    abstract: "Reconcile resident rosters against nucleic-acid test exports.",
    discussion: """
      natrecon reads a roster (居民台账) and test exports (核酸检测结果) — CSV, optionally \
      gzip, UTF-8 or GB18030 — joins them on normalised ID numbers and writes per-household \
      progress, gap lists, certificate validity, data-quality reports and one Excel \
      workbook per neighbourhood committee.

      Exit status: 0 success; 1 the run failed (or its history could not be recorded); \
      2 bad usage or pipeline; 3 the run finished but some input's share of rejected \
      rows exceeded max_reject_rate; 4 stale inputs (no recent test; latest not moved); \
      75 another run holds the output folder's lock; 130/143 interrupted \
      (SIGINT/SIGTERM), nothing replaced.

      Examples:
        natrecon run pipelines/sample.yml
        natrecon history out --level committee --last 14
      """,
    version: NatReconVersion.current,
    subcommands: [RunCommand.self, InspectCommand.self, HistoryCommand.self, GenerateCommand.self])

  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withStatus: exitStatus(for: error), error: error)
    }
  }

  /// Maps an error to its SPEC §6 exit status.
  static func exitStatus(for error: any Error) -> Int32 {
    switch error {
    case is PipelineSpecError: return 2
    case RunError.locked: return 75
    case is IngestError, is RunError, is ReportError, is HistoryError: return 1
    case let code as ExitCode: return code.rawValue == 64 ? 2 : code.rawValue
    default:
      let parserCode = NatRecon.exitCode(for: error).rawValue
      return parserCode == 64 ? 2 : parserCode
    }
  }

  static func exit(withStatus status: Int32, error: any Error) -> Never {
    switch error {
    case is PipelineSpecError, is IngestError, is RunError, is ReportError, is HistoryError:
      writeStderr("natrecon: \(error)\n")
    case let code as ExitCode:
      _ = code
    default:
      // Help, version and usage errors: the parser formats them.
      let message = NatRecon.fullMessage(for: error)
      if !message.isEmpty {
        if status == 0 { print(message) } else { writeStderr(message + "\n") }
      }
    }
    Glibc.exit(status)
  }
}
