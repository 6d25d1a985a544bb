/// The machine files of SPEC §4, in its table order (the manifest's order), each with
/// its columns: the one place a file's name and header are spelled.
enum MachineFile: String, CaseIterable {
  case residents = "residents.csv"
  case households = "households.csv"
  case summary = "summary.csv"
  case gaps = "gaps.csv"
  case expiring = "expiring.csv"
  case unmatchedTests = "unmatched_tests.csv"
  case positiveTubes = "positive_tubes.csv"
  case dataIssues = "data_issues.csv"

  /// The file name in the run folder.
  var name: String { rawValue }

  /// The header row (SPEC §4).
  var columns: [String] {
    switch self {
    case .residents:
      [
        "id_number", "name", "district", "street", "committee", "compound", "building", "unit", "room",
        "status", "eligible", "tested_in_round", "last_sample_time", "last_result", "last_negative_time",
        "cert_valid", "cert_expires_at", "expiring_soon", "exempt_reason",
      ]
    case .households:
      [
        "district", "street", "committee", "compound", "building", "unit", "room", "members", "eligible",
        "tested", "untested", "cert_valid", "positive", "status",
      ]
    case .summary:
      [
        "level", "district", "street", "committee", "compound", "building", "residents", "eligible", "tested",
        "untested", "coverage", "cert_rate", "cert_valid", "households", "households_complete", "positive",
      ]
    case .gaps:
      [
        "district", "street", "committee", "compound", "building", "unit", "room", "name", "id_masked", "phone",
        "tags", "last_sample_time",
      ]
    case .expiring:
      [
        "district", "street", "committee", "compound", "building", "unit", "room", "name", "id_masked", "phone",
        "last_negative_time", "cert_expires_at",
      ]
    case .unmatchedTests:
      ["id_number", "name", "phone", "tests", "last_sample_time", "last_result", "sites"]
    case .positiveTubes:
      [
        "tube_id", "sample_time", "id_number", "name", "phone", "result", "matched", "district", "street",
        "committee", "compound", "building", "unit", "room", "retest_time", "retest_result",
      ]
    case .dataIssues:
      ["file", "line", "field", "value", "code", "severity", "message"]
    }
  }
}
