/// The run's times in epoch seconds (SPEC §3): `T`, `[R0, R1]`, `V`, `W`.
struct RunTimes: Sendable {
  var asOf: Int64
  var roundStart: Int64
  var roundEnd: Int64
  var validitySeconds: Int64
  var warnSeconds: Int64
}
