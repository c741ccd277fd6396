import ArgumentParser
import ParsimScenario

extension Parsim {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate scenario files and summarise each valid one.",
      discussion: ExitStatus.help)

    @Argument(help: "Scenario files to check.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      var failed = false
      for file in files {
        do {
          let (s, warnings) = try ScenarioLoader.loadWithWarnings(file: file)
          for w in warnings { printError(w.description) }
          if !quietMode { print(summaryLine(file: file, s)) }
        } catch {
          failed = true
          printError(error.description)
        }
      }
      if failed { throw ExitCode(2) }
    }
  }
}

func summaryLine(file: String, _ s: Scenario) -> String {
  let groups = s.tasks.count
  if let p = s.pipeline {
    return "\(file): ok: \(s.name): a pipeline of \(p.stages.count) stage\(p.stages.count == 1 ? "" : "s"), "
      + "\(p.items) item\(p.items == 1 ? "" : "s"), \(s.expandedStepCount) steps, \(s.models.count) model\(s.models.count == 1 ? "" : "s")"
  }
  return "\(file): ok: \(s.name): \(groups) task group\(groups == 1 ? "" : "s"), "
    + "\(s.taskCount) task\(s.taskCount == 1 ? "" : "s"), \(s.expandedStepCount) steps, "
    + "\(s.models.count) model\(s.models.count == 1 ? "" : "s")"
}
