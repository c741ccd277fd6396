import ArgumentParser
import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario

extension Parsim {
  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Simulate scenarios under each of their models and report what happened.")

    @Argument(help: "Scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    @Option(help: "Run only models of this kind (e.g. threading, process_pool).")
    var model: String?

    @Flag(help: "Print JSON (DESIGN.md's shape) instead of a table.")
    var json = false

    @Option(help: "Write charts to DIR/<scenario>/<model>.<ext> and DIR/<scenario>/compare.<ext>.")
    var out: String?

    @Option(help: "Chart formats, comma-separated: png, svg, pdf (default: the scenario's).")
    var format: String?

    @Option(help: "Colour spans by state or by task (default: the scenario's).")
    var color: ChartOptions.ColorMode?

    @Option(help: "light or dark (default: the scenario's).")
    var theme: ChartOptions.Theme?

    @Flag(help: "Add a lane showing which thread holds each GIL.")
    var gilLane = false

    @Flag(help: "Add a lane per core.")
    var coreLanes = false

    @Option(help: "PNG scale factor for high-DPI screens (1 to 4).")
    var scale: Double = 1

    func validate() throws {
      if let format {
        for f in format.split(separator: ",") where ImageFormat(rawValue: String(f).trimmingCharacters(in: .whitespaces)) == nil {
          throw ValidationError("unknown format '\(f)'; formats: png, svg, pdf")
        }
      }
      if !(1...4).contains(scale) { throw ValidationError("--scale must be from 1 to 4") }
      if out == nil, format != nil || color != nil || theme != nil || gilLane || coreLanes {
        throw ValidationError("chart options need --out DIR")
      }
      if let model, ModelKind(rawValue: model) == nil {
        throw ValidationError("unknown model '\(model)'; models: \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }

    func run() throws {
      let kinds = model.flatMap(ModelKind.init(rawValue:)).map { Set([$0]) }
      var failed = false
      var documents: [JSON] = []
      for file in files {
        let scenario: Scenario
        do { scenario = try ScenarioLoader.load(file: file) } catch {
          printError(error.description)
          failed = true
          continue
        }
        let line = ProgressLine(scenario: scenario.name)
        let runs = Simulator.runAll(scenario, kinds: kinds, recording: out != nil, progress: line.callback)
        line.clear()
        if runs.isEmpty {
          printError("\(file): no model of kind '\(model ?? "")' in this scenario")
          failed = true
          continue
        }
        if let out {
          do {
            let files = try ChartFiles.write(scenario: scenario, runs: runs, to: URL(fileURLWithPath: out),
              formats: formats(scenario), style: style(scenario), scale: scale)
            if !json { printError("wrote \(files.count) chart\(files.count == 1 ? "" : "s") to \(out)/\(scenario.name)/") }
          } catch {
            printError("\(file): \(error)")
            failed = true
          }
        }
        if json {
          documents.append(.object([("scenario", .string(scenario.name)), ("models", .array(runs.map(\.json)))]))
        } else {
          print(Table.render(scenario: scenario, runs: runs))
        }
      }
      if json {
        print(documents.count == 1 ? documents[0].text() : JSON.array(documents).text())
      }
      if failed { throw ExitCode(2) }
    }

    func formats(_ s: Scenario) -> [ImageFormat] {
      if let format {
        return format.split(separator: ",").compactMap { ImageFormat(rawValue: String($0).trimmingCharacters(in: .whitespaces)) }
      }
      return s.charts.formats.compactMap { ImageFormat(rawValue: $0.rawValue) }
    }

    func style(_ s: Scenario) -> ChartStyle {
      var options = s.charts
      if let color { options.color = color }
      if let theme { options.theme = theme }
      if gilLane { options.gilLane = true }
      if coreLanes { options.coreLanes = true }
      return ChartStyle(options)
    }
  }
}

extension ChartOptions.ColorMode: ExpressibleByArgument {}
extension ChartOptions.Theme: ExpressibleByArgument {}
