import NatReconPipeline
import NatReconTestSupport
import Testing

/// Issue 6 (fuzzing and limits): inputs that crashed or hung the pipeline loader, kept
/// as fixtures in Tests/Fixtures/regressions/ under the same name as their test.
@Suite struct Issue0006Tests {
  /// Yams composes nodes recursively: 40,000 nested `[` overflowed the stack (SIGSEGV)
  /// instead of failing as a bad pipeline (exit 2).
  @Test("issue-0006-deep-yaml-nesting") func deepYAMLNesting() throws {
    let path = Fixtures.path("regressions/issue-0006-deep-yaml-nesting.yml")
    #expect {
      _ = try PipelineSpec.load(path: path)
    } throws: { error in
      guard let error = error as? PipelineSpecError, case .invalidYAML(let named, let detail) = error
      else { return false }
      return named == path && detail.hasPrefix("nested more than 100 levels deep")
    }
  }

  /// The bound is on structure, not size: a long but flat pipeline still loads, and
  /// nesting at the limit (a flow sequence 60 deep in a value) gets past the check to the
  /// schema, which rejects it as a wrong type.
  @Test func flatButLongPipelineStillLoads() throws {
    let files = (1...2_000).map { "\"tests/2022-04-\($0).csv\"" }.joined(separator: ", ")
    let yaml = """
      as_of: "2022-04-03 22:00"
      round: {start: "2022-04-02 22:00", end: "2022-04-03 22:00"}
      inputs:
        roster: {files: [roster.csv], columns: {room: 房间号, building: 楼号}}
        tests:
          files: [\(files)]
          result_map: {"1": negative, "2": positive, "99": pending}
      """
    let spec = try PipelineSpec.parse(yaml: yaml, path: "long.yml", baseDirectory: "/tmp")
    #expect(spec.tests.files.count == 2_000)

    let nested = "name: " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
    #expect {
      _ = try PipelineSpec.parse(yaml: nested, path: "nested.yml", baseDirectory: "/tmp")
    } throws: { error in
      guard let error = error as? PipelineSpecError, case .wrongType = error else { return false }
      return true
    }
  }
}
