import NatReconCore
import NatReconIO
import NatReconReports

#if canImport(Glibc)
  import Glibc
#endif

/// Writes the machine files of SPEC §4 into a folder and records each for the manifest.
///
/// The residents pass streams residents.csv from a second read of the roster
/// (`ReportWriter+Residents.swift`); the other files are tables written from memory
/// (`ReportWriter+Tables.swift`). Each file's columns are `MachineFile.columns`.
struct ReportWriter {
  let spec: PipelineSpec
  let times: RunTimes
  let folder: String
  /// Whether each file's full buffers are written and hashed on a thread of their own
  /// (`CSVTableWriter`'s `drainOnThread`; false: the single-thread reference).
  let drainsOnThread: Bool

  /// The files written so far, in SPEC §4's table order (the manifest's order), whatever
  /// order they were written in.
  var outputs: [OutputRecord] {
    written.sorted { Self.order($0.path) < Self.order($1.path) }
  }
  private var written: [OutputRecord] = []

  private static func order(_ path: String) -> Int {
    MachineFile.allCases.firstIndex { $0.name == path } ?? MachineFile.allCases.count
  }

  init(spec: PipelineSpec, times: RunTimes, folder: String, drainsOnThread: Bool = true) {
    self.spec = spec
    self.times = times
    self.folder = folder
    self.drainsOnThread = drainsOnThread
  }

  /// Creates `file` in the folder and writes its header row; the file's SHA-256 is taken
  /// as it is written (the manifest's `sha256`). Past its first 256 MiB the file goes
  /// around the page cache where the file system allows it (`CSVTableWriter`), unless
  /// `NATRECON_WRITE_DIRECT=0`; from its first byte when it will hold at least
  /// `expectedBytes` (`directAfter(expectedBytes:)`).
  func open(_ file: MachineFile, expectedBytes: Int = 0) throws(ReportError) -> CSVTableWriter {
    try CSVTableWriter(
      path: folder + "/" + file.name, header: file.columns, digest: SHA256(), drainOnThread: drainsOnThread,
      direct: Self.writesDirect, directAfter: Self.directAfter(expectedBytes: expectedBytes))
  }

  /// Bytes a file writes through the page cache before going around it: none for a file
  /// known to reach `directFromStartBytes` (residents.csv from about 450,000 residents:
  /// at city scale the page cache is full of the inputs, and its first 256 MiB cost the
  /// drain thread about 2 ns a byte there against 0.13 direct), else
  /// `CSVTableWriter.directAfterBytes`.
  static func directAfter(expectedBytes: Int) -> Int {
    expectedBytes >= directFromStartBytes ? 0 : CSVTableWriter.directAfterBytes
  }

  /// 64 MiB. Until session 10 it was 1 GiB, so residents.csv at 1 M residents (190 MB)
  /// kept the page cache, where session 6 had measured it as good. In this virtual
  /// machine each new page-cache page is memory the host may first have to back: at the
  /// end of a 1 M run the drain thread copied residents.csv into the page cache alone
  /// for ≈ 0.4 s (`copy_folio_from_iter_atomic`), and direct from its first byte the run
  /// took 1.34–1.92 s (median 1.47) against 1.80–2.14 s (median 1.87), six alternated
  /// pairs. Small files, the sample's among them, keep the page cache.
  static let directFromStartBytes = 64 << 20

  /// False when `NATRECON_WRITE_DIRECT=0`: every write through the page cache (the reference).
  static let writesDirect = getenv("NATRECON_WRITE_DIRECT").map { String(cString: $0) } != "0"

  /// Records files another `ReportWriter` wrote into the same folder (on another thread).
  mutating func adopt(_ records: [OutputRecord]) {
    written += records
  }

  /// Closes `writer` and records `file` for the manifest.
  mutating func finish(_ writer: CSVTableWriter, _ file: MachineFile) throws(ReportError) {
    try writer.close()
    // Hashed while written (`open`); workbooks and the dashboard are hashed when the
    // manifest is written.
    written.append(OutputRecord(path: file.name, rows: writer.rows, sha256: writer.digestHex ?? ""))
  }
}

extension CSVRow {
  /// An ID masked as committee-facing files show it (`IDMask`), as a text field.
  mutating func maskedID(_ id: UnsafeBufferPointer<UInt8>) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, id.count)) { out in
      guard let base = out.baseAddress else { return }
      let n = IDMask.write(id, to: base)
      text(UnsafeBufferPointer(rebasing: out[0..<n]))
    }
  }
}
