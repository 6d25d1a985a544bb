import NatReconCore
import NatReconIO
import NatReconReports

/// A resident's text fields as read again from the roster in the report pass.
struct RosterText {
  var idNumber: String
  var name: String
  var phone: String
  var tags: [String]
}

/// An eligible resident not tested in the round, collected in the report pass.
struct GapEntry {
  var resident: Int
  var household: Int
  var text: RosterText
  var lastSampleTime: Int64?
}

/// An eligible resident whose certificate expires within the warning horizon.
struct ExpiringEntry {
  var resident: Int
  var household: Int
  var text: RosterText
  var lastNegativeTime: Int64
  var expiresAt: Int64
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
