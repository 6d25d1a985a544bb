import Foundation
import NatReconTestSupport

@testable import NatReconPipeline

/// The files of one run, for tests that compare a fast path with its reference run for
/// run: `pipeline` with `--format csv` into `out`, after `configure` has set the runner
/// up (a thread switch, a batch size); name → bytes of every file of the run's folder
/// that `include` keeps.
enum RunFiles {
  static func read(
    pipeline: String, out: String, include: (String) -> Bool = { $0.hasSuffix(".csv") },
    configure: (inout Runner) -> Void
  ) throws -> [String: Data] {
    var spec = try PipelineSpec.load(path: pipeline)
    var o = PipelineOverrides()
    o.out = out
    o.formats = ["csv"]
    try spec.apply(o)
    var runner = Runner(spec: spec, progress: ProgressLine(enabled: false))
    configure(&runner)
    let outcome = try runner.run()
    let names = try FileManager.default.contentsOfDirectory(atPath: outcome.folder).filter(include)
    return Dictionary(
      uniqueKeysWithValues: names.map {
        ($0, FileManager.default.contents(atPath: outcome.folder + "/" + $0) ?? Data())
      })
  }
}
