/// Items flowing through stages joined by queues: the producer/consumer shape
/// (`docs/scenario-format.md` § "Pipelines").
///
///     q1 = queue.Queue(maxsize=32); q2 = queue.Queue(maxsize=16)
///     def fetch():                       # 8 threads
///         while (item := q1.get()) is not None:
///             ...; q2.put(item)
///     for item in source: produce(item); q1.put(item)     # the main thread
///     for _ in fetchers: q1.put(None)                     # shutdown by sentinel
///
/// A scenario has either `tasks` or a `pipeline`. For the loader's limits and the engine the
/// pipeline is also a list of task groups (`taskGroups`): the producer's work per item, then
/// each stage's, every group `items` long.
public struct Pipeline: Hashable, Sendable {
  /// How many items the source produces.
  public var items: Int
  public var arrivals: Arrivals
  /// The producer's own work per item (may be empty).
  public var produce: [Step]
  /// An item's pickled size between stages (matters where a stage runs in processes).
  public var args: Int64
  public var stages: [PipelineStage]

  public init(items: Int, arrivals: Arrivals = .allAtStart, produce: [Step] = [], args: Int64 = 0, stages: [PipelineStage]) {
    self.items = items
    self.arrivals = arrivals
    self.produce = produce
    self.args = args
    self.stages = stages
  }

  /// The group name of the producer's work among `taskGroups`.
  public static let produceGroup = "produce"

  /// The producer's work, then each stage's, as task groups of `items` tasks each.
  public var taskGroups: [TaskGroup] {
    [TaskGroup(name: Self.produceGroup, count: items, arrivals: arrivals, args: args, steps: produce)]
      + stages.map { TaskGroup(name: $0.name, count: items, args: args, steps: $0.steps) }
  }

  /// The stage a `--param` path such as `parse.workers` names, and the field.
  public func stageIndex(named name: String) -> Int? { stages.firstIndex { $0.name == name } }
}

/// One stage of a pipeline: its consumers and the queue that feeds them.
public struct PipelineStage: Hashable, Sendable {
  public var name: String
  /// How many consumers take items from this stage's queue.
  public var workers: Int
  /// `maxsize` of the queue feeding the stage: a full queue blocks whoever puts (0: unbounded).
  public var queue: Int
  public var steps: [Step]
  /// The kind of worker for this stage when it differs from the model's.
  public var run: StageRun?

  public init(name: String, workers: Int = 1, queue: Int = 0, steps: [Step], run: StageRun? = nil) {
    self.name = name
    self.workers = workers
    self.queue = queue
    self.steps = steps
    self.run = run
  }
}

/// What a pipeline stage's workers are.
public enum StageRun: String, CaseIterable, Hashable, Sendable {
  case thread, process, coroutine

  /// "thread", "threads"; "process", "processes".
  public func word(_ n: Int) -> String { n == 1 ? rawValue : self == .process ? "processes" : rawValue + "s" }
}

extension Pipeline {
  /// Each stage's kind of worker under a model: its `run`, else the model's own; nil under
  /// `serial` (one loop runs every stage, and `run` is ignored).
  public func workerKinds(under kind: ModelKind) -> [StageRun]? {
    guard let own = kind.pipelineWorkerKind else { return nil }
    return stages.map { $0.run ?? own }
  }

  /// The first stage whose coroutines would take items from a thread or process stage, under
  /// these kinds. Coroutines take items only from the event loop's own side (the producer or
  /// an earlier coroutine stage): a thread cannot `await` an `asyncio.Queue`, and the bridge
  /// into the loop (`loop.call_soon_threadsafe`) is not simulated.
  public static func coroutineAfterThreads(_ kinds: [StageRun]) -> Int? {
    guard let firstOther = kinds.firstIndex(where: { $0 != .coroutine }) else { return nil }
    return kinds[firstOther...].firstIndex(of: .coroutine)
  }
}

extension ModelKind {
  /// The models a pipeline runs under (`serial` runs each item through every stage in turn).
  public static let pipelineModels: [ModelKind] = [.serial, .threading, .freeThreading, .multiprocessing, .asyncio]

  /// The kind of worker a pipeline stage has under this model unless it sets `run`.
  public var pipelineWorkerKind: StageRun? {
    switch self {
    case .threading, .freeThreading: return .thread
    case .multiprocessing: return .process
    case .asyncio: return .coroutine
    default: return nil
    }
  }

  /// The parameters this model accepts in a pipeline scenario: a stage sets its own workers.
  public var pipelineParameterKeys: [String] { parameterKeys.filter { ["start_method", "python"].contains($0) } }
}
