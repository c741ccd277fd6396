/// A parameter swept over values for one model: the data of a speed-up chart.
public struct Sweep: Hashable, Sendable {
  /// The model entry: its kind or its label.
  public var model: String
  /// A parameter of that model (`threads`, `max_workers`, `processes`, `workers`, `chunksize`,
  /// `limit`) or `cores`, the machine's.
  public var parameter: String
  public var values: [Int]

  public init(model: String, parameter: String, values: [Int]) {
    self.model = model
    self.parameter = parameter
    self.values = values
  }

  /// The parameters a sweep may vary, for a model kind; in a pipeline, each stage's workers
  /// and queue (`parse.workers`, `parse.queue`).
  public static func parameters(for kind: ModelKind, pipeline: Pipeline? = nil) -> [String] {
    if let pipeline { return pipeline.stages.flatMap { ["\($0.name).workers", "\($0.name).queue"] } + ["cores"] }
    return kind.parameterKeys.filter { !["start_method", "python", "api"].contains($0) } + ["cores"]
  }

  /// The scenario with the swept model's parameter set to `value`, and the index of that model.
  public func apply(_ value: Int, to scenario: Scenario) -> (Scenario, Int)? {
    guard let i = scenario.models.firstIndex(where: { $0.label == model })
      ?? scenario.models.firstIndex(where: { $0.kind.rawValue == model && $0.label == nil })
      ?? scenario.models.firstIndex(where: { $0.kind.rawValue == model })
    else { return nil }
    var s = scenario
    if var p = s.pipeline, let dot = parameter.lastIndex(of: ".") {
      guard let k = p.stageIndex(named: String(parameter[..<dot])) else { return nil }
      if parameter[parameter.index(after: dot)...] == "queue" { p.stages[k].queue = value } else { p.stages[k].workers = value }
      s.pipeline = p
      s.tasks = p.taskGroups
      return (s, i)
    }
    switch parameter {
    case "cores": s.machine.cores = value
    case "chunksize": s.models[i].chunksize = value
    case "limit": s.models[i].limit = value
    case "offload_workers": s.models[i].offloadWorkers = value
    default: s.models[i].workers = value
    }
    return (s, i)
  }
}
