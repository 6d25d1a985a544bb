import Foundation

/// What one run of a built executable did, for CLI tests (STYLE §6).
public struct CLIResult: Sendable, CustomStringConvertible {
  public var exitCode: Int32
  public var stdout: String
  public var stderr: String
  /// The executable and its arguments.
  public var command: [String]
  /// The working directory it ran in.
  public var directory: String

  /// Command, directory, exit status and both streams: print it when a test fails.
  public var description: String {
    """
    $ \(command.map(Self.quoted).joined(separator: " "))
    (in \(directory); exit status \(exitCode))
    --- stdout ---
    \(stdout)
    --- stderr ---
    \(stderr)
    """
  }

  private static func quoted(_ argument: String) -> String {
    argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:@".contains($0) }) && !argument.isEmpty
      ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

/// Runs the built `natrecon` (or another product of this package) as a user would.
///
/// The binary is found, in order: `$NATRECON_BIN`; next to the running test bundle (the
/// directory of `/proc/self/exe`'s resolved path, where SwiftPM puts every product of
/// the build); `.build/debug/` under the package root. Each run gets a fresh temporary
/// working directory unless you pass one; stdout and stderr are captured through files
/// outside it, so they never show up among the outputs a test inspects.
public enum CLIRunner {
  public enum Failure: Error, CustomStringConvertible {
    case binaryNotFound(name: String, searched: [String])
    case cannotStart(path: String, reason: String)

    public var description: String {
      switch self {
      case .binaryNotFound(let name, let searched):
        "\(name) not built; looked in \(searched.joined(separator: ", ")) (set NATRECON_BIN)"
      case .cannotStart(let path, let reason): "cannot run \(path): \(reason)"
      }
    }
  }

  /// The path of a built product, e.g. `natrecon`.
  public static func binaryPath(named name: String = "natrecon") throws -> String {
    var candidates: [String] = []
    if name == "natrecon", let override = ProcessInfo.processInfo.environment["NATRECON_BIN"] {
      candidates.append(override)
    }
    if let bundle = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      candidates.append((bundle as NSString).deletingLastPathComponent + "/" + name)
    }
    candidates.append(Fixtures.packageRoot + "/.build/debug/" + name)
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { throw Failure.binaryNotFound(name: name, searched: candidates) }
    return found
  }

  /// A new empty directory under the system's temporary directory, removed when the
  /// test process exits (`ScratchFolders`).
  public static func makeTemporaryDirectory(prefix: String = "natrecon-cli") throws -> String {
    ScratchFolders.make(prefix: prefix)
  }

  /// Runs `binary` (default `natrecon`) with `arguments` and waits for it.
  ///
  /// - Parameters:
  ///   - arguments: The arguments, without the program name.
  ///   - directory: The working directory; default: a fresh temporary directory.
  ///   - environment: Variables to set (or override) for the child.
  ///   - inheritEnvironment: Whether the child starts from this process's environment
  ///     (default) or from `environment` alone.
  ///   - stdin: Text for standard input; default: empty input.
  ///   - binary: A product name or an absolute path; default `natrecon`.
  /// - Returns: Exit status (a signal shows as 128 + its number), stdout and stderr.
  @discardableResult
  public static func run(
    _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
    inheritEnvironment: Bool = true, stdin: String = "", binary: String = "natrecon"
  ) throws -> CLIResult {
    let executable = binary.hasPrefix("/") ? binary : try binaryPath(named: binary)
    let workingDirectory = try directory ?? makeTemporaryDirectory()
    let streams = try makeTemporaryDirectory(prefix: "natrecon-cli-streams")
    defer { try? FileManager.default.removeItem(atPath: streams) }
    let paths = ["stdin", "stdout", "stderr"].map { streams + "/" + $0 }
    guard FileManager.default.createFile(atPath: paths[0], contents: Data(stdin.utf8)),
      FileManager.default.createFile(atPath: paths[1], contents: nil),
      FileManager.default.createFile(atPath: paths[2], contents: nil),
      let input = FileHandle(forReadingAtPath: paths[0]),
      let output = FileHandle(forWritingAtPath: paths[1]),
      let error = FileHandle(forWritingAtPath: paths[2])
    else { throw Failure.cannotStart(path: executable, reason: "cannot open stream files") }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
    var childEnvironment = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
    childEnvironment.merge(environment) { _, new in new }
    process.environment = childEnvironment
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    do {
      try process.run()
    } catch {
      throw Failure.cannotStart(path: executable, reason: "\(error)")
    }
    process.waitUntilExit()
    for handle in [input, output, error] { try? handle.close() }

    let status =
      process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    func text(_ path: String) -> String {
      String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
    return CLIResult(
      exitCode: status, stdout: text(paths[1]), stderr: text(paths[2]),
      command: [executable] + arguments, directory: workingDirectory)
  }
}
