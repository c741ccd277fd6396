import Foundation
import ParsimChart
import ParsimEngine
import ParsimScenario

/// Speed-up of one model as one of its parameters varies.
public struct SweepResult: Sendable {
  public var sweep: Sweep
  public var label: String
  public var points: [(value: Int, makespan: SimTime, speedup: Double)]
  /// The machine's cores, which cap how many workers run at once (nil when cores are swept).
  public var cores: Int?

  public var series: SpeedupChart.Series {
    SpeedupChart.Series(label: label, points: points.map { .init(workers: $0.value, speedup: $0.speedup) })
  }

  /// value, makespan_ms, speedup.
  public var csv: String {
    "\(sweep.parameter),makespan_ms,speedup\n"
      + points.map { String(format: "%d,%.3f,%.4f", $0.value, Double($0.makespan) / 1e6, $0.speedup) }.joined(separator: "\n") + "\n"
  }

  public var table: String {
    var out = "\(sweep.parameter.padding(toLength: max(8, sweep.parameter.count), withPad: " ", startingAt: 0))  makespan   speed-up\n"
    for p in points {
      out += String(p.value).padding(toLength: max(8, sweep.parameter.count), withPad: " ", startingAt: 0)
        + "  " + formatDuration(Double(p.makespan)).padding(toLength: 9, withPad: " ", startingAt: 0)
        + String(format: "  %.2f×", p.speedup) + "\n"
    }
    let fit = SpeedupChart.amdahlFit(series.points, cores: cores)
    return out + String(format: "Amdahl fit: parallel fraction %.3f", fit) + (cores.map { " on \($0) cores" } ?? "") + "\n"
  }

  /// Simulates the sweep; the speed-up of each point is against serial on the same machine.
  public static func run(_ sweep: Sweep, scenario: Scenario) -> SweepResult? {
    var points: [(Int, SimTime, Double)] = []
    var label = sweep.model
    for value in sweep.values {
      guard let (s, i) = sweep.apply(value, to: scenario) else { return nil }
      let w = Workload(s)
      let baseline = Simulator.serialMakespan(s, workload: w)
      let run = Simulator.run(s, model: s.models[i], workload: w, recording: false, baseline: baseline)
      label = run.spec.label ?? run.spec.kind.rawValue
      points.append((value, run.metrics.makespan, run.metrics.speedup ?? 0))
    }
    return SweepResult(sweep: sweep, label: label, points: points,
      cores: sweep.parameter == "cores" || sweep.parameter == "chunksize" || sweep.parameter == "limit" ? nil : scenario.machine.cores)
  }

  public func scene(scenario: Scenario, style: ChartStyle, measurer: any TextMeasuring) -> Scene {
    SpeedupChart.scene([series], title: "\(scenario.displayTitle): speed-up against \(sweep.parameter)",
      subtitle: "\(label), \(sweep.parameter) from \(sweep.values.min() ?? 0) to \(sweep.values.max() ?? 0) · against serial · simulated by parsim",
      style: style, measurer: measurer, axisLabel: sweep.parameter, cores: cores)
  }
}
