import Foundation
import Testing

@testable import NatReconPipeline

/// `MachineCSV.rows` (reading summary.csv back into the history) against the
/// byte-at-a-time RFC 4180 parser it replaced, kept here as the reference.
@Suite struct MachineCSVTests {
  /// The reference: one byte at a time, `""` a quote, CR outside quotes dropped.
  static func reference(_ data: Data) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    let bytes = [UInt8](data)
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == 0x22 {
          if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
            field.append(0x22)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(b)
        }
      } else if b == 0x22 {
        inQuotes = true
      } else if b == 0x2C {
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll()
      } else if b == 0x0A {
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll()
        rows.append(row)
        row = []
      } else if b != 0x0D {
        field.append(b)
      }
      i += 1
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(String(decoding: field, as: UTF8.self))
      rows.append(row)
    }
    return rows
  }

  @Test func quotingRules() {
    let cases: [(String, [[String]])] = [
      ("", []),
      ("\n", [[""]]),
      ("a,b\n", [["a", "b"]]),
      ("a,b", [["a", "b"]]),
      ("a,\n", [["a", ""]]),
      ("a,", [["a", ""]]),
      ("\"x,y\",\"say \"\"hi\"\"\"\n", [["x,y", "say \"hi\""]]),
      ("\"two\nlines\",z\r\n", [["two\nlines", "z"]]),
      ("a\rb,\"c\rd\"\n", [["ab", "c\rd"]]),
      ("ab\"c,d\"e,f\n", [["abc,de", "f"]]),
      ("\"\"", []),
      ("街道,\"一\"\"二\",三\n", [["街道", "一\"二", "三"]]),
    ]
    for (text, expected) in cases {
      #expect(MachineCSV.rows(Data(text.utf8)) == expected, "\(text.debugDescription)")
      #expect(Self.reference(Data(text.utf8)) == expected, "\(text.debugDescription)")
    }
  }

  @Test func sameRowsAsTheReferenceOnRandomBytes() {
    var state: UInt64 = 0x4180_5EED
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    let pieces = ["a", "7", "云", ",", "\"", "\"\"", "\r", "\n", "\r\n", ""]
    for _ in 0..<3_000 {
      let text = (0..<next(24)).map { _ in pieces[next(pieces.count)] }.joined()
      let data = Data(text.utf8)
      #expect(MachineCSV.rows(data) == Self.reference(data), "\(text.debugDescription)")
    }
  }
}
