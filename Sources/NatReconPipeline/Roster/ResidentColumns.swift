/// Per-resident state, struct of arrays indexed by resident index (roster order).
///
/// Memory layout, bytes per resident: household 4, rosterLine 4, nameHash 8, flags 1,
/// lastSampleTime 4, lastResult 1, lastNegativeAnchor 4, lastNegativeSample 4,
/// lastPositiveSample 4 = 34 bytes (22 after `Roster.releaseJoinStructures()`), plus the
/// `KeyTable` slot (12 bytes at load ≤ 0.75: 16 presized) and the roster-row bit: about
/// 50 bytes per resident before households. Times are epoch seconds in 4-byte
/// `TimeColumn`s; `Int64.min` means "none".
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
  var lastSampleTime = TimeColumn()
  var lastResult: ContiguousArray<UInt8> = []
  var lastNegativeAnchor = TimeColumn()
  var lastNegativeSample = TimeColumn()
  var lastPositiveSample = TimeColumn()

  var count: Int { household.count }

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
    appendRosterFields(household: household, line: line, nameHash: nameHash, isEligible: isEligible)
    appendNoneState()
  }

  /// Appends a resident's roster fields only; its test state follows with
  /// `appendNoneState()`, which the roster insert calls once per run of rows (five
  /// appends a row fewer on the roster stage's busiest thread). Until then the columns
  /// have different lengths: nothing reads the test state during the roster stage.
  mutating func appendRosterFields(household: UInt32, line: Int, nameHash: UInt64, isEligible: Bool) {
    self.household.append(household)
    rosterLine.append(UInt32(clamping: line))
    self.nameHash.append(nameHash)
    flags.append(isEligible ? Flag.eligible : 0)
  }

  /// Gives every resident appended since the last call its test state: none yet.
  mutating func appendNoneState() {
    let n = count - lastResult.count
    guard n > 0 else { return }
    lastSampleTime.appendNone(count: n)
    lastResult.append(contentsOf: repeatElement(0, count: n))
    lastNegativeAnchor.appendNone(count: n)
    lastNegativeSample.appendNone(count: n)
    lastPositiveSample.appendNone(count: n)
  }

  /// Mutable views of the state the probe folds into.
  struct MutableState {
    var lastSampleTime: TimeColumn.MutableView
    var lastResult: UnsafeMutableBufferPointer<UInt8>
    var flags: UnsafeMutableBufferPointer<UInt8>
    var lastNegativeAnchor: TimeColumn.MutableView
    var lastNegativeSample: TimeColumn.MutableView
    var lastPositiveSample: TimeColumn.MutableView
  }

  /// Calls `body` with mutable views of the probe's state columns, taken once per batch
  /// so the fold loop does no uniqueness checks.
  /// - Warning: the views are valid only inside the closure.
  mutating func withUnsafeMutableColumns<R>(_ body: (inout MutableState) -> R) -> R {
    lastSampleTime.withUnsafeMutableView { a in
      lastResult.withUnsafeMutableBufferPointer { b in
        flags.withUnsafeMutableBufferPointer { c in
          lastNegativeAnchor.withUnsafeMutableView { d in
            lastNegativeSample.withUnsafeMutableView { e in
              lastPositiveSample.withUnsafeMutableView { f in
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
