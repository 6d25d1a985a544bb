import NatReconCore
import NatReconPipeline
import Testing

/// The SPEC §5 schema: defaults, every key read, and each rejection naming its key.
@Suite struct PipelineSpecLoadTests {
  static let minimal = """
    inputs:
      roster: {files: [roster.csv]}
      tests: {files: ["tests/*.csv*"]}
    """
  static let minimalInputs = "inputs:\n  roster: {files: [r.csv]}\n  tests: {files: [t.csv]}\n"

  func parse(_ yaml: String) throws(PipelineSpecError) -> PipelineSpec {
    try PipelineSpec.parse(yaml: yaml, path: "p.yml", baseDirectory: "/data/pipelines")
  }

  @Test func defaultsFollowTheSpec() throws {
    let spec = try parse(Self.minimal)
    #expect(spec.asOf == .now)
    #expect(spec.roundStart == nil && spec.roundEnd == nil)
    #expect(spec.validityHours == 48)
    #expect(spec.validityAnchor == .report)
    #expect(spec.warnHours == 12)
    #expect(spec.exemptStatuses == ["外出", "离沪", "住院"])
    #expect(spec.maxRejectRate == 0.05)
    #expect(spec.formats == [.csv, .xlsx, .html])
    #expect(spec.roster.encoding == .auto)
    #expect(spec.resolve("roster.csv") == "/data/pipelines/roster.csv")
    #expect(spec.resolve("/abs/x.csv") == "/abs/x.csv")
  }

  @Test func readsEveryKey() throws {
    let spec = try parse(
      """
      name: xuhui-longcao
      as_of: "2022-03-28 08:00"
      round:
        start: "2022-03-27 06:00"
        end: 2022-03-28 06:00
      validity_hours: 24
      validity_anchor: sample
      warn_hours: 6
      exempt_statuses: [外出]
      max_reject_rate: 0.1
      inputs:
        roster:
          files: [../SampleData/roster.csv]
          encoding: gb18030
          columns: {room: 房间号, phone: [联系人电话, 电话号码]}
        tests:
          files: "../SampleData/tests/*.csv*"
          encoding: utf-8
          result_map: {"1": negative, "2": positive, "99": pending}
        exemptions:
          files: [../SampleData/exemptions.csv]
          encoding: gb18030
          columns: {reason: 免检类别}
      outputs:
        dir: ../out
        formats: [csv]
      """)
    #expect(spec.name == "xuhui-longcao")
    #expect(spec.asOf == .instant(1_648_425_600))
    #expect(spec.roundStart == 1_648_332_000)
    #expect(spec.roundEnd == 1_648_418_400)
    #expect(spec.validityHours == 24)
    #expect(spec.validityAnchor == .sample)
    #expect(spec.warnHours == 6)
    #expect(spec.exemptStatuses == ["外出"])
    #expect(spec.maxRejectRate == 0.1)
    #expect(spec.roster.encoding == .gb18030)
    #expect(spec.roster.columns[.room] == ["房间号"])
    #expect(spec.roster.columns[.phone] == ["联系人电话", "电话号码"])
    #expect(spec.exemptions?.files == ["../SampleData/exemptions.csv"])
    #expect(spec.exemptions?.encoding == .gb18030)
    #expect(spec.exemptions?.columns[.reason] == ["免检类别"])
    #expect(spec.tests.files == ["../SampleData/tests/*.csv*"])
    #expect(spec.resultMap == ["1": .negative, "2": .positive, "99": .pending])
    #expect(spec.outputDirectory == "../out")
    #expect(spec.formats == [.csv])
  }

  /// Each bad pipeline is rejected with the key it is about.
  @Test(arguments: [
    ("colour: red\n" + minimal, "colour"),
    ("round: {begin: \"2022-03-27 06:00\"}\n" + minimal, "round.begin"),
    ("validity_hours: many\n" + minimal, "validity_hours"),
    ("validity_hours: [48]\n" + minimal, "validity_hours"),
    ("warn_hours: -1\n" + minimal, "warn_hours"),
    ("max_reject_rate: lots\n" + minimal, "max_reject_rate"),
    ("as_of: \"2022-02-30 08:00\"\n" + minimal, "as_of"),
    ("as_of: yesterday\n" + minimal, "as_of"),
    ("round: {start: \"soon\"}\n" + minimal, "round.start"),
    ("validity_anchor: collection\n" + minimal, "validity_anchor"),
    ("outputs: {formats: [pdf]}\n" + minimal, "outputs.formats"),
    ("outputs: {folder: x}\n" + minimal, "outputs.folder"),
    ("exempt_statuses: {a: b}\n" + minimal, "exempt_statuses"),
    ("inputs:\n  roster: {files: [r.csv]}\n", "inputs.tests"),
    (
      "inputs:\n  roster: {files: [r.csv], result_map: {\"1\": negative}}\n  tests: {files: [t.csv]}\n",
      "inputs.roster.result_map"
    ),
    (
      "inputs:\n  roster: {files: [r.csv]}\n  tests: {files: [t.csv], result_map: {\"9\": unclear}}\n",
      "inputs.tests.result_map.9"
    ),
    (
      "inputs:\n  roster: {files: [r.csv], columns: {flat: 房间号}}\n  tests: {files: [t.csv]}\n",
      "inputs.roster.columns.flat"
    ),
    ("inputs:\n  roster: {files: [r.csv], encoding: latin1}\n  tests: {files: [t.csv]}\n", "inputs.roster.encoding"),
    ("inputs:\n  roster: {encoding: auto}\n  tests: {files: [t.csv]}\n", "inputs.roster.files"),
    ("name: x\n", "inputs"),
    (
      "inputs:\n  roster: {files: [r.csv], columns: {room: {a: b}}}\n  tests: {files: [t.csv]}\n",
      "inputs.roster.columns.room"
    ),
    (
      "inputs:\n  roster: {files: [r.csv], columns: {room: [房间号, [室]]}}\n  tests: {files: [t.csv]}\n",
      "inputs.roster.columns.room"
    ),
    (
      "inputs:\n  roster: {files: [r.csv], columns: {room: []}}\n  tests: {files: [t.csv]}\n",
      "inputs.roster.columns.room"
    ),
    (
      "inputs:\n  roster: {files: [r.csv], columns: {room: ~}}\n  tests: {files: [t.csv]}\n",
      "inputs.roster.columns.room"
    ),
    ("inputs:\n  roster: {files: [r.csv], columns: 房间号}\n  tests: {files: [t.csv]}\n", "inputs.roster.columns"),
    (
      "inputs:\n  roster: {files: [r.csv]}\n  tests: {files: [t.csv], columns: {reason: 原因}}\n",
      "inputs.tests.columns.reason"
    ),
    (minimalInputs + "  exemptions: [e.csv]\n", "inputs.exemptions"),
    (minimalInputs + "  exemptions: e.csv\n", "inputs.exemptions"),
    (minimalInputs + "  exemptions: {encoding: auto}\n", "inputs.exemptions.files"),
    (minimalInputs + "  exemptions: {files: [e.csv], result_map: {\"1\": negative}}\n", "inputs.exemptions.result_map"),
    (minimalInputs + "  exemptions: {files: [e.csv], columns: {room: 房号}}\n", "inputs.exemptions.columns.room"),
  ])
  func rejectsNamingTheKey(yaml: String, key: String) {
    do {
      _ = try parse(yaml)
      Issue.record("accepted a bad pipeline; expected an error about \(key)")
    } catch {
      #expect("\(error)".contains("`\(key)`"), "\(error)")
    }
  }

  @Test(arguments: ["inputs: [a, b", "- just\n- a list\n", "key: [unclosed"])
  func rejectsWhatIsNotAPipeline(yaml: String) {
    #expect(throws: PipelineSpecError.self) { _ = try parse(yaml) }
  }

  @Test func commandLineOverridesWin() throws {
    var spec = try parse("as_of: \"2022-03-28 08:00\"\nwarn_hours: 6\n" + Self.minimal)
    var o = PipelineOverrides()
    o.asOf = "2022-04-03 22:00"
    o.roundStart = "2022-04-03 00:00"
    o.validityHours = 24
    o.warnHours = 3
    o.validityAnchor = "sample"
    o.out = "elsewhere"
    o.formats = ["csv"]
    try spec.apply(o)
    #expect(spec.asOf == .instant(1_648_994_400))
    #expect(spec.roundStart == 1_648_915_200)
    #expect(spec.validityHours == 24)
    #expect(spec.warnHours == 3)
    #expect(spec.validityAnchor == .sample)
    #expect(spec.resolvedOutputDirectory == "./elsewhere")
    #expect(spec.formats == [.csv])
  }

  @Test(arguments: [
    ("as-of", "tomorrow"), ("validity-anchor", "x"), ("format", "csv,pdf"), ("validity-hours", "0"),
    ("round-end", "2022-13-01 00:00"),
  ])
  func badOverridesNameTheOption(option: String, value: String) throws {
    var spec = try parse(Self.minimal)
    var o = PipelineOverrides()
    switch option {
    case "as-of": o.asOf = value
    case "validity-anchor": o.validityAnchor = value
    case "format": o.formats = [value]
    case "validity-hours": o.validityHours = Int(value)
    default: o.roundEnd = value
    }
    do {
      try spec.apply(o)
      Issue.record("accepted a bad --\(option)")
    } catch {
      #expect("\(error)".contains("--\(option)"))
    }
  }
}
