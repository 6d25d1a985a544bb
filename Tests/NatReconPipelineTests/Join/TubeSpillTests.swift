import Foundation
import NatReconCore
import NatReconIO
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `TubeSpillWriter` → `TubeSpillReader`: every field comes back, across buffer flushes
/// and records larger than the buffer, tubes that repeat or change, sample times in and
/// out of order; a tube filter skips whole runs; a file cut short is an error rather
/// than a silently shorter scan.
@Suite struct TubeSpillTests {
  /// A record in plain values (the spill's own type holds borrowed pointers).
  struct Plain: Equatable {
    var key: UInt64, sampleTime: Int64, result: TestResult, line: Int
    var tube: [UInt8], otherText: [UInt8], name: [UInt8], phone: [UInt8]
  }

  /// Records as an export gives them: tubes in runs (and some changing every record,
  /// some empty), sample times mostly seconds apart but sometimes anywhere, matched
  /// records without name and phone (their line is then not kept: 0).
  static func records(_ count: Int) -> [Plain] {
    var rng = SplitMix64(seed: 17)
    func bytes(_ maxCount: UInt64) -> [UInt8] {
      (0..<Int(rng.next() % (maxCount + 1))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }
    let results: [TestResult] = [.pending, .negative, .invalid, .positive]
    var tube = bytes(24)
    var time = Int64(1_648_800_000)
    return (0..<count).map { i in
      if rng.next() % 4 == 0 { tube = bytes(24) }
      time = rng.next() % 10 == 0 ? Int64(bitPattern: rng.next()) : time &+ Int64(rng.next() % 300) - 20
      let hasNameOrPhone = i % 3 != 0
      var r = Plain(
        key: i % 7 == 0 ? 0 : rng.next(), sampleTime: time, result: results[i % 4], line: Int(rng.next() >> 1),
        tube: tube, otherText: i % 7 == 0 ? bytes(20) : [], name: hasNameOrPhone ? bytes(12) : [],
        phone: hasNameOrPhone ? bytes(11) : [])
      if r.name.isEmpty && r.phone.isEmpty { r.line = 0 }
      return r
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
                  key: r.key, sampleTime: r.sampleTime, result: r.result, line: r.line, tube: tube, otherText: other,
                  name: name, phone: phone))
            }
          }
        }
      }
    }
    return writer.finish()
  }

  static func read(_ path: String, wantsTube: ([UInt8]) -> Bool = { _ in true }) throws(IngestError) -> [Plain] {
    var out: [Plain] = []
    try TubeSpillReader.forEach(path: path, displayPath: "spill") {
      wantsTube(Array($0))
    } _: { r in
      out.append(
        Plain(
          key: r.key, sampleTime: r.sampleTime, result: r.result, line: r.line, tube: Array(r.tube),
          otherText: Array(r.otherText), name: Array(r.name), phone: Array(r.phone)))
    }
    return out
  }

  @Test(arguments: [0, 1, 40_000])
  func roundTrip(count: Int) throws {
    let tmp = TemporaryDirectory()
    let path = tmp.path + "/spill"
    let records = Self.records(count)
    #expect(try Self.write(records, to: path))
    if count == 40_000 {
      // Several 256 KiB buffers, so records straddle the reader's chunk boundaries.
      let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
      #expect(size > 3 * TubeSpillWriter.bufferBytes)
    }
    let back = try Self.read(path)
    #expect(back.count == records.count)
    #expect(back == records)
  }

  @Test func aTubeFilterSkipsRunsAndIsAskedOncePerRun() throws {
    let tmp = TemporaryDirectory()
    let path = tmp.path + "/spill"
    let records = Self.records(5_000)
    #expect(try Self.write(records, to: path))
    var asked = 0
    let wanted = try Self.read(path) { tube in
      asked += 1
      return tube.first.map { $0 % 3 == 0 } ?? false
    }
    #expect(wanted == records.filter { $0.tube.first.map { $0 % 3 == 0 } ?? false })
    #expect(!wanted.isEmpty && wanted.count < records.count)
    // One question per run of equal tubes.
    let runs = 1 + zip(records, records.dropFirst()).filter { $0.tube != $1.tube }.count
    #expect(asked == runs)
  }

  @Test func aRecordLargerThanTheBufferComesBack() throws {
    let tmp = TemporaryDirectory()
    let path = tmp.path + "/spill"
    var records = Self.records(30)
    records[10].name = Array(repeating: 0xE5, count: 3 * TubeSpillWriter.bufferBytes)
    records[11].otherText = Array(repeating: 0x41, count: TubeSpillWriter.bufferBytes + 7)
    records[11].key = 0
    #expect(try Self.write(records, to: path))
    #expect(try Self.read(path) == records)
  }

  @Test func matchedRecordsInATubeTakeAboutTwelveBytes() throws {
    let tmp = TemporaryDirectory()
    let path = tmp.path + "/spill"
    let tube = Array("HD22040100000001".utf8)
    var records: [Plain] = []
    for i in 0..<1_000 {
      let key: UInt64 = 310_103_197_409_271_199 &+ UInt64(i) &* 7_919
      let time: Int64 = 1_648_766_304 + Int64(i) * 37
      let tubeHere: [UInt8] = i % 10 == 0 ? tube + [UInt8(i / 10 % 10)] : tube
      records.append(
        Plain(
          key: key, sampleTime: time, result: .negative, line: 0, tube: tubeHere, otherText: [], name: [], phone: []))
    }
    #expect(try Self.write(records, to: path))
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    // Flag 1, key 8, time 1 per record; a 17-byte tube twice per 10 records.
    #expect(size <= 1_000 * 10 + 200 * 18)
    #expect(try Self.read(path) == records)
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
