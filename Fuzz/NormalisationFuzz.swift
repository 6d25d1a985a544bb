// libFuzzer entry point for the per-field normalisers (NatReconCore, SPEC §2.3, §8).
//
// Not part of `swift build` or `swift test`: `make fuzz` compiles this file with
// `swiftc -sanitize=fuzzer,address` (see the Makefile).
//
// The input is split at LF, `,` and NUL into values (as a CSV row would split them,
// without the quoting), and every value is fed, as bytes, to `ResidentID.parse`,
// `Timestamp.parse`, `ResultClassifier.classify` (with a `result_map` built from the
// input's first values), `ByteText.trimmed` and `ByteText.foldedName`. Besides traps and
// ASan reports, a few properties that must hold for every input are checked:
// - parsing is independent of surrounding white space (each parser trims first);
// - the fast paths agree with the general parsers (`ResidentID.parse` with
//   `parseReference`, `Timestamp.parse` with `parseReference`, STYLE §11);
// - a time that parses formats back to a text that parses to the same instant (for
//   years 1900–9998, the range `Timestamp.format` writes as it parses);
// - a mainland ID's key prints back (`ResidentID.text`) to an ID with the same key;
// - `trimmed` is idempotent and never longer than its input; `foldedName` of a trimmed
//   value is no longer than it.

import NatReconCore

private let latestBirthDate: Int32 = 20_220_403
private let results: [TestResult] = [.negative, .positive, .pending, .invalid]

/// Splits at LF, `,` and NUL.
private func values(_ bytes: UnsafeBufferPointer<UInt8>) -> [UnsafeBufferPointer<UInt8>] {
  var out: [UnsafeBufferPointer<UInt8>] = []
  var start = 0
  for i in 0...bytes.count {
    if i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x2C || bytes[i] == 0 {
      out.append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
      start = i + 1
    }
  }
  return out
}

/// `value` with white space around it, for the trimming property.
private func padded(_ value: UnsafeBufferPointer<UInt8>) -> [UInt8] {
  [0x20, 0xE3, 0x80, 0x80, 0x09] + Array(value) + [0x0D, 0x20, 0xE3, 0x80, 0x80]
}

private nonisolated(unsafe) var sink = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let parts = values(UnsafeBufferPointer(start: data, count: size))

  // A result_map from the first few values, classes assigned in turn.
  var map: [String: TestResult] = [:]
  for (k, part) in parts.prefix(4).enumerated() {
    map[String(decoding: part, as: UTF8.self)] = results[k % results.count]
  }
  let classifier = ResultClassifier(map: map)
  let plain = ResultClassifier()

  for value in parts {
    let padding = padded(value)

    // ID numbers.
    let id = ResidentID.parse(value, latestBirthDate: latestBirthDate)
    let paddedID = padding.withUnsafeBufferPointer {
      ResidentID.parse($0, latestBirthDate: latestBirthDate)
    }
    precondition(id == paddedID, "ID parse depends on surrounding white space: \(id) vs \(paddedID)")
    let referenceID = ResidentID.parseReference(value, latestBirthDate: latestBirthDate)
    precondition(id == referenceID, "ID fast path \(id) differs from the general parser's \(referenceID)")
    if case .mainland(let key, _) = id {
      let text = ResidentID.text(mainlandKey: key)
      guard case .mainland(let again, _) = ResidentID.parse(text, latestBirthDate: latestBirthDate)
      else { preconditionFailure("ID text \(text) of key \(key) does not parse as mainland") }
      precondition(again == key, "ID text \(text) of key \(key) parses to key \(again)")
    }

    // Times.
    let time = Timestamp.parse(value)
    let paddedTime = padding.withUnsafeBufferPointer { Timestamp.parse($0) }
    precondition(time == paddedTime, "time parse depends on surrounding white space")
    let referenceTime = Timestamp.parseReference(value)
    precondition(
      time == referenceTime,
      "time fast path \(String(describing: time)) differs from \(String(describing: referenceTime))")
    if let time {
      let text = Timestamp.format(time)
      let year = Int(text.prefix(4)) ?? 0
      if text.utf8.count == 19, year >= 1900, year <= 9998 {
        precondition(Timestamp.parse(text) == time, "\(text) does not parse back to \(time)")
      }
      sink &+= Int(Timestamp.shanghaiDate(time))
      sink &+= Int(Timestamp.excelSerial(time))
    }
    // Exemption window bounds (SPEC §2.3): every time form as is; a date alone spans its day.
    let start = Timestamp.parse(value, bound: .start)
    let end = Timestamp.parse(value, bound: .end)
    if let time { precondition(start == time && end == time, "a full time is its own bound") }
    precondition((start == nil) == (end == nil), "the two bounds disagree on whether a value parses")
    if time == nil, let start, let end { precondition(end - start == 86_399, "a date alone spans one day") }

    // Results.
    let result = classifier.classify(value)
    let paddedResult = padding.withUnsafeBufferPointer { classifier.classify($0) }
    precondition(result == paddedResult, "result classification depends on white space")
    sink &+= plain.classify(value).map { Int($0.rawValue) } ?? -1

    // Trimming and folding.
    let trimmed = ByteText.trimmed(value)
    precondition(trimmed.count <= value.count, "trimmed is longer than its input")
    precondition(ByteText.trimmed(trimmed).count == trimmed.count, "trimmed is not idempotent")
    let folded = ByteText.foldedName(value)
    precondition(folded.count <= trimmed.count, "foldedName is longer than the trimmed value")
    sink &+= folded.count
    sink &+= String(decoding: value, as: UTF8.self).utf8.count
  }
  return 0
}
