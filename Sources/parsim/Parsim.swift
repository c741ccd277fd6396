import ArgumentParser

@main
struct Parsim: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parsim",
    abstract: "Simulate, measure and draw how a Python workload behaves under CPython's parallelism models.",
    version: parsimVersion,
    subcommands: [Check.self, Simulate.self])
}

let parsimVersion = "0.1.0"
