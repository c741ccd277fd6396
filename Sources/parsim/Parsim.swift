import ArgumentParser

@main
struct Parsim: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parsim",
    abstract: "Simulate, measure and draw how a Python workload behaves under CPython's parallelism models.",
    version: parsimVersion,
    subcommands: [Check.self, Simulate.self, Measure.self, Calibrate.self, Report.self, Compare.self, Sweep.self, Export.self])
}

let parsimVersion = "0.1.0"
