import NatReconCore
import Testing

@testable import NatReconPipeline

/// `DocumentKey` is the one place a document's key is made: mainland keys pass through,
/// other documents are interned once and found again under the same tagged key.
@Suite struct DocumentKeyTests {
  static let latestBirthDate: Int32 = 20_220_403

  @Test func mainlandKeysPassThroughUntagged() throws {
    let parsed = ResidentID.parse("11010519491231002X", latestBirthDate: Self.latestBirthDate)
    guard case .mainland(let key, true) = parsed else {
      Issue.record("not a valid mainland ID: \(parsed)")
      return
    }
    #expect(DocumentKey.find(parsed, in: ByteInterner()) == key)
    #expect(!DocumentKey.isOther(key))
    var documents = ByteInterner()
    #expect(DocumentKey.resolve(key, text: [], in: &documents) == key)
    #expect(documents.count == 0)
  }

  @Test func otherDocumentsAreInternedOnceAndFoundUnderTheSameKey() {
    var documents = ByteInterner()
    let passport = Array("E12345678".utf8)
    let permit = Array("H0123456789".utf8)
    let first = DocumentKey.resolve(DocumentKey.unresolved, text: passport, in: &documents)
    let second = DocumentKey.resolve(DocumentKey.unresolved, text: permit, in: &documents)
    #expect(DocumentKey.isOther(first) && DocumentKey.isOther(second))
    #expect(first != second && first != DocumentKey.unresolved)
    #expect(DocumentKey.resolve(DocumentKey.unresolved, text: passport, in: &documents) == first)
    #expect(documents.count == 2)
    #expect(DocumentKey.find(passport, in: documents) == first)
    #expect(DocumentKey.find(.other(permit), in: documents) == second)
    #expect(documents.string(DocumentKey.documentID(second)) == "H0123456789")
    #expect(DocumentKey.find(Array("E00000000".utf8), in: documents) == nil)
  }

  @Test func unusableIDsHaveNoKey() {
    let documents = ByteInterner()
    #expect(DocumentKey.find(.empty, in: documents) == nil)
    #expect(DocumentKey.find(.mangled, in: documents) == nil)
    #expect(DocumentKey.find(.invalid, in: documents) == nil)
  }
}
