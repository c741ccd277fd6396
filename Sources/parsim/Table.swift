import ParsimEngine
import ParsimScenario

/// The readable table `parsim simulate` prints.
enum Table {
  static func render(scenario: Scenario, runs: [ModelRun]) -> String {
    let header = ["model", "makespan", "speed-up", "p95 latency", "cores", "GIL"]
    var rows: [[String]] = []
    for r in runs {
      let m = r.metrics
      if let d = m.deadlock {
        rows.append([r.model.label, d.headline, "–", "–", "–", "–"])
        continue
      }
      rows.append([
        r.model.label, formatDuration(Double(m.makespan)),
        m.speedup.map { String(format: "%.2f×", $0) } ?? "–",
        formatDuration(Double(m.latencyP95)),
        "\(Int((m.coreUtilization * 100).rounded()))%",
        m.gilUtilization.map { "\(Int(($0 * 100).rounded()))%" } ?? "no GIL",
      ])
    }
    let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, c in
        i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[i] - c.count) + c
      }.joined(separator: "  ")
    }
    var out = "\(scenario.displayTitle) (\(scenario.name), \(scenario.taskCount) \(scenario.pipeline == nil ? "tasks" : "items"), \(scenario.machine.cores) cores, Python \(scenario.machine.python.rawValue))\n"
    out += line(header) + "\n"
    out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
    for row in rows { out += line(row) + "\n" }
    for r in runs { out += "· \(r.model.label): \(r.metrics.explanation)\n" }
    return out
  }
}
