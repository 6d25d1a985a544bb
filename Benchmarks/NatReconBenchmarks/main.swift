// natrecon-bench: release-only benchmarks. One mode per file; this is only the dispatcher.
//
//   natrecon-bench run --scale 1m|10m|25m --data bench-data [--days N] [--runs N] [--dirty]
//   natrecon-bench run --memory-check --data bench-data
//   natrecon-bench reader …            (ReaderBenchmark.swift)
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Writes to stderr (fd 2; the C `stderr` global is not concurrency-safe in Swift 6).
func benchStderr(_ text: String) { _ = FileDescriptor.writeAll(2, Array(text.utf8)) }

#if DEBUG
  benchStderr("natrecon-bench: refusing to run a debug build; use `swift build -c release` (make bench)\n")
  exit(2)
#else
  let benchArguments = Array(CommandLine.arguments.dropFirst())
  switch benchArguments.first {
  case "run": exit(RunBenchmark.main(Array(benchArguments.dropFirst())))
  case "reader": exit(ReaderBenchmark.main(Array(benchArguments.dropFirst())))
  default:
    benchStderr("usage: natrecon-bench run --scale 1m|10m|25m [--data DIR] [--days N] [--runs N] [--dirty]\n")
    benchStderr("       natrecon-bench run --memory-check [--data DIR]\n")
    benchStderr("       natrecon-bench reader --data DIR [--megabytes 1000] [--runs 1] [--variants …]\n")
    exit(2)
  }
#endif
