import ArgumentParser

// Placeholder until the reader lands (issue 2): replaced by the real `inspect`.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "inspect")
  func run() throws { throw ExitCode(1) }
}
