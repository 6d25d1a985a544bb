import Foundation
import NatReconCore
import NatReconIO
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `TubeSpillWriter` → `TubeSpillReader`: every field comes back, across buffer flushes,
/// and a file cut short is an error rather than a silently shorter scan.
@Suite struct TubeSpillTests {
  /// A record in plain values (the spill's own type holds borrowed pointers).
  struct Plain: Equatable {
    var key: UInt64, resident: UInt32?, sampleTime: Int64, result: TestResult, line: Int
    var tube: [UInt8], otherText: [UInt8], name: [UInt8], phone: [UInt8]
  }

  static func records(_ count: Int) -> [Plain] {
    var rng = SplitMix64(seed: 17)
    func bytes(_ maxCount: UInt64) -> [UInt8] {
      (0..<Int(rng.next() % (maxCount + 1))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }
    let results: [TestResult] = [.pending, .negative, .invalid, .positive]
    return (0..<count).map { i in
      Plain(
        key: i % 7 == 0 ? 0 : rng.next(),
        resident: i % 3 == 0 ? nil : UInt32(truncatingIfNeeded: rng.next() % 0xFFFF_FFFE),
        sampleTime: Int64(bitPattern: rng.next()), result: results[i % 4], line: Int(rng.next() % 0xFFFF_FFFF),
        tube: bytes(24), otherText: i % 7 == 0 ? bytes(20) : [], name: bytes(12), phone: bytes(11))
    }
  }

  static func write(_ records: [Plain], to path: String) throws -> Bool {
    let writer = try #require(TubeSpillWriter(path: path))
    for r in records {
      r.tube.withUnsafeBufferPointer { tube in
        r.otherText.withUnsafeBufferPointer { other in
          r.name.withUnsafeBufferPointer { name in
            r.phone.withUnsafeBufferPointer { phone in
              writer.append(
                SpilledRecord(
                  key: r.key, resident: r.resident, sampleTime: r.sampleTime, result: r.result, line: r.line,
                  tube: tube, otherText: other, name: name, phone: phone))
            }
          }
        }
      }
    }
    return writer.finish()
  }

  static func read(_ path: String) throws(IngestError) -> [Plain] {
    var out: [Plain] = []
    try TubeSpillReader.forEach(path: path, displayPath: "spill") { r in
      out.append(
        Plain(
          key: r.key, resident: r.resident, sampleTime: r.sampleTime, result: r.result, line: r.line,
          tube: Array(r.tube), otherText: Array(r.otherText), name: Array(r.name), phone: Array(r.phone)))
    }
    return out
  }

  @Test(arguments: [0, 1, 20_000])
  func roundTrip(count: Int) throws {
    let tmp = TemporaryDirectory()
    let path = tmp.path + "/spill"
    let records = Self.records(count)
    #expect(try Self.write(records, to: path))
    if count == 20_000 {
      // Several 256 KiB buffers, so records straddle the reader's chunk boundaries.
      let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
      #expect(size > 3 * TubeSpillWriter.bufferBytes)
    }
    let back = try Self.read(path)
    #expect(back.count == records.count)
    #expect(back == records)
  }

  @Test func aFileCutShortIsAnError() throws {
    let tmp = TemporaryDirectory()
    let path = tmp.path + "/spill"
    #expect(try Self.write(Self.records(10), to: path))
    let bytes = try #require(FileManager.default.contents(atPath: path))
    try bytes.dropLast(3).write(to: URL(fileURLWithPath: path))
    #expect(throws: IngestError.self) { try Self.read(path) }
  }
}
