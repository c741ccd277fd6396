import ParsimScenario

/// What one stage of a pipeline did over a run: its throughput, its queue, its workers.
public struct StageMetrics: Hashable, Sendable {
  public var name: String
  public var workers: Int
  /// The maxsize of the queue feeding it (0: unbounded).
  public var maxsize: Int
  /// Items its workers took from its queue.
  public var items: Int
  /// Items per second over the makespan.
  public var throughput: Double
  /// An item's mean time in the stage's queue, in nanoseconds (0 for one handed straight to a
  /// waiting worker).
  public var meanWait: Double
  /// The queue's mean length over the makespan (Little's law: `throughput × meanWait`).
  public var meanLength: Double
  /// The most items the queue held at once.
  public var longest: Int
  /// The share of the makespan the queue was full (0 for an unbounded one).
  public var fullShare: Double
  /// The share of its workers' time (workers × makespan) spent on items.
  public var utilization: Double
}

extension Simulation {
  /// Each stage's figures over a run of `makespan`.
  func stageMetrics(makespan: SimTime) -> [StageMetrics] {
    guard let shapes = workload.stages else { return [] }
    let span = Double(max(1, makespan))
    return shapes.enumerated().map { k, shape in
      let s = stageStats[k]
      return StageMetrics(name: shape.name, workers: shape.workers, maxsize: shape.maxsize, items: s.passed,
        throughput: Double(s.passed) / span * 1e9, meanWait: s.passed > 0 ? Double(s.waited) / Double(s.passed) : 0,
        meanLength: s.area / span, longest: s.longest, fullShare: Double(s.full) / span,
        utilization: Double(s.busy) / (span * Double(model.kind == .serial ? 1 : max(1, shape.workers))))
    }
  }
}

extension Explanation {
  /// A pipeline's line: the busiest stage is its bottleneck, with how busy its workers were and
  /// how often its queue was full; a shared GIL or the cores are named where they bound it.
  static func pipelineLine(_ m: Metrics, model: ResolvedModel, cores: Int) -> String {
    guard let b = m.stages.max(by: { $0.utilization < $1.utilization }) else { return m.explanation }
    let speed = m.speedup.map { String(format: " (speed-up %.2f×)", $0) } ?? ""
    if model.kind == .serial {
      return "One item at a time through every stage: \(b.name) took \(percent(b.utilization)) of the run." 
    }
    var line = "\(b.name) is the bottleneck: \(b.workers) worker\(b.workers == 1 ? "" : "s") busy \(percent(b.utilization)) of the run"
    if b.maxsize > 0, b.fullShare >= 0.05 {
      line += ", its queue full \(percent(b.fullShare)) of the time"
    } else if b.meanLength >= 1 {
      line += String(format: ", %.1f items waiting in its queue on average", b.meanLength)
    }
    if let g = m.gilUtilization, g >= saturated, [.threading, .asyncio].contains(model.kind) {
      line += model.kind == .asyncio
        ? "; the event loop ran Python \(percent(g)) of the run, one coroutine at a time"
        : "; the GIL was held \(percent(g)) of the run, so the stages' Python ran one thread at a time"
    } else if m.coreUtilization >= saturated {
      line += "; the \(cores) core\(cores == 1 ? "" : "s") were busy \(percent(m.coreUtilization)) of it"
    }
    return line + speed + "."
  }
}
