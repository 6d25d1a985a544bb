/// The tool version written to manifest.json and printed by `natrecon --version`.
public enum NatReconVersion {
  public static let current = "0.1.0"
}
