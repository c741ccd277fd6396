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

  /// The parameters a sweep may vary, for a model kind.
  public static func parameters(for kind: ModelKind) -> [String] {
    kind.parameterKeys.filter { !["start_method", "python", "api"].contains($0) } + ["cores"]
  }

  /// The scenario with the swept model's parameter set to `value`, and the index of that model.
  public func apply(_ value: Int, to scenario: Scenario) -> (Scenario, Int)? {
    guard let i = scenario.models.firstIndex(where: { $0.label == model })
      ?? scenario.models.firstIndex(where: { $0.kind.rawValue == model && $0.label == nil })
      ?? scenario.models.firstIndex(where: { $0.kind.rawValue == model })
    else { return nil }
    var s = scenario
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
