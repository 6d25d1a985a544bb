/// SplitMix64 (Steele, Lea & Flood, "Fast Splittable Pseudorandom Number Generators",
/// OOPSLA 2014): a 64-bit state advanced by a Weyl constant and finalised by a
/// multiply-xorshift mixer.
///
/// Every random choice of the generator comes from one of these, so the same options give
/// the same bytes on every machine. Independent streams (one per committee, per day, per
/// file) are derived with `SplitMix64(seed:stream:)`, so a job can regenerate exactly the
/// part of the population it needs without replaying the others.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The Weyl increment (the golden ratio in 64-bit fixed point).
  @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

  @usableFromInline var state: UInt64

  /// A generator whose first output depends on every bit of `seed`.
  @inlinable
  public init(seed: UInt64) { state = seed }

  /// An independent stream: `seed` and the stream's path are mixed, so
  /// `(seed, [3, 1])` and `(seed, [1, 3])` differ.
  @inlinable
  public init(seed: UInt64, stream: UInt64...) {
    var s = Self.mix(seed &+ Self.gamma)
    for part in stream { s = Self.mix(s ^ Self.mix(part &+ 0x632B_E59B_D9B4_E019)) }
    state = s
  }

  /// The finaliser: Stafford's "Mix13" variant of MurmurHash3's fmix64.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= Self.gamma
    return Self.mix(state)
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-shift; the tiny bias of skipping
  /// the rejection step is irrelevant for synthetic data and keeps it branch-free).
  @inlinable
  public mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0)
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A uniform integer in `range`.
  @inlinable
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable
  public mutating func unit() -> Double {
    Double(next() &>> 11) * 0x1.0p-53
  }

  /// True with probability `p`.
  @inlinable
  public mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// An index drawn with the given relative weights.
  @inlinable
  public mutating func weighted(_ weights: [Int]) -> Int {
    var total = 0
    for w in weights { total += w }
    var r = below(total)
    for (i, w) in weights.enumerated() {
      if r < w { return i }
      r -= w
    }
    return weights.count - 1
  }
}
