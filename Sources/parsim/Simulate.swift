import ArgumentParser
import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario

extension Parsim {
  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Simulate scenarios under each of their models and report what happened.",
      discussion: ExitStatus.help)

    @Argument(help: "Scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    @OptionGroup(title: "Models")
    var models: ModelOptions

    @Flag(help: "Print JSON instead of a table: {\"scenarios\": [{\"scenario\": …, \"models\": […]}]}, one entry per file.")
    var json = false

    @Option(help: "Write charts to DIR/<scenario>/<model>.<ext> and DIR/<scenario>/compare.<ext>.")
    var out: String?

    @OptionGroup(title: "Charts")
    var charts: ChartFlags

    func validate() throws {
      if out == nil, charts.anyGiven {
        throw ValidationError("chart options need --out DIR")
      }
    }

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      var failed = false
      var writeFailed = false
      var deadlocked = false
      var documents: [JSON] = []
      for file in files {
        let scenario: Scenario
        do {
          let loaded = try ScenarioLoader.loadWithWarnings(file: file)
          scenario = loaded.scenario
          for w in loaded.warnings { printError(w.description) }
        } catch {
          printError(error.description)
          failed = true
          continue
        }
        guard let specs = models.pickOrSay(in: scenario, file: file) else {
          failed = true
          continue
        }
        let line = ProgressLine(scenario: scenario.name)
        let all = Simulator.runAll(scenario, models: specs, recording: out != nil, progress: line.callback)
        line.clear()
        // A run refused or stopped at the event budget is an input error, and no result.
        for r in all { if let why = r.stopped { printError("\(file): error: \(why)") } }
        let runs = all.filter { $0.stopped == nil }
        if runs.count < all.count { failed = true }
        if runs.isEmpty { continue }
        deadlocked = deadlocked || runs.contains { $0.isDeadlocked }
        if let out {
          do {
            let files = try ChartFiles.write(scenario: scenario, runs: runs, to: URL(fileURLWithPath: out),
              formats: charts.formats(scenario), style: charts.style(scenario), scale: charts.scale)
            if !json { note("wrote \(files.count) chart\(files.count == 1 ? "" : "s") to \(out)/\(scenario.name)/") }
          } catch {
            printError("\(file): \(errorReason(error))")
            writeFailed = true
          }
        }
        if json {
          documents.append(.object([("scenario", .string(scenario.name)), ("models", .array(runs.map(\.json)))]))
        } else {
          print(Table.render(scenario: scenario, runs: runs))
        }
      }
      if json {
        // One shape whatever the number of files (docs/architecture.md).
        print(JSON.object([("scenarios", .array(documents))]).text())
      }
      if failed { throw ExitCode(ExitStatus.badInput) }
      if writeFailed { throw ExitCode(ExitStatus.failure) }
      if deadlocked { throw ExitCode(ExitStatus.deadlock) }
    }
  }
}

/// The exit statuses every command documents.
enum ExitStatus {
  static let ok: Int32 = 0
  /// A run failed for a reason outside parsim's input: a Python that would not start, a disk full.
  static let failure: Int32 = 1
  /// A scenario (or another input file) is wrong: the message says where and why.
  static let badInput: Int32 = 2
  /// A model deadlocked: every thread left waits for a lock another waiting thread holds.
  static let deadlock: Int32 = 3
  /// The command line itself is wrong (an unknown option, a bad value).
  static let usage: Int32 = 64

  static let help = """
    Exit status: 0 success · 1 a run failed (Python, the disk) · 2 a scenario or input file is wrong · \
    3 a model deadlocked · 64 the command line is wrong · 128 + the signal when interrupted.
    """
}
