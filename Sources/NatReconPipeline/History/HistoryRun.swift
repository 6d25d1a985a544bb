import Foundation
import NatReconCore

/// One run as the history records it (SPEC §4 History): its manifest figures and every
/// row of its summary.csv.
///
/// Built from the two files a run folder holds, whether the run has just written them
/// (recording after publishing) or they are read back (catching up, `--rebuild`): one
/// parser for both, so a rebuilt history equals the recorded one.
public struct HistoryRun: Sendable, Equatable {
  /// One input file of the manifest.
  public struct Input: Sendable, Equatable {
    public var role: String
    public var path: String
    public var sha256: String
    public var bytes: Int
    public var encoding: String
    public var rows: Int
    public var rowsUsed: Int
    public var rowsRejected: Int
    public var rowsAfterAsOf: Int
  }

  public var runID: String
  /// `T`, `R0`, `R1` as the manifest writes them (`YYYY-MM-DD HH:MM:SS`, UTC+8).
  public var asOf: String
  public var roundStart: String
  public var roundEnd: String
  public var validityHours: Int
  public var warnHours: Int
  public var validityAnchor: String
  public var pipelineName: String
  public var pipelinePath: String
  public var toolVersion: String
  /// `ok`, `reject_rate_exceeded` or `stale_inputs`; nil for folders written before
  /// manifests carried a status.
  public var status: String?
  public var exitStatus: Int?
  public var newestSampleTime: String?
  public var newestSampleFile: String?
  public var inputs: [Input] = []
  public var counts: [String: Int] = [:]
  public var stageSeconds: [String: Double] = [:]
  /// summary.csv's data rows, each with `HistoryStore.summaryColumns.count` fields: the
  /// reference form, recorded when `summaryCSV` is nil.
  public var summary: [[String]] = []
  /// summary.csv's own bytes, header included, as `parse` checked them: recorded
  /// straight from the bytes (`HistoryStore`'s fast path), so no `String` is made per
  /// field. Set by `parse`; `summary` stays empty then.
  public var summaryCSV: Data?

  /// Parses a run folder's manifest.json and summary.csv (nil when the run wrote no
  /// machine files: then only the manifest figures are recorded).
  ///
  /// - Throws: `HistoryError.unreadableRun` naming the file and what is wrong.
  static func parse(runID: String, manifest: Data, summary: Data?, folder: String) throws(HistoryError) -> HistoryRun {
    func bad(_ file: String, _ detail: String) -> HistoryError {
      .unreadableRun(path: folder + "/" + file, detail: detail)
    }
    guard let json = try? JSONSerialization.jsonObject(with: manifest) as? [String: Any] else {
      throw bad("manifest.json", "not a JSON object")
    }
    func text(_ key: String) throws(HistoryError) -> String {
      guard let value = json[key] as? String else { throw bad("manifest.json", "no \(key)") }
      return value
    }
    let pipeline = json["pipeline"] as? [String: Any] ?? [:]
    var run = HistoryRun(
      runID: runID, asOf: try text("as_of"), roundStart: try text("round_start"), roundEnd: try text("round_end"),
      validityHours: json["validity_hours"] as? Int ?? 0, warnHours: json["warn_hours"] as? Int ?? 0,
      validityAnchor: json["validity_anchor"] as? String ?? "", pipelineName: pipeline["name"] as? String ?? "",
      pipelinePath: pipeline["path"] as? String ?? "", toolVersion: json["version"] as? String ?? "",
      status: json["status"] as? String, exitStatus: json["exit_status"] as? Int,
      newestSampleTime: json["newest_sample_time"] as? String, newestSampleFile: json["newest_sample_file"] as? String)
    guard Timestamp.parse(run.asOf).map(Timestamp.runID) == runID else {
      throw bad("manifest.json", "as_of \(run.asOf) is not the folder's run \(runID)")
    }
    for case let input as [String: Any] in json["inputs"] as? [Any] ?? [] {
      run.inputs.append(
        Input(
          role: input["role"] as? String ?? "", path: input["path"] as? String ?? "",
          sha256: input["sha256"] as? String ?? "", bytes: input["bytes"] as? Int ?? 0,
          encoding: input["encoding"] as? String ?? "", rows: input["rows"] as? Int ?? 0,
          rowsUsed: input["rows_used"] as? Int ?? 0, rowsRejected: input["rows_rejected"] as? Int ?? 0,
          rowsAfterAsOf: input["rows_after_as_of"] as? Int ?? 0))
    }
    for (name, value) in json["counts"] as? [String: Any] ?? [:] { if let n = value as? Int { run.counts[name] = n } }
    for (name, value) in json["stages_seconds"] as? [String: Any] ?? [:] {
      if let s = value as? Double { run.stageSeconds[name] = s }
    }
    if let summary {
      if let problem = Self.check(summary: summary) { throw bad("summary.csv", problem) }
      run.summaryCSV = summary
    }
    return run
  }

  /// What is wrong with summary.csv's bytes (nil: nothing): the header must be
  /// summary.csv's columns and every row as wide. Reads records as `MachineCSV.rows`
  /// does, without making a `String` of a plain record's fields.
  static func check(summary: Data) -> String? {
    struct Stop: Error {}
    let columns = HistoryStore.summaryColumns
    let header = Array(columns.joined(separator: ",").utf8)
    let headerProblem = "header is not \(columns.joined(separator: ","))"
    var problem: String?
    var line = 0
    summary.withUnsafeBytes { bytes in
      try? MachineCSV.forEachRecord(bytes) { (record: MachineRecord) throws(Stop) in
        line += 1
        let fields: Int
        switch record {
        case .plain(let start, let end):
          if line == 1 && !header.elementsEqual(bytes[start..<end]) {
            problem = headerProblem
            throw Stop()
          }
          fields = 1 + (bytes.baseAddress.map { MachineCSV.commas($0 + start, count: end - start) } ?? 0)
        case .parsed(let row):
          if line == 1 && row != columns {
            problem = headerProblem
            throw Stop()
          }
          fields = row.count
        }
        if line > 1 && fields != columns.count {
          problem = "line \(line) has \(fields) fields, not \(columns.count)"
          throw Stop()
        }
      }
    }
    return line == 0 ? headerProblem : problem
  }

  /// The same run with its summary in the reference form: `summary` read by
  /// `MachineCSV.rows`, no `summaryCSV` (what the fast path is tested against).
  func withParsedSummary() -> HistoryRun {
    guard let csv = summaryCSV else { return self }
    var run = self
    run.summary = Array(MachineCSV.rows(csv).dropFirst())
    run.summaryCSV = nil
    return run
  }

  /// Reads a published run folder (`<out>/<run_id>`).
  static func load(folder: String, runID: String) throws(HistoryError) -> HistoryRun {
    guard let manifest = FileManager.default.contents(atPath: folder + "/manifest.json") else {
      throw .unreadableRun(path: folder + "/manifest.json", detail: "missing or unreadable")
    }
    return try parse(
      runID: runID, manifest: manifest, summary: FileManager.default.contents(atPath: folder + "/summary.csv"),
      folder: folder)
  }
}

/// Splits natrecon's own machine CSV (RFC 4180, LF, UTF-8) into rows of fields.
///
/// Works on the bytes: a field without `"` or CR (every field natrecon writes but a
/// quoted one) becomes a `String` straight from its bytes; a field with either goes
/// through the byte-at-a-time RFC 4180 state machine (`""` is a quote, CR outside quotes
/// is dropped). `MachineCSVTests` pins the quoting rules.
enum MachineCSV {
  static func rows(_ data: Data) -> [[String]] {
    data.withUnsafeBytes { rows($0) }
  }

  static func rows(_ bytes: UnsafeRawBufferPointer) -> [[String]] {
    let comma: UInt8 = 0x2C
    let lf: UInt8 = 0x0A
    let quote: UInt8 = 0x22
    let cr: UInt8 = 0x0D
    var rows: [[String]] = []
    var row: [String] = []
    var quoted: [UInt8] = []
    let end = bytes.count
    var i = 0
    while i < end {
      let start = i
      while i < end {
        let b = bytes[i]
        if b == comma || b == lf || b == quote || b == cr { break }
        i += 1
      }
      let value: String
      let empty: Bool
      if i == end || bytes[i] == comma || bytes[i] == lf {
        value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        empty = start == i
      } else {
        // A quote or CR: the rest of the field byte by byte.
        quoted.removeAll(keepingCapacity: true)
        quoted.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
        var inQuotes = false
        while i < end {
          let b = bytes[i]
          if inQuotes {
            if b == quote {
              if i + 1 < end && bytes[i + 1] == quote {
                quoted.append(quote)
                i += 1
              } else {
                inQuotes = false
              }
            } else {
              quoted.append(b)
            }
          } else if b == quote {
            inQuotes = true
          } else if b == comma || b == lf {
            break
          } else if b != cr {
            quoted.append(b)
          }
          i += 1
        }
        value = String(decoding: quoted, as: UTF8.self)
        empty = quoted.isEmpty
      }
      if i == end {
        // The last line has no LF.
        if !empty || !row.isEmpty {
          row.append(value)
          rows.append(row)
        }
        return rows
      }
      row.append(value)
      if bytes[i] == lf {
        rows.append(row)
        row = []
        row.reserveCapacity(rows[0].count)  // one allocation per row, as wide as the header
      }
      i += 1
    }
    // The bytes end just after a comma (an empty last field) or an LF.
    if !row.isEmpty {
      row.append("")
      rows.append(row)
    }
    return rows
  }
}
