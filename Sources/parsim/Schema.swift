import ArgumentParser
import Foundation
import ParsimScenario

extension Parsim {
  struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a JSON Schema of the scenario format, for editors that validate and complete YAML.",
      discussion: """
        Save it beside your scenarios and name it on their first line, for VS Code's YAML extension \
        and JetBrains IDEs:  # yaml-language-server: $schema=parsim.schema.json
        """)

    @Option(help: "Write the schema to this file instead of standard output.")
    var out: String?

    @OptionGroup(title: "Output")
    var output: QuietFlag

    func run() throws {
      output.apply()
      let text = ScenarioSchema.json()
      guard let out else {
        print(text, terminator: "")
        return
      }
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
      } catch {
        printError("error: \(out): cannot write: \(errorReason(error))")
        throw ExitCode(ExitStatus.failure)
      }
      note("schema: wrote \(out)")
    }
  }
}
