import ArgumentParser
import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimReport
import ParsimScenario

#if canImport(Glibc)
  import Glibc
#endif

extension Parsim {
  struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Render a folder of scenarios into a page of figures and tables (index.html, README.md).",
      discussion: ExitStatus.help)

    @Argument(help: "Scenario files or directories of them.")
    var inputs: [String]

    @Option(help: "Where to write the report.")
    var out = "output"

    @Option(help: "Scenarios rendered at once (by default as many as the machine has cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Also run every model for real (parsim measure) and add the measured figures.")
    var measure = false

    @Option(help: "The Python interpreter for --measure.")
    var python = "python3"

    @Flag(help: "Also write a gzip-compressed Chrome trace per model (Perfetto opens .json.gz).")
    var traces = false

    @OptionGroup(title: "Models")
    var models: ModelOptions

    @OptionGroup(title: "Charts")
    var charts: ChartFlags

    func validate() throws {
      if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() async throws {
      output.apply()
      let files = BatchReport.scenarioFiles(inputs)
      guard !files.isEmpty else {
        printError("error: no scenario files in \(inputs.joined(separator: " "))")
        throw ExitCode(2)
      }
      let tty = isatty(2) == 1 && !quietMode
      var options = BatchReport.Options(formats: charts.format?.formats, jobs: jobs, measure: measure, python: python)
      options.selection = models.selection
      options.overrides = charts.overrides
      options.traces = traces
      let reports: [ScenarioReport]
      do {
        reports = try await BatchReport.run(files, out: URL(fileURLWithPath: out), options: options) { done, total, name in
          if tty {
            let width = 30
            let filled = width * done / max(1, total)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(name)\u{1B}[K\(done == total ? "\n" : "")".utf8))
          } else {
            note("report: [\(done)/\(total)] \(name)")
          }
        }
      } catch {
        printError("error: \(errorReason(error))")
        throw ExitCode(1)
      }
      let broken = reports.filter { $0.failure != nil }
      for r in broken { printError(r.failure ?? "") }
      for r in reports { if let s = r.skipped { printError(s) } }
      let count = reports.filter { $0.scenario != nil && $0.failure == nil }.count
      let deadlocked = reports.flatMap(\.runs).filter(\.isDeadlocked)
      for r in deadlocked { printError("\(r.model.label): \(r.metrics.explanation)") }
      note("report: \(count) scenario\(count == 1 ? "" : "s") in \(out)/index.html and \(out)/README.md"
        + (broken.isEmpty ? "" : "; \(broken.count) with errors"))
      if !broken.isEmpty { throw ExitCode(ExitStatus.badInput) }
      if !deadlocked.isEmpty { throw ExitCode(ExitStatus.deadlock) }
    }
  }

  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare the same models across scenarios, side by side.",
      discussion: "Models that not every scenario has are left out, and the table says which. " + ExitStatus.help)

    @Argument(help: "Two or more scenario files.")
    var files: [String]

    @Option(help: "Write compare.<format> charts and compare.csv to this directory.")
    var out: String?

    @OptionGroup(title: "Models")
    var models: ModelOptions

    @OptionGroup(title: "Charts")
    var charts: ChartFlags

    func validate() throws {
      if files.count < 2 { throw ValidationError("compare needs at least two scenarios") }
    }

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      let scenarios = try files.map(loadScenarioOrExit)
      let result = CrossComparison.run(scenarios, selection: models.selection)
      if let why = result.runs.joined().compactMap(\.stopped).first {
        printError("error: \(why)")
        throw ExitCode(ExitStatus.badInput)
      }
      print(result.table)
      if result.models.isEmpty {
        printError("error: these scenarios have no selected model in common (by kind and label)")
        throw ExitCode(ExitStatus.badInput)
      }
      if let out {
        do {
          let files = try result.write(to: URL(fileURLWithPath: out), formats: charts.format?.formats ?? [.png, .svg],
            style: charts.style(scenarios[0]))
          note("wrote \(files.count) files to \(out)/")
        } catch {
          printError("error: \(errorReason(error))")
          throw ExitCode(ExitStatus.failure)
        }
      }
      if result.runs.joined().contains(where: \.isDeadlocked) { throw ExitCode(ExitStatus.deadlock) }
    }
  }

  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Speed-up of one model as a parameter varies: a table, and a chart with its bounds and an Amdahl fit where one applies.",
      discussion: ExitStatus.help)

    @Argument(help: "A scenario file.")
    var file: String

    @OptionGroup(title: "The model swept (one: its kind or label; a kind the scenario lacks is added with its defaults)")
    var models: ModelOptions

    @Option(help: "The parameter: threads, max_workers, processes, workers, chunksize, limit or cores.")
    var param: String

    @Option(help: "Comma-separated values, e.g. 1,2,4,8,16 (at most 64 of them).")
    var values: String

    @Option(help: "Write sweep.<format> and sweep.csv to this directory.")
    var out: String?

    @OptionGroup(title: "Charts")
    var charts: ChartFlags

    /// The most values one sweep takes.
    static let maxValues = 64

    func validate() throws {
      let parsed = values.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= Limits.workers }) else {
        throw ValidationError("--values takes whole numbers from 1 to \(Limits.workers), comma-separated")
      }
      if parsed.count > Self.maxValues { throw ValidationError("--values takes at most \(Self.maxValues) values, not \(parsed.count)") }
      if models.isAll { throw ValidationError("name the model to sweep with --models (a kind or a label)") }
    }

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      let scenario = try loadScenarioOrExit(file)
      let parsed = values.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      let spec: ModelSpec
      switch models.pick(in: scenario) {
      case .success(let specs) where specs.count == 1: spec = specs[0]
      case .success(let specs):
        throw usageError(Sweep.self, "a sweep varies one model; --models picks \(specs.count) of \(scenario.name)")
      case .failure(let f):
        // A kind the scenario does not have is swept with its defaults.
        let names = models.selection.include
        guard names.count == 1, let kind = ModelKind(rawValue: names[0].lowercased()),
          !scenario.models.contains(where: { $0.kind == kind })
        else {
          printError("\(file): \(f)")
          throw ExitCode(ExitStatus.badInput)
        }
        spec = ModelSpec(kind)
      }
      guard ParsimScenario.Sweep.parameters(for: spec.kind, pipeline: scenario.pipeline).contains(param) else {
        throw usageError(Sweep.self, "'\(param)' is not a parameter of \(spec.kind.rawValue); parameters: "
          + ParsimScenario.Sweep.parameters(for: spec.kind, pipeline: scenario.pipeline).joined(separator: ", "))
      }
      var s = scenario
      if !s.models.contains(spec) { s.models.append(spec) }
      let sweep = ParsimScenario.Sweep(model: spec.label ?? spec.kind.rawValue, parameter: param, values: parsed)
      guard let result = SweepResult.run(sweep, scenario: s) else { throw ExitCode(ExitStatus.badInput) }
      if let why = result.stopped {
        printError("\(file): error: \(why)")
        throw ExitCode(ExitStatus.badInput)
      }
      print(result.table, terminator: "")
      if let out {
        let dir = URL(fileURLWithPath: out)
        do {
          try Interruption.shared.createDirectory(dir)
          let scene = result.scene(scenario: s, style: charts.style(s), measurer: CairoTextMeasurer())
          for f in charts.format?.formats ?? [.png, .svg] {
            try ChartFiles.writeAtomically(try CairoRenderer.render(scene, format: f), to: dir.appendingPathComponent("sweep.\(f.rawValue)"))
          }
          try ChartFiles.writeAtomically(Data(result.csv.utf8), to: dir.appendingPathComponent("sweep.csv"))
        } catch {
          printError("error: \(errorReason(error))")
          throw ExitCode(1)
        }
      }
    }
  }

  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export simulated traces: Chrome trace events (Perfetto), CSV of spans, or the trace as JSON.",
      discussion: ExitStatus.help)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case chrome, csv, json
      init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    }

    @Argument(help: "A scenario file.")
    var file: String

    @OptionGroup(title: "Models")
    var models: ModelOptions

    @Option(help: "chrome, csv or json.")
    var format: Format

    @Option(help: "Write <model>.<ext> files to this directory instead of printing one model.")
    var out: String?

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      let scenario = try loadScenarioOrExit(file)
      guard let specs = models.pickOrSay(in: scenario, file: file) else { throw ExitCode(ExitStatus.badInput) }
      let runs = Simulator.runAll(scenario, models: specs, recording: true)
      if let why = runs.compactMap(\.stopped).first {
        printError("\(file): error: \(why)")
        throw ExitCode(ExitStatus.badInput)
      }
      func data(_ t: Trace) throws -> Data {
        switch format {
        case .chrome: return ParsimReport.Export.chromeTrace(t)
        case .csv: return ParsimReport.Export.csv(t)
        case .json: return try ParsimReport.Export.json(t)
        }
      }
      if let out {
        let dir = URL(fileURLWithPath: out)
        do {
          try Interruption.shared.createDirectory(dir)
          let ext = format == .chrome ? "trace.json" : format.rawValue
          for (run, name) in zip(runs, ChartFiles.baseNames(runs)) {
            guard let t = run.trace else { continue }
            try ChartFiles.writeAtomically(try data(t), to: dir.appendingPathComponent("\(name).\(ext)"))
          }
        } catch {
          printError("error: \(errorReason(error))")
          throw ExitCode(ExitStatus.failure)
        }
        note("wrote \(runs.count) file\(runs.count == 1 ? "" : "s") to \(out)/")
        return
      }
      guard runs.count == 1, let trace = runs[0].trace else {
        throw usageError(Export.self, "this scenario has \(runs.count) models: name one with --models, or write them all with --out DIR")
      }
      FileHandle.standardOutput.write(try data(trace))
    }
  }
}
