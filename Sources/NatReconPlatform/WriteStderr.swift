/// Writes text to stderr (diagnostics never go to stdout).
public func writeStderr(_ text: String) {
  _ = FileDescriptor.writeAll(2, Array(text.utf8))  // Nowhere to report a failure.
}
