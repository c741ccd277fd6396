import Foundation
import ParsimChart
import ParsimEngine
import ParsimScenario

/// Speed-up of one model as one of its parameters varies.
public struct SweepResult: Sendable {
  public var sweep: Sweep
  public var label: String
  public var kind: ModelKind
  public var points: [(value: Int, makespan: SimTime, speedup: Double)]
  /// The machine's cores (for a sweep of anything but the cores).
  public var cores: Int
  /// The model's workers (for a sweep of the cores).
  public var workers: Int
  /// Why a point could not be simulated (the event budget), naming the scenario and model.
  public var stopped: String? = nil

  /// Kinds whose workers can run Python on several cores at once.
  static let cpuParallel: Set<ModelKind> = [.multiprocessing, .processPool, .freeThreading, .subinterpreters]

  /// The bounds the chart draws: the ideal for the swept parameter, capped by what the model
  /// has beside it, and the cores where they bound a process model's workers.
  public var bounds: [SpeedupChart.Bound] {
    switch sweep.parameter {
    case "cores":
      return [.init(label: "ideal: speed-up = cores, up to the \(workers) workers", cap: workers)]
    case "chunksize":
      return []
    case "limit":
      return [.init(label: "ideal: speed-up = the limit (every wait overlaps)", cap: nil)]
    default:
      var b: [SpeedupChart.Bound] = [.init(label: "ideal: speed-up = \(sweep.parameter) (every worker busy at once)", cap: nil)]
      if Self.cpuParallel.contains(kind) { b.append(.init(label: "CPU bound: \(cores) cores compute at once", cap: cores)) }
      return b
    }
  }

  /// Amdahl's law where CPU parallelism bounds the curve, capped at min(workers, cores); the
  /// reason it is left out elsewhere.
  public var amdahl: Result<AmdahlFit, AmdahlFit.Unfit> {
    let pts = series.points
    switch sweep.parameter {
    case "cores":
      return AmdahlFit.fit(pts, cap: workers)
    case "chunksize":
      return .failure(.init(reason: "no Amdahl fit: the chunk size changes the overhead, not how many run at once"))
    default:
      guard Self.cpuParallel.contains(kind) else {
        return .failure(.init(reason: kind == .asyncio
          ? "no Amdahl fit: one event loop runs the Python; the speed-up comes from overlapped waits"
          : "no Amdahl fit: threads share one GIL; the speed-up comes from overlapped waits and native code"))
      }
      return AmdahlFit.fit(pts, cap: cores)
    }
  }

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
    switch amdahl {
    case .success(let fit):
      return out + String(format: "Amdahl fit: parallel fraction %.3f", fit.fraction)
        + (fit.cap.map { ", at most \($0) computing at once" } ?? "") + "\n"
    case .failure(let unfit):
      return out + unfit.reason.prefix(1).uppercased() + unfit.reason.dropFirst() + ".\n"
    }
  }

  /// Simulates the sweep; the speed-up of each point is against serial on the same machine.
  public static func run(_ sweep: Sweep, scenario: Scenario) -> SweepResult? {
    var points: [(Int, SimTime, Double)] = []
    var label = sweep.model
    var kind = ModelKind.serial
    var workers = 1
    for value in sweep.values {
      guard let (s, i) = sweep.apply(value, to: scenario) else { return nil }
      let w = Workload(s)
      let baseline = Simulator.serialMakespan(s, workload: w)
      let run = Simulator.run(s, model: s.models[i], workload: w, recording: false, baseline: baseline)
      if let why = run.stopped {
        return SweepResult(sweep: sweep, label: label, kind: run.spec.kind, points: points, cores: scenario.machine.cores,
          workers: run.model.workers, stopped: "\(sweep.parameter) = \(value): \(why)")
      }
      label = run.model.label
      kind = run.spec.kind
      workers = run.model.workers
      points.append((value, run.metrics.makespan, run.metrics.speedup ?? 0))
    }
    return SweepResult(sweep: sweep, label: sweep.parameter == "cores" ? label : label.components(separatedBy: " (")[0],
      kind: kind, points: points, cores: scenario.machine.cores, workers: workers)
  }

  public func scene(scenario: Scenario, style: ChartStyle, measurer: any TextMeasuring) -> Scene {
    var s = series
    s.amdahl = amdahl
    return SpeedupChart.scene([s], title: "\(scenario.displayTitle): speed-up against \(sweep.parameter)",
      subtitle: "\(label), \(sweep.parameter) from \(sweep.values.min() ?? 0) to \(sweep.values.max() ?? 0) · against serial"
        + (sweep.parameter == "cores" ? "" : " · \(cores) cores") + " · simulated by parsim",
      style: style, measurer: measurer, axisLabel: sweep.parameter, bounds: bounds)
  }
}
