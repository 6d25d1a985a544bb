import CLibCrypto
import NatReconCore

/// SHA-256 (FIPS 180-4), streaming, for the manifest's input and output digests.
///
/// Backed by OpenSSL's EVP digest, which uses the CPU's SHA extensions: hashing every
/// input and output is otherwise a quarter of a run's CPU time. The C context is owned
/// here and freed in `deinit`; no OpenSSL type leaves this file.
public final class SHA256: ByteDigest {
  private let context: OpaquePointer?
  private var hex: String?

  public init() {
    context = EVP_MD_CTX_new()
    precondition(context != nil, "EVP_MD_CTX_new failed (out of memory)")
    let status = EVP_DigestInit_ex(context, EVP_sha256(), nil)
    precondition(status == 1, "EVP_DigestInit_ex(SHA-256) failed")
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Feeds bytes.
  public func update(_ data: UnsafeRawBufferPointer) {
    precondition(hex == nil, "SHA256.update after finalizeHex")
    guard let base = data.baseAddress, data.count > 0 else { return }
    let status = EVP_DigestUpdate(context, base, data.count)
    precondition(status == 1, "EVP_DigestUpdate failed")
  }

  /// Feeds bytes.
  public func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// The digest as 64 lower-case hex characters (the same value on repeated calls).
  public func finalizeHex() -> String {
    if let hex { return hex }
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let status = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
    precondition(status == 1 && length == 32, "EVP_DigestFinal_ex failed")
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    let text = String(decoding: out, as: UTF8.self)
    hex = text
    return text
  }

  /// The digest of a byte array as hex.
  public static func hex(of bytes: [UInt8]) -> String {
    let h = SHA256()
    h.update(bytes)
    return h.finalizeHex()
  }
}
