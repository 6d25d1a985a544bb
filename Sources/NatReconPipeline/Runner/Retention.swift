import NatReconPlatform

/// `outputs.keep_runs` (SPEC §4): after publishing, the run folders beyond the N with
/// the greatest `T` are deleted, never the one `latest` names. The history keeps them.
enum Retention {
  /// The folders to remove, given the run IDs present (any order).
  static func surplus(runIDs: [String], keep: Int, latest: String?) -> [String] {
    guard keep > 0 else { return [] }
    return runIDs.sorted(by: >).dropFirst(keep).filter { $0 != latest }.sorted()
  }

  /// Removes the surplus run folders of `out`; returns their paths.
  static func prune(out: String, keep: Int, latest: String?) -> [String] {
    let doomed = surplus(runIDs: HistoryStore.runFolders(out: out), keep: keep, latest: latest)
    for id in doomed { Directory.removeTree(out + "/" + id) }
    return doomed.map { out + "/" + $0 }
  }
}
