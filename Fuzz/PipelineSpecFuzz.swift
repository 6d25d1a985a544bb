// libFuzzer entry point for the pipeline loader (NatReconPipeline, SPEC §5).
//
// Not part of `swift build` or `swift test`: `make fuzz` compiles this file with
// `swiftc -sanitize=fuzzer,address` (see the Makefile).
//
// The input, decoded as UTF-8 (ill-formed bytes repaired), is parsed with
// `PipelineSpec.parse(yaml:path:baseDirectory:)`. A `PipelineSpecError` (exit status 2
// in a run) is an expected outcome, and its message must render; a trap, an ASan report,
// a hang or a memory blow-up is a finding.

import NatReconPipeline

private nonisolated(unsafe) var sink = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    let spec = try PipelineSpec.parse(yaml: text, path: "fuzz.yml", baseDirectory: "/tmp")
    sink &+= spec.roster.files.count &+ spec.tests.files.count &+ spec.name.utf8.count
  } catch {
    sink &+= error.description.utf8.count
  }
  return 0
}
