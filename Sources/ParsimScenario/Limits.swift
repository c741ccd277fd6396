/// The documented limits of the scenario format. A file past any of them gets a `limit` error
/// rather than a slow or crashing run (see `docs/scenario-format.md`).
public enum Limits {
  /// Largest scenario or profile file: 4 MiB.
  public static let fileBytes = 4 * 1_048_576
  /// Deepest YAML nesting (flow brackets, or indentation plus `- ` markers on a line).
  public static let yamlDepth = 200
  /// Most YAML nodes visited in one file (aliases count each time they are used).
  public static let yamlNodes = 200_000
  /// Most task groups.
  public static let taskGroups = 1_000
  /// Most tasks, over all groups.
  public static let tasks = 1_000_000
  /// Deepest nesting of `lock` and `repeat` steps.
  public static let stepDepth = 32
  /// Largest `repeat` count.
  public static let repeatCount = 1_000_000
  /// Most leaf steps one task runs, repeats expanded.
  public static let stepsPerTask = 1_000_000
  /// Most leaf steps over all tasks, repeats expanded.
  public static let totalSteps = 1_000_000_000
  /// Most entries in an `at:` list or a `choice:` list.
  public static let listEntries = 100_000
  /// Most semaphores, and the largest value of one.
  public static let semaphores = 1_000
  public static let semaphoreValue = 1_000_000
  /// Most components of one `mixture`.
  public static let mixtureComponents = 1_000
  /// Most models in one scenario.
  public static let models = 64
  /// Largest thread, worker or process count of a model.
  public static let workers = 10_000
  /// The longest a scenario may run: its tasks' durations one after another, or its last
  /// arrival, at most 10^17 ns (about three years), so simulated time can never overflow. The
  /// framework costs count too: each cost key's value times the number of times it can be paid.
  public static let totalDuration: Int64 = 100_000_000_000_000_000
  /// Most events one model's run may take (about 10 to 20 seconds of simulation): a run
  /// expected to need more is refused before it starts, and one that gets there stops, each with
  /// an error naming the scenario and the model.
  public static let events = 100_000_000
  /// Most spans a recorded trace keeps (about 130 MB): a chart needs pixels, not every span.
  /// Past it the trace stops at that moment and the charts say so; the metrics still cover the
  /// whole run.
  public static let traceSpans = 4_000_000
  /// Most cores.
  public static let cores = 1_024
  /// Longest scenario name.
  public static let nameLength = 64
}
