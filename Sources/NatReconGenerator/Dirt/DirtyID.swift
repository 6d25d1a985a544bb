/// Writes a resident's ID number with one kind of ID dirt (SPEC §2.3 steps 1–5).
enum DirtyID {
  static let invalidIDs = ByteTable(PlaceTables.invalidIDs)

  /// Appends the ID of `p` as `dirt` spoils it; dirt kinds that do not concern the ID
  /// (or cannot apply, e.g. a legacy form for someone born after 1999) write it plainly.
  @inline(__always)
  static func append(
    _ p: Resident, dirt: Dirt, apostrophe: Bool, lowerX: Bool, picker: inout DirtPicker,
    to out: inout [UInt8]
  ) {
    if apostrophe || dirt == .apostropheID { out.append(UInt8(ascii: "'")) }
    switch dirt {
    case .fullWidthID:
      let start = out.count
      p.appendID(to: &out)
      let plain = Array(out[start...])
      out.removeSubrange(start...)
      for b in plain { CSVBytes.appendFullWidth(b, to: &out) }
    case .spacedID where p.idKind == .mainland:
      let start = out.count
      p.appendID(lowerX: lowerX, to: &out)
      let separator = picker.chance(0.5) ? UInt8(ascii: " ") : UInt8(ascii: "-")
      out.insert(separator, at: start + 14)
      out.insert(separator, at: start + 6)
    case .paddedID:
      if picker.chance(0.5) { out.append(contentsOf: [0xE3, 0x80, 0x80]) } else { out.append(0x09) }
      p.appendID(lowerX: lowerX, to: &out)
      out.append(contentsOf: [0x20, 0x20])
    case .lowerX:
      p.appendID(lowerX: true, to: &out)
    case .legacyID where p.idKind == .mainland && IDMaker.hasLegacyForm(body: p.idBody):
      IDMaker.appendLegacy(body: p.idBody, to: &out)
    case .badCheckDigit where p.idKind == .mainland:
      IDMaker.appendDigits(p.idBody, width: 17, to: &out)
      IDMaker.appendCheck(UInt8((Int(p.idCheck) + 1 + picker.below(10)) % 11), lowerX: lowerX, to: &out)
    case .mangledID:
      // Excel shows an 18-digit number as 6 significant digits in scientific notation.
      let lead = p.idKind == .mainland ? p.idBody / 100_000_000_000 : 310_000 + UInt64(picker.below(200))
      out.append(UInt8(ascii: "0") + UInt8(lead / 100_000))
      out.append(UInt8(ascii: "."))
      IDMaker.appendDigits(lead % 100_000, width: 5, to: &out)
      out.append(contentsOf: Array("E+17".utf8))
    case .invalidID:
      invalidIDs.write(picker.below(invalidIDs.count), to: &out)
    case .missingID:
      if out.last == UInt8(ascii: "'") { out.removeLast() }
    default:
      p.appendID(lowerX: lowerX, to: &out)
    }
  }
}
