import Foundation
import NatReconIO
import NatReconTestSupport
import Testing

/// Test inputs written to fresh temporary directories (tests run in parallel).
enum Scratch {
  /// A new empty directory under the system's temporary directory, removed when the
  /// test process exits (`ScratchFolders`).
  static func directory() -> String {
    ScratchFolders.make(prefix: "natrecon-io")
  }

  /// Writes `bytes` to a new file and returns its path.
  static func file(_ bytes: [UInt8], name: String = "input.csv") -> String {
    let path = directory() + "/" + name
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
      fatalError("cannot write \(path)")
    }
    return path
  }

  /// Writes `text` as UTF-8 to a new file and returns its path.
  static func file(_ text: String, name: String = "input.csv") -> String {
    file(Array(text.utf8), name: name)
  }

  /// `text` encoded as GB18030 (by the iconv command).
  static func gb18030(_ text: String) -> [UInt8] {
    let source = file(text, name: "utf8.txt")
    return run("/usr/bin/iconv -f UTF-8 -t GB18030 '\(source)'")
  }

  /// Gzips `bytes` (by the gzip command) into a new file named `name`.
  static func gzipFile(_ bytes: [UInt8], name: String = "input.csv.gz") -> String {
    let source = file(bytes, name: "plain")
    return file(run("/bin/gzip -c -n '\(source)'"), name: name)
  }

  /// The gzip compression of `bytes`.
  static func gzip(_ bytes: [UInt8]) -> [UInt8] {
    let source = file(bytes, name: "plain")
    return run("/bin/gzip -c -n '\(source)'")
  }

  /// Runs a shell command and returns its stdout.
  static func run(_ command: String) -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let output = directory() + "/stdout"
    guard FileManager.default.createFile(atPath: output, contents: nil),
      let handle = FileHandle(forWritingAtPath: output)
    else { fatalError("no \(output)") }
    process.standardOutput = handle
    do { try process.run() } catch { fatalError("cannot run \(command): \(error)") }
    process.waitUntilExit()
    try? handle.close()
    guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output)
    else { fatalError("\(command) failed") }
    return Array(data)
  }
}

/// One record as the tests compare it.
struct ReadRecord: Equatable, CustomStringConvertible {
  var line: Int
  var fields: [String]
  var problem: RecordProblem?

  init(line: Int, _ fields: [String], _ problem: RecordProblem? = nil) {
    self.line = line
    self.fields = fields
    self.problem = problem
  }

  var description: String {
    "\(line): \(fields.map { $0.debugDescription }.joined(separator: ","))"
      + (problem.map { " [\($0)]" } ?? "")
  }
}

/// Everything a reader yields for one file.
struct ReadResult {
  var header: [String]?
  var records: [ReadRecord]
  var reader: CSVFileReader

  var lines: [Int] { records.map(\.line) }
  var values: [[String]] { records.map(\.fields) }
}

/// Reads a whole file with `CSVFileReader`.
func readAll(_ path: String, encoding: TextEncoding = .auto, scanner: CSVFileReader.Scanner = .default)
  throws(IngestError) -> ReadResult
{
  let reader = try CSVFileReader(path: path, displayPath: "input.csv", encoding: encoding, scanner: scanner)
  let header = try reader.readHeader()
  var records: [ReadRecord] = []
  try reader.forEachRecord { record in
    records.append(
      ReadRecord(
        line: record.line, (0..<record.fieldCount).map { record.string($0) }, record.problem))
  }
  return ReadResult(header: header, records: records, reader: reader)
}

/// Reads text written as a UTF-8 file.
func readText(_ text: String, encoding: TextEncoding = .auto) throws(IngestError) -> ReadResult {
  try readAll(Scratch.file(text), encoding: encoding)
}

/// The error `body` throws, or nil.
func ingestError(_ body: () throws -> Void) -> IngestError? {
  do {
    try body()
    return nil
  } catch let error as IngestError {
    return error
  } catch {
    Issue.record("unexpected error \(error)")
    return nil
  }
}

extension IngestError {
  /// The case name, for comparisons that ignore details.
  var caseName: String {
    switch self {
    case .fileNotFound: "fileNotFound"
    case .noFilesMatch: "noFilesMatch"
    case .emptyFile: "emptyFile"
    case .missingColumn: "missingColumn"
    case .corruptGzip: "corruptGzip"
    case .notText: "notText"
    case .readFailed: "readFailed"
    case .headerTooLarge: "headerTooLarge"
    case .inputChanged: "inputChanged"
    }
  }
}
