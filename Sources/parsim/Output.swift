import ArgumentParser
import Foundation

/// Writes a line to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

import ParsimScenario

/// Loads a scenario for a command that needs it, or prints its diagnostics and exits with 2.
func loadScenarioOrExit(_ file: String) throws -> Scenario {
  do {
    return try ScenarioLoader.load(file: file)
  } catch {
    printError(error.description)
    throw ExitCode(2)
  }
}
