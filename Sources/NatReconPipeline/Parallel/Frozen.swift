/// Read-only state shared with worker threads. The wrapped value must not be mutated
/// while workers run (the join's key table and name hashes are frozen during probing).
final class Frozen<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
