/// Per-resident state, struct of arrays indexed by resident index (roster order).
///
/// Memory layout, bytes per resident: household 4, rosterLine 4, nameHash 8, flags 1,
/// lastSampleTime 8, lastResult 1, lastNegativeAnchor 8, lastNegativeSample 8,
/// lastPositiveSample 8 = 50 bytes (38 after `Roster.releaseJoinStructures()`), plus the
/// `KeyTable` slot (12 bytes at load ≤ 0.75: 16 presized) and the roster-row bit: about
/// 66 bytes per resident before households. Times are epoch seconds; `Int64.min` means
/// "none".
struct ResidentColumns {
  static let none = Int64.min

  /// Bit flags in `flags`.
  enum Flag {
    static let eligible: UInt8 = 1
    static let testedInRound: UInt8 = 2
  }

  var household: ContiguousArray<UInt32> = []
  /// The roster line where the resident's record starts (for `duplicate_resident`
  /// messages; emptied by `Roster.releaseJoinStructures()`).
  var rosterLine: ContiguousArray<UInt32> = []
  /// FNV-1a hash of the trimmed, full-width-folded roster name (for `name_mismatch`;
  /// emptied by `Roster.releaseJoinStructures()`).
  var nameHash: ContiguousArray<UInt64> = []
  var flags: ContiguousArray<UInt8> = []
  var lastSampleTime: ContiguousArray<Int64> = []
  var lastResult: ContiguousArray<UInt8> = []
  var lastNegativeAnchor: ContiguousArray<Int64> = []
  var lastNegativeSample: ContiguousArray<Int64> = []
  var lastPositiveSample: ContiguousArray<Int64> = []

  var count: Int { household.count }

  /// Bytes held per resident by these columns.
  static let bytesPerResident = 4 + 4 + 8 + 1 + 8 + 1 + 8 + 8 + 8

  mutating func reserveCapacity(_ n: Int) {
    household.reserveCapacity(n)
    rosterLine.reserveCapacity(n)
    nameHash.reserveCapacity(n)
    flags.reserveCapacity(n)
    lastSampleTime.reserveCapacity(n)
    lastResult.reserveCapacity(n)
    lastNegativeAnchor.reserveCapacity(n)
    lastNegativeSample.reserveCapacity(n)
    lastPositiveSample.reserveCapacity(n)
  }

  mutating func append(household: UInt32, line: Int, nameHash: UInt64, isEligible: Bool) {
    self.household.append(household)
    rosterLine.append(UInt32(clamping: line))
    self.nameHash.append(nameHash)
    flags.append(isEligible ? Flag.eligible : 0)
    lastSampleTime.append(Self.none)
    lastResult.append(0)
    lastNegativeAnchor.append(Self.none)
    lastNegativeSample.append(Self.none)
    lastPositiveSample.append(Self.none)
  }

  /// Mutable views of the state the probe folds into.
  struct MutableState {
    var lastSampleTime: UnsafeMutableBufferPointer<Int64>
    var lastResult: UnsafeMutableBufferPointer<UInt8>
    var flags: UnsafeMutableBufferPointer<UInt8>
    var lastNegativeAnchor: UnsafeMutableBufferPointer<Int64>
    var lastNegativeSample: UnsafeMutableBufferPointer<Int64>
    var lastPositiveSample: UnsafeMutableBufferPointer<Int64>
  }

  /// Calls `body` with mutable views of the probe's state columns, taken once per batch
  /// so the fold loop does no uniqueness checks.
  /// - Warning: the views are valid only inside the closure.
  mutating func withUnsafeMutableColumns<R>(_ body: (inout MutableState) -> R) -> R {
    lastSampleTime.withUnsafeMutableBufferPointer { a in
      lastResult.withUnsafeMutableBufferPointer { b in
        flags.withUnsafeMutableBufferPointer { c in
          lastNegativeAnchor.withUnsafeMutableBufferPointer { d in
            lastNegativeSample.withUnsafeMutableBufferPointer { e in
              lastPositiveSample.withUnsafeMutableBufferPointer { f in
                var state = MutableState(
                  lastSampleTime: a, lastResult: b, flags: c, lastNegativeAnchor: d, lastNegativeSample: e,
                  lastPositiveSample: f)
                return body(&state)
              }
            }
          }
        }
      }
    }
  }

  func isEligible(_ r: Int) -> Bool { flags[r] & Flag.eligible != 0 }
  func isTestedInRound(_ r: Int) -> Bool { flags[r] & Flag.testedInRound != 0 }
}
