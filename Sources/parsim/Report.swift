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
      abstract: "Render a folder of scenarios into a page of figures and tables (index.html, README.md).")

    @Argument(help: "Scenario files or directories of them.")
    var inputs: [String]

    @Option(help: "Where to write the report.")
    var out = "output"

    @Option(help: "Scenarios rendered at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Also run every model for real (parsim measure) and add the measured figures.")
    var measure = false

    @Option(help: "Chart formats, comma-separated: png, svg, pdf (default: each scenario's).")
    var format: String?

    @Option(help: "The Python interpreter for --measure.")
    var python = "python3"

    func validate() throws {
      if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
      if let format {
        for f in format.split(separator: ",") where ImageFormat(rawValue: String(f)) == nil {
          throw ValidationError("unknown format '\(f)'; formats: png, svg, pdf")
        }
      }
    }

    func run() async throws {
      let files = BatchReport.scenarioFiles(inputs)
      guard !files.isEmpty else {
        printError("error: no scenario files in \(inputs.joined(separator: " "))")
        throw ExitCode(2)
      }
      let formats = format.map { $0.split(separator: ",").compactMap { ImageFormat(rawValue: String($0)) } }
      let tty = isatty(2) == 1
      let reports: [ScenarioReport]
      do {
        reports = try await BatchReport.run(files, out: URL(fileURLWithPath: out),
          options: .init(formats: formats, jobs: jobs, measure: measure, python: python)) { done, total, name in
          if tty {
            let width = 30
            let filled = width * done / max(1, total)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(name)\u{1B}[K\(done == total ? "\n" : "")".utf8))
          } else {
            printError("report: [\(done)/\(total)] \(name)")
          }
        }
      } catch {
        printError("error: \(error)")
        throw ExitCode(1)
      }
      let broken = reports.filter { $0.failure != nil }
      for r in broken { printError(r.failure ?? "") }
      let count = reports.count - broken.count
      printError("report: \(count) scenario\(count == 1 ? "" : "s") in \(out)/index.html and \(out)/README.md"
        + (broken.isEmpty ? "" : "; \(broken.count) with errors"))
      if !broken.isEmpty { throw ExitCode(2) }
    }
  }

  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare the same models across scenarios, side by side on one time axis.")

    @Argument(help: "Two or more scenario files.")
    var files: [String]

    @Option(help: "Write compare.<format> charts and compare.csv to this directory.")
    var out: String?

    @Option(help: "Chart formats, comma-separated.")
    var format = "png,svg"

    func validate() throws {
      if files.count < 2 { throw ValidationError("compare needs at least two scenarios") }
    }

    func run() throws {
      let scenarios = try files.map(loadScenarioOrExit)
      let result = CrossComparison.run(scenarios)
      print(result.table)
      if result.models.isEmpty {
        printError("error: these scenarios have no model in common (by kind and label)")
        throw ExitCode(2)
      }
      if let out {
        do {
          let files = try result.write(to: URL(fileURLWithPath: out),
            formats: format.split(separator: ",").compactMap { ImageFormat(rawValue: String($0)) })
          printError("wrote \(files.count) files to \(out)/")
        } catch {
          printError("error: \(error)")
          throw ExitCode(1)
        }
      }
    }
  }

  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Speed-up of one model as a parameter varies: a table and a speed-up chart with an Amdahl fit.")

    @Argument(help: "A scenario file.")
    var file: String

    @Option(help: "The model (its kind or label).")
    var model: String

    @Option(help: "The parameter: threads, max_workers, processes, workers, chunksize, limit or cores.")
    var param: String

    @Option(help: "Comma-separated values, e.g. 1,2,4,8,16.")
    var values: String

    @Option(help: "Write sweep.<format> and sweep.csv to this directory.")
    var out: String?

    @Option(help: "Chart formats, comma-separated.")
    var format = "png,svg"

    func run() throws {
      let scenario = try loadScenarioOrExit(file)
      let parsed = values.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= Limits.workers }) else {
        throw ValidationError("--values takes whole numbers from 1 to \(Limits.workers), comma-separated")
      }
      guard let spec = scenario.models.first(where: { $0.label == model }) ?? scenario.models.first(where: { $0.kind.rawValue == model })
        ?? ModelKind(rawValue: model).map({ ModelSpec($0) })
      else {
        throw ValidationError("'\(model)' is neither a model of this scenario nor a model kind")
      }
      guard ParsimScenario.Sweep.parameters(for: spec.kind).contains(param) else {
        throw ValidationError("'\(param)' is not a parameter of \(spec.kind.rawValue); parameters: \(ParsimScenario.Sweep.parameters(for: spec.kind).joined(separator: ", "))")
      }
      var s = scenario
      if !s.models.contains(spec) { s.models.append(spec) }
      let sweep = ParsimScenario.Sweep(model: spec.label ?? spec.kind.rawValue, parameter: param, values: parsed.compactMap { $0 })
      guard let result = SweepResult.run(sweep, scenario: s) else { throw ExitCode(2) }
      print(result.table, terminator: "")
      if let out {
        let dir = URL(fileURLWithPath: out)
        do {
          try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
          let scene = result.scene(scenario: s, style: ChartStyle(s.charts), measurer: CairoTextMeasurer())
          for f in format.split(separator: ",").compactMap({ ImageFormat(rawValue: String($0)) }) {
            try ChartFiles.writeAtomically(try CairoRenderer.render(scene, format: f), to: dir.appendingPathComponent("sweep.\(f.rawValue)"))
          }
          try ChartFiles.writeAtomically(Data(result.csv.utf8), to: dir.appendingPathComponent("sweep.csv"))
        } catch {
          printError("error: \(error)")
          throw ExitCode(1)
        }
      }
    }
  }

  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export simulated traces: Chrome trace events (Perfetto), CSV of spans, or the trace as JSON.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case chrome, csv, json }

    @Argument(help: "A scenario file.")
    var file: String

    @Option(help: "Only models of this kind (default: every model).")
    var model: String?

    @Option(help: "chrome, csv or json.")
    var format: Format

    @Option(help: "Write <model>.<ext> files to this directory instead of printing one model.")
    var out: String?

    func run() throws {
      let scenario = try loadScenarioOrExit(file)
      if let model, ModelKind(rawValue: model) == nil {
        throw ValidationError("unknown model '\(model)'")
      }
      let runs = Simulator.runAll(scenario, kinds: model.flatMap(ModelKind.init(rawValue:)).map { Set([$0]) }, recording: true)
      guard !runs.isEmpty else {
        printError("error: no model of kind '\(model ?? "")' in \(file)")
        throw ExitCode(2)
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
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ext = format == .chrome ? "trace.json" : format.rawValue
        for (run, name) in zip(runs, ChartFiles.baseNames(runs)) {
          guard let t = run.trace else { continue }
          try ChartFiles.writeAtomically(try data(t), to: dir.appendingPathComponent("\(name).\(ext)"))
        }
        printError("wrote \(runs.count) file\(runs.count == 1 ? "" : "s") to \(out)/")
        return
      }
      guard runs.count == 1 || model != nil, let trace = runs[0].trace else {
        throw ValidationError("this scenario has \(runs.count) models: name one with --model, or write them all with --out DIR")
      }
      FileHandle.standardOutput.write(try data(trace))
    }
  }
}
