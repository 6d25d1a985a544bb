import NatReconCore
import NatReconIO
import NatReconReports

/// A resident's text fields as read again from the roster in the report pass.
struct RosterText {
  var idNumber: String
  var name: String
  var phone: String
  /// Labels in roster order (SPEC §8: re-joined with `;` in gaps.csv).
  var tags: [String]
}

/// The text fields of the residents that gaps and expiring list, packed into one byte
/// arena (no `String` per resident): each entry is four length-prefixed fields — ID,
/// name, phone, tags joined with `;`.
///
/// Memory: the bytes of those four fields plus 16 bytes per entry; at city scale gaps
/// are a tenth of the roster, so this stays well under the per-resident budget.
struct RosterTextStore {
  private var bytes: [UInt8] = []

  /// Appends one resident's fields and returns the entry's offset.
  mutating func append(
    id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, phone: UnsafeBufferPointer<UInt8>,
    tags: UnsafeBufferPointer<UInt8>
  ) -> Int {
    let offset = bytes.count
    appendField(id)
    appendField(name)
    appendField(phone)
    if tags.isEmpty {
      appendField(tags)
    } else {
      var joined = Tags.split(tags).joined(separator: ";")
      joined.withUTF8 { appendField($0) }
    }
    return offset
  }

  /// Appends another store's entries after this one's; returns what to add to their
  /// offsets.
  mutating func append(_ other: RosterTextStore) -> Int {
    let base = bytes.count
    bytes += other.bytes
    return base
  }

  private mutating func appendField(_ b: UnsafeBufferPointer<UInt8>) {
    let n = UInt32(b.count)
    bytes.append(UInt8(truncatingIfNeeded: n))
    bytes.append(UInt8(truncatingIfNeeded: n >> 8))
    bytes.append(UInt8(truncatingIfNeeded: n >> 16))
    bytes.append(UInt8(truncatingIfNeeded: n >> 24))
    bytes.append(contentsOf: b)
  }

  /// Calls `body` with the four fields of the entry at `offset` (ID, name, phone, tags).
  /// - Warning: the buffers are valid only inside the closure.
  func withFields<R>(
    at offset: Int,
    _ body: (
      UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>
    ) -> R
  ) -> R {
    bytes.withUnsafeBufferPointer { all in
      var at = offset
      func next() -> UnsafeBufferPointer<UInt8> {
        let n = Int(all[at]) | Int(all[at + 1]) << 8 | Int(all[at + 2]) << 16 | Int(all[at + 3]) << 24
        let field = UnsafeBufferPointer(rebasing: all[(at + 4)..<(at + 4 + n)])
        at += 4 + n
        return field
      }
      let id = next()
      let name = next()
      let phone = next()
      let tags = next()
      return body(id, name, phone, tags)
    }
  }

  /// The entry at `offset` as strings (workbooks: one committee at a time).
  func text(at offset: Int) -> RosterText {
    withFields(at: offset) { id, name, phone, tags in
      RosterText(
        idNumber: String(decoding: id, as: UTF8.self), name: String(decoding: name, as: UTF8.self),
        phone: String(decoding: phone, as: UTF8.self),
        tags: tags.isEmpty ? [] : String(decoding: tags, as: UTF8.self).split(separator: ";").map(String.init))
    }
  }
}

/// An eligible resident not tested in the round, collected in the report pass (24 bytes).
struct GapEntry {
  var resident: UInt32
  var household: UInt32
  /// Epoch seconds, or `ResidentColumns.none`.
  var lastSampleTime: Int64
  /// The resident's entry in the `RosterTextStore`.
  var text: Int
}

/// An eligible resident whose certificate expires within the warning horizon.
struct ExpiringEntry {
  var resident: UInt32
  var household: UInt32
  var lastNegativeTime: Int64
  var expiresAt: Int64
  var text: Int
}

/// Splits a roster `tags` value on `;`, `；`, `、` and `,` (SPEC §2.1), dropping empty labels.
enum Tags {
  static func split(_ b: UnsafeBufferPointer<UInt8>) -> [String] {
    guard !b.isEmpty else { return [] }
    let text = String(decoding: b, as: UTF8.self)
    return text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" || $0 == "," })
      .map { ByteText.trimmed(String($0)) }
      .filter { !$0.isEmpty }
  }
}
