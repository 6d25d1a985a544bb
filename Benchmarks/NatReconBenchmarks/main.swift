// natrecon-bench: release-only benchmarks. One mode per file; this is only the dispatcher.
//
//   natrecon-bench run --scale 1m|10m|25m --data bench-data [--days N] [--runs N] [--dirty] [--format csv,xlsx]
//   natrecon-bench run --memory-check --data bench-data
//   natrecon-bench reader …            (ReaderBenchmark.swift)
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

#if DEBUG
  writeStderr("natrecon-bench: refusing to run a debug build; use `swift build -c release` (make bench)\n")
  exit(2)
#else
  let benchArguments = Array(CommandLine.arguments.dropFirst())
  switch benchArguments.first {
  case "run": exit(RunBenchmark.main(Array(benchArguments.dropFirst())))
  case "reader": exit(ReaderBenchmark.main(Array(benchArguments.dropFirst())))
  default:
    writeStderr(
      "usage: natrecon-bench run --scale 1m|10m|25m [--data DIR] [--days N] [--runs N] [--dirty] [--format csv,xlsx]\n")
    writeStderr("       natrecon-bench run --memory-check [--data DIR]\n")
    writeStderr("       natrecon-bench reader --data DIR [--megabytes 1000] [--runs 1] [--variants …]\n")
    exit(2)
  }
#endif
