import ArgumentParser
import Foundation

/// Writes a line to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `--quiet`: no progress and no notes; results and errors still print. Set once, from the
/// command line, before any work starts.
nonisolated(unsafe) var quietMode = false

/// A progress line or a note ("wrote 5 charts to charts/"): to standard error, unless --quiet.
func note(_ text: String) {
  if !quietMode { printError(text) }
}

/// `--quiet`, for every command that shows progress or notes.
struct QuietFlag: ParsableArguments {
  @Flag(name: [.short, .long], help: "No progress and no notes on standard error; results and errors still print.")
  var quiet = false

  func apply() { quietMode = quiet }
}

import ParsimScenario

/// Loads a scenario for a command that needs it, or prints its diagnostics and exits with 2.
func loadScenarioOrExit(_ file: String) throws -> Scenario {
  do {
    let (scenario, warnings) = try ScenarioLoader.loadWithWarnings(file: file)
    for w in warnings { printError(w.description) }
    return scenario
  } catch {
    printError(error.description)
    throw ExitCode(2)
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// A progress line for long simulations, on a terminal only and only after a second: the model
/// being simulated and how far its simulated clock has come.
final class ProgressLine {
  private let scenario: String
  private let start = Date()
  private var shown = false

  init(scenario: String) { self.scenario = scenario }

  /// The callback for the simulator, or nil when standard error is not a terminal.
  var callback: ((String, Int64) -> Void)? {
    guard isatty(2) == 1, !quietMode else { return nil }
    return { [self] label, now in
      guard Date().timeIntervalSince(start) > 1 else { return }
      let text = "\rsimulating \(scenario) · \(label): \(String(format: "%.3f", Double(now) / 1e9)) s simulated\u{1B}[K"
      FileHandle.standardError.write(Data(text.utf8))
      shown = true
    }
  }

  func clear() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    shown = false
  }
}

/// A mistake on the command line found only after parsing (in `run()`): said with the
/// command's own usage, as ArgumentParser says the mistakes it finds, and exit status 64.
func usageError<C: ParsableCommand>(_ command: C.Type, _ message: String) -> ExitCode {
  printError("Error: \(message)\nUsage: \(Parsim.usageString(for: command))\n  See 'parsim \(C._commandName) --help' for more information.")
  return ExitCode(ExitStatus.usage)
}
