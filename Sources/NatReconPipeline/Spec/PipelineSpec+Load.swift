import Foundation
import NatReconCore
import NatReconIO
import Yams

extension PipelineSpec {
  /// Loads and validates a pipeline file against the SPEC §5 schema.
  ///
  /// Unknown keys, wrong types, bad times and unknown result classes are rejected with
  /// the key's dotted path (`inputs.tests.result_map.9`), so the message says what to fix.
  ///
  /// - Throws: `PipelineSpecError` (exit status 2).
  public static func load(path: String) throws(PipelineSpecError) -> PipelineSpec {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .fileNotFound(path: path)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .invalidYAML(path: path, detail: "not UTF-8 text")
    }
    let base = (path as NSString).deletingLastPathComponent
    return try parse(yaml: text, path: path, baseDirectory: base.isEmpty ? "." : base)
  }

  /// Parses pipeline YAML text; `path` names the file in messages.
  public static func parse(yaml: String, path: String, baseDirectory: String) throws(PipelineSpecError)
    -> PipelineSpec
  {
    // Before Yams, whose recursion a deeply nested file would overflow (issue 6).
    guard nestingBound(yaml) <= maxNestingBound else {
      throw .invalidYAML(
        path: path,
        detail:
          "nested more than \(maxNestingBound) levels deep, counting every [ and {, indentation and - ? : indicators; a pipeline needs 4"
      )
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? "parse error"
      throw .invalidYAML(path: path, detail: detail)
    }
    guard let root, let top = root.mapping else {
      throw .wrongType(path: path, key: "(top level)", expected: "a mapping of keys")
    }
    let reader = SchemaReader(path: path)
    var spec = PipelineSpec(
      path: path, baseDirectory: baseDirectory, roster: Input(files: []), tests: Input(files: []))
    var sawInputs = false

    for (keyNode, value) in top {
      let key = try reader.key(keyNode, in: "")
      switch key {
      case "name": spec.name = try reader.string(value, key: key)
      case "as_of":
        let text = try reader.string(value, key: key)
        spec.asOf = text.lowercased() == "now" ? .now : .instant(try reader.time(text, key: key))
      case "round":
        for (k, v) in try reader.mapping(value, key: key) {
          let sub = try reader.key(k, in: key)
          switch sub {
          case "start": spec.roundStart = try reader.time(try reader.string(v, key: "round.start"), key: "round.start")
          case "end": spec.roundEnd = try reader.time(try reader.string(v, key: "round.end"), key: "round.end")
          default: throw .unknownKey(path: path, key: "round.\(sub)")
          }
        }
      case "validity_hours": spec.validityHours = try reader.positiveInt(value, key: key)
      case "validity_anchor":
        let text = try reader.string(value, key: key)
        guard let anchor = ValidityAnchor(rawValue: text) else {
          throw .badValue(path: path, key: key, value: text, expected: "report or sample")
        }
        spec.validityAnchor = anchor
      case "warn_hours": spec.warnHours = try reader.nonNegativeInt(value, key: key)
      case "exempt_statuses": spec.exemptStatuses = try reader.strings(value, key: key)
      case "max_reject_rate":
        let rate = try reader.double(value, key: key)
        guard rate >= 0, rate <= 1 else {
          throw .badValue(path: path, key: key, value: "\(rate)", expected: "a share between 0 and 1")
        }
        spec.maxRejectRate = rate
      case "max_input_age_hours": spec.maxInputAgeHours = try reader.nonNegativeInt(value, key: key)
      case "inputs":
        sawInputs = true
        var sawRoster = false
        var sawTests = false
        for (k, v) in try reader.mapping(value, key: key) {
          let sub = try reader.key(k, in: key)
          switch sub {
          case "roster":
            sawRoster = true
            (spec.roster, _) = try reader.input(v, key: "inputs.roster", kind: .roster, allowsResultMap: false)
          case "tests":
            sawTests = true
            (spec.tests, spec.resultMap) = try reader.input(
              v, key: "inputs.tests", kind: .tests, allowsResultMap: true)
          case "exemptions":
            (spec.exemptions, _) = try reader.input(
              v, key: "inputs.exemptions", kind: .exemptions, allowsResultMap: false)
          default: throw .unknownKey(path: path, key: "inputs.\(sub)")
          }
        }
        if !sawRoster { throw .missingKey(path: path, key: "inputs.roster") }
        if !sawTests { throw .missingKey(path: path, key: "inputs.tests") }
      case "outputs":
        for (k, v) in try reader.mapping(value, key: key) {
          let sub = try reader.key(k, in: key)
          switch sub {
          case "dir": spec.outputDirectory = try reader.string(v, key: "outputs.dir")
          case "formats": spec.formats = try reader.formats(v, key: "outputs.formats")
          case "keep_runs":
            spec.keepRuns = try reader.nonNegativeInt(v, key: "outputs.keep_runs", unit: "number of run folders")
          default: throw .unknownKey(path: path, key: "outputs.\(sub)")
          }
        }
      default:
        throw .unknownKey(path: path, key: key)
      }
    }
    if !sawInputs { throw .missingKey(path: path, key: "inputs") }
    return spec
  }
}

/// Reads typed values out of YAML nodes, naming the key in every error.
private struct SchemaReader {
  let path: String

  func key(_ node: Node, in parent: String) throws(PipelineSpecError) -> String {
    guard let scalar = node.scalar else {
      throw .wrongType(path: path, key: parent.isEmpty ? "(key)" : parent, expected: "plain keys")
    }
    return scalar.string
  }

  func mapping(_ node: Node, key: String) throws(PipelineSpecError) -> Node.Mapping {
    guard let mapping = node.mapping else { throw .wrongType(path: path, key: key, expected: "a mapping") }
    return mapping
  }

  func string(_ node: Node, key: String) throws(PipelineSpecError) -> String {
    guard let scalar = node.scalar else { throw .wrongType(path: path, key: key, expected: "a string") }
    return scalar.string
  }

  /// A list of strings; a single string is accepted as a list of one.
  func strings(_ node: Node, key: String) throws(PipelineSpecError) -> [String] {
    if let scalar = node.scalar {
      if scalar.style == .plain && (scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null") {
        return []
      }
      return [scalar.string]
    }
    guard let sequence = node.sequence else {
      throw .wrongType(path: path, key: key, expected: "a list of strings")
    }
    var out: [String] = []
    for item in sequence {
      guard let scalar = item.scalar else {
        throw .wrongType(path: path, key: key, expected: "a list of strings")
      }
      out.append(scalar.string)
    }
    return out
  }

  /// A `columns:` value: one header or a non-empty list of headers (SPEC §5).
  func headerNames(_ node: Node, key: String) throws(PipelineSpecError) -> [String] {
    let expected = "a header or a list of headers (strings)"
    if let scalar = node.scalar {
      if scalar.style == .plain && (scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null") {
        throw .wrongType(path: path, key: key, expected: expected)
      }
      return [scalar.string]
    }
    guard let sequence = node.sequence, !sequence.isEmpty else {
      throw .wrongType(path: path, key: key, expected: expected)
    }
    var out: [String] = []
    for item in sequence {
      guard let scalar = item.scalar else { throw .wrongType(path: path, key: key, expected: expected) }
      out.append(scalar.string)
    }
    return out
  }

  private func plainNumber(_ node: Node, key: String, expected: String) throws(PipelineSpecError) -> String {
    guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else {
      throw .wrongType(path: path, key: key, expected: expected)
    }
    return scalar.string
  }

  func positiveInt(_ node: Node, key: String) throws(PipelineSpecError) -> Int {
    let text = try plainNumber(node, key: key, expected: "a whole number of hours")
    guard let value = Int(text), value > 0 else {
      throw .wrongType(path: path, key: key, expected: "a whole number of hours greater than 0")
    }
    return value
  }

  func nonNegativeInt(_ node: Node, key: String, unit: String = "number of hours") throws(PipelineSpecError) -> Int {
    let text = try plainNumber(node, key: key, expected: "a whole \(unit)")
    guard let value = Int(text), value >= 0 else {
      throw .wrongType(path: path, key: key, expected: "a whole \(unit) (0 or more)")
    }
    return value
  }

  func double(_ node: Node, key: String) throws(PipelineSpecError) -> Double {
    let text = try plainNumber(node, key: key, expected: "a number")
    guard let value = Double(text), value.isFinite else {
      throw .wrongType(path: path, key: key, expected: "a number")
    }
    return value
  }

  func time(_ text: String, key: String) throws(PipelineSpecError) -> Int64 {
    guard let seconds = Timestamp.parse(text) else {
      throw .badTime(path: path, key: key, value: text)
    }
    return seconds
  }

  func formats(_ node: Node, key: String) throws(PipelineSpecError) -> Set<PipelineSpec.OutputFormat> {
    var out: Set<PipelineSpec.OutputFormat> = []
    for name in try strings(node, key: key) {
      guard let format = PipelineSpec.OutputFormat(rawValue: name) else {
        throw .badValue(path: path, key: key, value: name, expected: "csv, xlsx or html")
      }
      out.insert(format)
    }
    return out
  }

  func input(
    _ node: Node, key: String, kind: InputKind, allowsResultMap: Bool
  ) throws(PipelineSpecError) -> (PipelineSpec.Input, [String: TestResult]) {
    var input = PipelineSpec.Input(files: [])
    var resultMap: [String: TestResult] = [:]
    var sawFiles = false
    for (k, v) in try mapping(node, key: key) {
      let sub = try self.key(k, in: key)
      let full = "\(key).\(sub)"
      switch sub {
      case "files":
        sawFiles = true
        input.files = try strings(v, key: full)
        if input.files.isEmpty { throw .wrongType(path: path, key: full, expected: "at least one path or glob") }
      case "encoding":
        let text = try string(v, key: full)
        guard let encoding = TextEncoding(rawValue: text.lowercased()) else {
          throw .badValue(path: path, key: full, value: text, expected: "auto, utf-8 or gb18030")
        }
        input.encoding = encoding
      case "columns":
        for (fk, fv) in try mapping(v, key: full) {
          let fieldName = try self.key(fk, in: full)
          guard let field = CanonicalField(rawValue: fieldName),
            FieldAliases.fields(of: kind).contains(field)
          else { throw .unknownKey(path: path, key: "\(full).\(fieldName)") }
          input.columns[field] = try headerNames(fv, key: "\(full).\(fieldName)")
        }
      case "result_map" where allowsResultMap:
        for (rk, rv) in try mapping(v, key: full) {
          let code = try self.key(rk, in: full)
          let word = try string(rv, key: "\(full).\(code)")
          guard let result = TestResult(word: word) else {
            throw .badValue(
              path: path, key: "\(full).\(code)", value: word,
              expected: "a result class (negative, positive, pending or invalid)")
          }
          resultMap[code] = result
        }
        if let clash = ResultClassifier(map: resultMap).ambiguousKeys.first {
          throw .badValue(
            path: path, key: "\(full).\(clash)", value: clash,
            expected: "a code distinct from the others after trimming and case folding")
        }
      default:
        throw .unknownKey(path: path, key: full)
      }
    }
    if !sawFiles { throw .missingKey(path: path, key: "\(key).files") }
    return (input, resultMap)
  }
}
