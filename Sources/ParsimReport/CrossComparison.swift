import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario

/// The same models across scenarios: side by side, with a table of differences.
public struct CrossComparison: Sendable {
  public var scenarios: [Scenario]
  /// The models the scenarios share (by kind and label), in the first scenario's order.
  public var models: [ModelSpec]
  /// runs[i][j]: scenario i, model j.
  public var runs: [[ModelRun]]
  /// Per scenario, the selected models left out because not every scenario has them.
  public var leftOut: [[ModelSpec]]

  /// Runs the models that every scenario has (of those `selection` picks in each).
  public static func run(_ scenarios: [Scenario], selection: ModelSelection = .all) -> CrossComparison {
    let picked = scenarios.map { s -> [ModelSpec] in
      (try? selection.models(in: s, lenient: true).get()) ?? []
    }
    let shared = (picked.first ?? []).filter { m in picked.allSatisfy { $0.contains(m) } }
    let runs = scenarios.map { s -> [ModelRun] in
      let w = Workload(s)
      let baseline = Simulator.serialMakespan(s, workload: w)
      return shared.map { Simulator.run(s, model: $0, workload: w, recording: true, baseline: baseline) }
    }
    return CrossComparison(scenarios: scenarios, models: shared, runs: runs,
      leftOut: picked.map { p in p.filter { !shared.contains($0) } })
  }

  /// Lines that say what the table leaves out and what its percentages mean.
  public var notes: [String] {
    var out: [String] = []
    if scenarios.count > 1 {
      out.append("Percentages: each scenario's makespan against \(scenarios[0].name)'s, for the same model (+ is slower).")
    }
    for (s, left) in zip(scenarios, leftOut) where !left.isEmpty {
      let labels = left.map { ResolvedModel($0, scenario: s, taskCount: s.taskCount).label }
      out.append("Left out of \(s.name), not in every scenario: \(labels.joined(separator: ", ")).")
    }
    return out
  }

  /// Makespans per model and scenario, with each scenario's change against the first.
  public var table: String {
    var rows: [[String]] = [["model"] + scenarios.enumerated().map { i, s in i == 0 ? s.name : "\(s.name) (vs \(scenarios[0].name))" }]
    for (j, m) in models.enumerated() {
      var row = [runs.first?[j].model.label ?? m.kind.rawValue]
      let first = Double(runs[0][j].metrics.makespan)
      for i in scenarios.indices {
        if let d = runs[i][j].metrics.deadlock {
          row.append(d.headline)
          continue
        }
        let v = Double(runs[i][j].metrics.makespan)
        let comparable = i > 0 && runs[0][j].metrics.deadlock == nil && first > 0
        row.append(formatDuration(v) + (comparable ? String(format: " (%+.1f%%)", (v - first) / first * 100) : ""))
      }
      rows.append(row)
    }
    let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { r in r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
      .joined(separator: "\n") + notes.map { "\n· " + $0 }.joined()
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
      subtitle: "the same models in \(scenarios.count) scenarios · simulated by parsim",
      description: notes.isEmpty ? nil : notes.joined(separator: " "), style: style, measurer: measurer)
  }

  public func write(to dir: URL, formats: [ImageFormat], style: ChartStyle? = nil) throws -> [URL] {
    try Interruption.shared.createDirectory(dir)
    let scene = scene(measurer: CairoTextMeasurer(), style: style ?? ChartStyle(scenarios[0].charts))
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
