import ArgumentParser
import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimMeasure
import ParsimReport
import ParsimScenario

extension Parsim {
  struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run scenarios for real with CPython and compare the measurements with the simulation.",
      discussion: ExitStatus.help)

    @Argument(help: "Scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    @Option(help: "The Python interpreter to run (CPython 3.8+).")
    var python = "python3"

    @Option(help: "Runs per model, each in a fresh interpreter.")
    var runs = 5

    @OptionGroup(title: "Models")
    var models: ModelOptions

    @Option(help: "Write validation charts (simulated against measured) to DIR/<scenario>/.")
    var out: String?

    @OptionGroup(title: "Charts (with --out)")
    var charts: ChartFlags

    @Option(help: "Write the fidelity table (Markdown) to this file.")
    var table: String?

    @Option(help: ArgumentHelp("Also simulate with this cost profile (parsim calibrate's) and show it beside the default.",
      valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var profile: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
      if !(1...100).contains(runs) { throw ValidationError("--runs must be from 1 to 100") }
      if out == nil, charts.anyGiven { throw ValidationError("chart options need --out DIR") }
    }

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      var calibrated: CostOverrides?
      if let profile {
        do { calibrated = try ScenarioLoader.loadProfile(file: profile) } catch {
          printError(error.description)
          throw ExitCode(ExitStatus.badInput)
        }
      }
      let measurer = Measurer(python: python)
      note("measure: measuring \(python)'s loop rate…")
      let rates: LoopRates
      do { rates = try measurer.loopRates() } catch {
        printError("error: \(errorReason(error))")
        throw ExitCode(1)
      }
      var failed = false
      var all: [FidelityResult] = []
      var documents: [JSON] = []
      for file in files {
        let scenario: Scenario
        do { scenario = try ScenarioLoader.load(file: file) } catch {
          printError(error.description)
          failed = true
          continue
        }
        guard let specs = models.pickOrSay(in: scenario, file: file) else {
          failed = true
          continue
        }
        do {
          let results = try Fidelity.measure(scenario, models: specs, measurer: measurer, runs: runs, rates: rates,
            profile: calibrated) {
            note("measure: \($0)")
          }
          all += results
          if let out {
            _ = try Fidelity.writeCharts(results, scenario: scenario, to: URL(fileURLWithPath: out),
              formats: charts.formats(scenario), style: charts.style(scenario))
          }
          documents.append(.object([("scenario", .string(scenario.name)), ("models", .array(results.map(\.json)))]))
          if !json { print(Fidelity.markdown(results, python: results.first?.runs.first?.python ?? python)) }
        } catch {
          printError("\(file): \(errorReason(error))")
          failed = true
        }
      }
      if json { print(JSON.object([("scenarios", .array(documents))]).text()) }
      if let table, !all.isEmpty {
        let text = Fidelity.markdown(all, python: all.first { !$0.runs.isEmpty }?.runs.first?.python ?? python)
        do { try ChartFiles.writeAtomically(Data(text.utf8), to: URL(fileURLWithPath: table)) } catch {
          printError("error: \(errorReason(error))")
          throw ExitCode(ExitStatus.failure)
        }
      }
      if failed { throw ExitCode(ExitStatus.badInput) }
    }
  }

  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure this machine's costs and write a profile that scenarios name with machine.profile.",
      discussion: ExitStatus.help)

    @Option(help: "The Python interpreter to measure.")
    var python = "python3"

    @Option(help: "Where to write the profile.")
    var out = "machines/local.yaml"

    @Flag(help: "Fewer repetitions: faster, noisier.")
    var quick = false

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      let measurer = Measurer(python: python)
      let results: [String: Any]
      do {
        results = try measurer.calibrate(quick: quick) { note($0) }
      } catch {
        printError("error: \(errorReason(error))")
        throw ExitCode(1)
      }
      let url = URL(fileURLWithPath: out)
      try? Interruption.shared.createDirectory(url.deletingLastPathComponent())
      do {
        try ChartFiles.writeAtomically(Data(ProfileWriter.yaml(results).utf8), to: url)
      } catch {
        printError("error: \(errorReason(error))")
        throw ExitCode(1)
      }
      note("calibrate: wrote \(out); name it in a scenario with machine: {profile: \(out)}")
    }
  }
}
