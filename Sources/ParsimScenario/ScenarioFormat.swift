/// The keys of the scenario format, in one place: the loader accepts exactly these, and the
/// JSON Schema (`parsim schema`) describes exactly these.
public enum ScenarioFormat {
  public static let topKeys = ["name", "title", "description", "seed", "machine", "labels", "semaphores", "tasks", "pipeline", "models", "charts", "sweep"]
  public static let machineKeys = ["cores", "python", "switch_interval", "start_method", "profile", "costs"]
  public static let labelKeys = ["worker", "task"]
  public static let chartKeys = ["formats", "color", "width", "theme", "gil_lane", "core_lanes", "lock_lanes"]
  public static let groupKeys = ["name", "count", "arrivals", "args", "result", "steps", "on_result"]
  public static let pipelineKeys = ["items", "arrivals", "produce", "args", "stages"]
  public static let stageKeys = ["name", "workers", "queue", "steps", "run"]
  public static let arrivalKeys = ["every", "rate", "at"]
  public static let stepKinds = ["cpu", "io", "native", "blocking", "c_call", "lock", "semaphore", "offload", "repeat"]
  /// The keys of a duration distribution: one kind, and modifiers (`power` goes with `ramp`;
  /// `min`, `max` and `shift` with any kind).
  public static let distributionKinds = ["uniform", "exponential", "normal", "lognormal", "choice", "ramp", "mixture"]
  public static let distributionModifiers = ["power", "min", "max", "shift"]
  public static let distributionKeys = distributionKinds + distributionModifiers
  public static let mixtureComponentKeys = ["weight", "value"]
  public static let sweepKeys = ["model", "param", "values"]
  public static let profileKeys = ["costs", "about"]
  /// Keys an earlier parsim took, and what took their place (the hint of their error).
  public static let retiredKeys = [
    "ipc_to_child": "ipc_to_child was split into pickle_send (the sender's pickling and pipe write) and pipe_receive (the receiver's read and unpickling)",
    "ipc_to_parent": "ipc_to_parent was split into pickle_send (the sender's pickling and pipe write) and pipe_receive (the receiver's read and unpickling)",
  ]
  /// A model's parameters, beside the ones of its kind (`ModelKind.parameterKeys`).
  public static let modelCommonKeys = ["label"]
}
