/// The outcome of normalising one ID number (SPEC §2.4 steps 1–5, SPEC §8 IDs).
///
/// The engine maps each case to its data issue: `empty` → `missing_field`,
/// `mainland(isValid: false)` → `id_checksum` (warning, record still used),
/// `mangled` → `id_mangled`, `invalid` → `invalid_id` (both errors, record not used).
public enum ResidentIDParse: Equatable, Sendable {
  /// Nothing is left after step 1 (trimming, `'`, inner spaces and `-` dropped).
  case empty
  /// An 18-character mainland ID, or a 15-digit legacy one converted to 18.
  ///
  /// `isValid` is false when the check digit (ISO 7064 MOD 11-2) or the birth date is
  /// wrong; SPEC §8 reports both as a single `id_checksum`. The key encodes the ID's
  /// characters as written (see `ResidentID`), so a wrong check digit keeps its own key.
  case mainland(key: UInt64, isValid: Bool)
  /// Another document (passport, HK/Macao/Taiwan permit, …): the normalised 5–20
  /// characters `[A-Z0-9]`, keyed as is.
  case other([UInt8])
  /// Excel scientific notation such as `3.10101E+17` (SPEC §2.4 step 4).
  case mangled
  /// Anything else (SPEC §2.4 step 5, "Otherwise").
  case invalid
}

/// Mainland resident ID numbers (公民身份号码, GB 11643) as 64-bit keys.
///
/// An 18-character mainland ID is 17 digits (6 region, 8 birth date `yyyymmdd`,
/// 3 sequence) and a check character `0`–`9` or `X` (ISO 7064 MOD 11-2). It is stored
/// as one `UInt64` key:
///
///     key = body * 11 + checkValue + 1
///
/// where `body` is the 17 digits read as an integer (< 10^17) and `checkValue` is the
/// check character's value (0–9, 10 for `X`). Properties the engine relies on:
///
/// - The key is never 0 (the `+ 1`); 0 marks an empty slot in the engine's hash table.
/// - The key is below 1.1 × 10^18 < 2^63, so the top bit is free for tagging other
///   documents' keys.
/// - The key encodes the characters exactly, also when the check digit is wrong, so
///   `text(mainlandKey:)` gives back the normalised ID and a record with a wrong check
///   digit matches only under its own key (SPEC §8: no fuzzy matching).
///
/// A 15-digit legacy ID becomes the 18-digit form (`19` inserted after the sixth digit,
/// check digit computed), so both forms share one key (SPEC §2.4 step 3).
public enum ResidentID {
  /// The largest mainland key: body 10^17 − 1 with check value 10 (`X`),
  /// (10^17 − 1) × 11 + 10 + 1 = 1.1 × 10^18.
  @inlinable static var maxMainlandKey: UInt64 { 1_100_000_000_000_000_000 }
}
