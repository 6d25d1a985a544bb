#if canImport(Glibc)
  import Glibc
#endif

/// UTF-8 → GB18030 with iconv(3): the generator's one converter.
///
/// Used for whole files (`ByteSink`) and for the few fixed strings written as GB18030
/// inside a UTF-8 export (`GB18030Text`). Every generated character exists in GB18030.
final class GB18030Encoder {
  private let converter: iconv_t

  /// Nil when iconv has no GB18030 (glibc's gconv modules missing).
  init?() {
    guard let c = iconv_open("GB18030", "UTF-8"), c != iconv_t(bitPattern: -1) else { return nil }
    converter = c
  }

  deinit { iconv_close(converter) }

  /// Converts `input` from byte `done` on into `output` as far as both allow.
  ///
  /// - Returns: the bytes written to `output` and whether iconv failed for a reason other
  ///   than a full output (`errno` says which); `done` moves past what was converted.
  func convert(
    _ input: UnsafeRawBufferPointer, from done: inout Int, into output: UnsafeMutableRawBufferPointer
  ) -> (produced: Int, failed: Bool) {
    guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return (0, false) }
    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inBase + done)
      .assumingMemoryBound(to: CChar.self)
    var inLeft = input.count - done
    var outPtr: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
    var outLeft = output.count
    let r = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
    done = input.count - inLeft
    return (output.count - outLeft, r == -1 && errno != E2BIG)
  }
}
