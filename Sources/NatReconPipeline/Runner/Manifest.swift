import NatReconCore

/// manifest.json (SPEC §4): what ran, on what, producing what, in how long.
///
/// Written by hand with a fixed key order so it diffs cleanly; everything but the
/// stage seconds and `peak_rss_bytes` is identical for identical inputs and options.
struct Manifest {
  var pipelineName: String
  var pipelinePath: String
  var times: RunTimes
  var validityHours: Int
  var warnHours: Int
  var validityAnchor: String
  var status: RunStatus
  var newestSample: NewestSample?
  var inputs: [FileAccount]
  var outputs: [OutputRecord]
  var counts: [(String, Int)]
  var issuesByCode: [(String, Int)]
  var stages: [(String, Double)]
  var peakRSSBytes: Int

  func json() -> String {
    var o = "{\n"
    o += "  \"tool\": \"natrecon\",\n"
    o += "  \"version\": \(Self.quote(NatReconVersion.current)),\n"
    o += "  \"pipeline\": {\"name\": \(Self.quote(pipelineName)), \"path\": \(Self.quote(pipelinePath))},\n"
    o += "  \"as_of\": \(Self.quote(Timestamp.format(times.asOf))),\n"
    o += "  \"round_start\": \(Self.quote(Timestamp.format(times.roundStart))),\n"
    o += "  \"round_end\": \(Self.quote(Timestamp.format(times.roundEnd))),\n"
    o += "  \"validity_hours\": \(validityHours),\n"
    o += "  \"validity_anchor\": \(Self.quote(validityAnchor)),\n"
    o += "  \"warn_hours\": \(warnHours),\n"
    o += "  \"status\": \(Self.quote(status.rawValue)),\n"
    o += "  \"exit_status\": \(status.exitStatus),\n"
    o += "  \"newest_sample_time\": \(newestSample.map { Self.quote(Timestamp.format($0.time)) } ?? "null"),\n"
    o += "  \"newest_sample_file\": \(newestSample.map { Self.quote($0.file) } ?? "null"),\n"
    o += "  \"inputs\": [\n"
    o += inputs.map { a in
      "    {\"role\": \(Self.quote(a.role)), \"path\": \(Self.quote(a.displayPath)), \"sha256\": \(Self.quote(a.sha256)), "
        + "\"bytes\": \(a.bytes), \"compression\": \(Self.quote(a.compression)), \"encoding\": \(Self.quote(a.encoding)), "
        + "\"rows_bad_encoding\": \(a.rowsBadEncoding), "
        + "\"rows\": \(a.rows), \"rows_used\": \(a.rowsUsed), \"rows_rejected\": \(a.rowsRejected), "
        + "\"rows_after_as_of\": \(a.rowsAfterAsOf)}"
    }.joined(separator: ",\n")
    o += "\n  ],\n"
    o += "  \"outputs\": [\n"
    o += outputs.map { f in
      "    {\"path\": \(Self.quote(f.path)), \"rows\": \(f.rows), \"sha256\": \(Self.quote(f.sha256))}"
    }.joined(separator: ",\n")
    o += "\n  ],\n"
    o += "  \"counts\": {" + counts.map { "\(Self.quote($0.0)): \($0.1)" }.joined(separator: ", ") + "},\n"
    o += "  \"issues\": {" + issuesByCode.map { "\(Self.quote($0.0)): \($0.1)" }.joined(separator: ", ") + "},\n"
    o +=
      "  \"stages_seconds\": {"
      + stages.map { "\(Self.quote($0.0)): \(Self.seconds($0.1))" }.joined(separator: ", ") + "},\n"
    o += "  \"peak_rss_bytes\": \(peakRSSBytes)\n"
    o += "}\n"
    return o
  }

  static func seconds(_ s: Double) -> String {
    let ms = Int((s * 1000).rounded())
    let frac = ms % 1000
    return "\(ms / 1000)." + String(repeating: "0", count: 3 - String(frac).count) + String(frac)
  }

  /// A JSON string literal (`TextEscape.jsonString` in quotes).
  static func quote(_ s: String) -> String { "\"" + TextEscape.jsonString(s) + "\"" }
}
