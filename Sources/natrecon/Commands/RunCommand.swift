import ArgumentParser

// Placeholder until the engine lands (issue 3): replaced by the real `run`.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "run")
  func run() throws { throw ExitCode(1) }
}
