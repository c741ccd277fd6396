import ArgumentParser
import ParsimScenario

@main
struct Parsim: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parsim",
    abstract: "Simulate, measure and draw how a Python workload behaves under CPython's parallelism models.",
    discussion: ExitStatus.help,
    version: parsimVersion,
    subcommands: [
      Check.self, Simulate.self, Measure.self, Calibrate.self, Report.self, Compare.self, Sweep.self, Export.self, Schema.self,
    ])

  /// Runs the command line, first catching a misspelt command, which ArgumentParser would report
  /// only as unexpected arguments.
  static func main() async {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let names = configuration.subcommands.map { $0._commandName } + ["help"]
    if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
      let guess = bestGuess(for: first, in: names).map { " Did you mean '\($0)'?" } ?? " Commands: \(names.dropLast().joined(separator: ", "))."
      printError("Error: unknown command '\(first)'.\(guess)\nUsage: \(usageString())\n  See 'parsim --help' for more information.")
      exit(withError: ExitCode(ExitStatus.usage))
    }
    // Ctrl-C or kill: stop every Python run, remove temporary files and this run's outputs.
    Interruption.shared.install()
    await main(arguments)
  }
}

let parsimVersion = "0.2.0"
