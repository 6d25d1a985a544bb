/// An output file written by a run, for the manifest.
struct OutputRecord {
  var path: String
  var rows: Int
  var sha256: String
}
