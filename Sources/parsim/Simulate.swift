import ArgumentParser
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

    func validate() throws {
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
        let runs = Simulator.runAll(scenario, kinds: kinds, recording: false)
        if runs.isEmpty {
          printError("\(file): no model of kind '\(model ?? "")' in this scenario")
          failed = true
          continue
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
  }
}
