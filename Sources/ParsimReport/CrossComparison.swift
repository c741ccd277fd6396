import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario

/// The same models across scenarios: side by side on one time axis, with a table of differences.
public struct CrossComparison: Sendable {
  public var scenarios: [Scenario]
  /// The models the scenarios share (by kind and label), in the first scenario's order.
  public var models: [ModelSpec]
  /// runs[i][j]: scenario i, model j.
  public var runs: [[ModelRun]]

  public static func run(_ scenarios: [Scenario]) -> CrossComparison {
    let shared = (scenarios.first?.models ?? []).filter { m in scenarios.allSatisfy { $0.models.contains(m) } }
    let runs = scenarios.map { s -> [ModelRun] in
      let w = Workload(s)
      let baseline = Simulator.serialMakespan(s, workload: w)
      return shared.map { Simulator.run(s, model: $0, workload: w, recording: true, baseline: baseline) }
    }
    return CrossComparison(scenarios: scenarios, models: shared, runs: runs)
  }

  /// Makespans per model and scenario, with each scenario's change against the first.
  public var table: String {
    var rows: [[String]] = [["model"] + scenarios.map(\.name)]
    for (j, m) in models.enumerated() {
      var row = [runs.first?[j].model.label ?? m.kind.rawValue]
      let first = Double(runs[0][j].metrics.makespan)
      for i in scenarios.indices {
        let v = Double(runs[i][j].metrics.makespan)
        row.append(formatDuration(v) + (i == 0 ? "" : String(format: " (%+.1f%%)", (v - first) / first * 100)))
      }
      rows.append(row)
    }
    let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { r in r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
      .joined(separator: "\n")
  }

  public var csv: String {
    "model," + scenarios.map { "\($0.name)_makespan_ms" }.joined(separator: ",") + "\n"
      + models.indices.map { j in
        Export.csvField(runs[0][j].model.label) + ","
          + scenarios.indices.map { String(format: "%.3f", Double(runs[$0][j].metrics.makespan) / 1e6) }.joined(separator: ",")
      }.joined(separator: "\n") + "\n"
  }

  public func scene(measurer: any TextMeasuring, style: ChartStyle) -> Scene {
    var panels: [ChartRun] = []
    for j in models.indices {
      for i in scenarios.indices {
        guard var t = runs[i][j].trace else { continue }
        t.label = "\(scenarios[i].name) · \(runs[i][j].model.label)"
        panels.append(ChartRun(trace: t, metrics: runs[i][j].metrics))
      }
    }
    return ComparisonChart.scene(panels, title: scenarios.map(\.displayTitle).joined(separator: " against "),
      subtitle: "the same models in \(scenarios.count) scenarios, on one time axis · simulated by parsim", description: nil,
      style: style, measurer: measurer)
  }

  public func write(to dir: URL, formats: [ImageFormat]) throws -> [URL] {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let scene = scene(measurer: CairoTextMeasurer(), style: ChartStyle(scenarios[0].charts))
    var out: [URL] = []
    for f in formats {
      let url = dir.appendingPathComponent("compare.\(f.rawValue)")
      try ChartFiles.writeAtomically(try CairoRenderer.render(scene, format: f), to: url)
      out.append(url)
    }
    let csvURL = dir.appendingPathComponent("compare.csv")
    try ChartFiles.writeAtomically(Data(csv.utf8), to: csvURL)
    return out + [csvURL]
  }
}
