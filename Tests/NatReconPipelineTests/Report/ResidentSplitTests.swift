import NatReconIO
import NatReconTestSupport
import Testing

@testable import NatReconPipeline

/// `ResidentSplit` (where the residents pass splits a pair of batches between its two
/// threads) and the record ranges it hands out: every record of a pair goes to exactly
/// one thread, in order, whatever the share and the pair's size.
@Suite struct ResidentSplitTests {
  @Test func theShareMovesOneStepAndStaysWithinBounds() {
    var split = ResidentSplit()
    let start = split.helperShare
    split.adapt(helperWasDone: true)
    #expect(split.helperShare == start + 1)
    split.adapt(helperWasDone: false)
    split.adapt(helperWasDone: false)
    #expect(split.helperShare == start - 1)
    for _ in 0..<200 { split.adapt(helperWasDone: true) }
    #expect(split.helperShare == 63)
    // The calling thread keeps at least one record of every pair.
    #expect(split.headRecords(of: 2048) == 2048 - 2016)
    #expect(split.headRecords(of: 1) == 1)
    for _ in 0..<200 { split.adapt(helperWasDone: false) }
    #expect(split.helperShare == 1)
    #expect(split.headRecords(of: 2048) == 2016)
    #expect(split.headRecords(of: 0) == 0)
  }

  /// A pair's records, split at every point, come out whole and in order across the two
  /// ranges (`CSVRecordBlock.forEachRecord(in:)` over both blocks).
  @Test(arguments: [(5, 3), (4, 0), (1, 1)])
  func everySplitPointCoversThePairOnce(first: Int, second: Int) throws {
    let tmp = TemporaryDirectory()
    let path = tmp.write("split.csv", "n\n" + (0..<(first + second)).map { "v\($0)\n" }.joined())
    let reader = try CSVFileReader(path: path, displayPath: "split.csv", encoding: .utf8)
    var blocks: [CSVRecordBlock] = []
    let take = { CSVRecordBlock(records: 1) }
    try reader.forEachRecordBlock(maxRecords: first, take: take) { blocks.append($0) }
    #expect(blocks.count == (second > 0 ? 2 : 1))
    let pair = ResidentRows.Pair(blocks[0], blocks.count > 1 ? blocks[1] : nil)
    #expect(pair.count == first + second)
    let all = (0..<pair.count).map { "v\($0)" }
    for head in 0...pair.count {
      var seen: [String] = []
      pair.forEachRecord(in: 0..<head) { seen.append($0.string(0)) }
      #expect(seen == Array(all[0..<head]))
      pair.forEachRecord(in: head..<pair.count) { seen.append($0.string(0)) }
      #expect(seen == all, "split at \(head)")
    }
  }
}
