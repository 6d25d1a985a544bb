/// Numbers distinct values in first-seen order, so a list can hold 4-byte numbers instead
/// of repeating values (a committee's names per issue row, a reason per exempt resident).
struct Numbering<Value: Hashable> {
  /// The values by number.
  private(set) var values: [Value] = []
  private var numbers: [Value: UInt32] = [:]

  /// The number of `value`, giving it the next one when new.
  mutating func number(_ value: Value) -> UInt32 {
    if let known = numbers[value] { return known }
    let number = UInt32(values.count)
    numbers[value] = number
    values.append(value)
    return number
  }

  /// The number of `value` when it has one.
  func existingNumber(_ value: Value) -> UInt32? { numbers[value] }

  subscript(number: UInt32) -> Value { values[Int(number)] }
}

extension Numbering: Sendable where Value: Sendable {}
