/// A workload and the parallelism models to run it under: the parsed form of a scenario file.
///
/// Every field but `name` and `tasks` has a default (see `docs/scenario-format.md`).
public struct Scenario: Hashable, Sendable {
  public var name: String
  public var title: String?
  public var description: String?
  public var seed: UInt64
  public var machine: Machine
  public var labels: Labels
  public var tasks: [TaskGroup]
  public var models: [ModelSpec]
  public var charts: ChartOptions
  /// A parameter to sweep in reports (`parsim report`), or nil.
  public var sweep: Sweep?
  /// Named counting semaphores (`semaphores: {db: 4}`), in the order written.
  public var semaphores: [SemaphoreSpec] = []
  /// Items through stages joined by queues, instead of independent tasks; `tasks` then holds
  /// its groups (`Pipeline.taskGroups`).
  public var pipeline: Pipeline?

  public init(
    name: String, title: String? = nil, description: String? = nil, seed: UInt64 = 0,
    machine: Machine = Machine(), labels: Labels = Labels(), tasks: [TaskGroup],
    models: [ModelSpec] = ModelSpec.defaultSet, charts: ChartOptions = ChartOptions(), sweep: Sweep? = nil
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.seed = seed
    self.machine = machine
    self.labels = labels
    self.tasks = tasks
    self.models = models
    self.charts = charts
    self.sweep = sweep
  }

  /// The title, or the name when there is none.
  public var displayTitle: String { title ?? name }

  /// The number of tasks over all groups (a pipeline's items).
  public var taskCount: Int { pipeline?.items ?? tasks.reduce(0) { $0 + $1.count } }

  /// The number of steps all tasks run, repeats expanded.
  public var expandedStepCount: Int {
    tasks.reduce(0) { total, group in
      let (p, o) = group.expandedStepsPerTask.multipliedReportingOverflow(by: group.count)
      return o ? Int.max : total &+ p
    }
  }
}

/// The machine a scenario runs on.
public struct Machine: Hashable, Sendable {
  public var cores: Int
  public var python: PythonVersion
  /// `sys.setswitchinterval`, when the scenario sets one.
  public var switchInterval: Int64?
  /// The default start method for process models; nil means the version's default.
  public var startMethod: StartMethod?
  /// A calibrated profile file (`parsim calibrate`), relative to the scenario file.
  public var profile: String?
  /// Costs written in the scenario, which override the profile and the built-in defaults.
  public var costs: CostOverrides
  /// Costs read from `profile`, filled in by the loader (not written back when rendering).
  public var profileCosts: CostOverrides

  public init(
    cores: Int = 2, python: PythonVersion = .v3_11, switchInterval: Int64? = nil,
    startMethod: StartMethod? = nil, profile: String? = nil, costs: CostOverrides = CostOverrides(),
    profileCosts: CostOverrides = CostOverrides()
  ) {
    self.cores = cores
    self.python = python
    self.switchInterval = switchInterval
    self.startMethod = startMethod
    self.profile = profile
    self.costs = costs
    self.profileCosts = profileCosts
  }

  /// The start method process models use when they name none.
  public var effectiveStartMethod: StartMethod { startMethod ?? python.defaultStartMethod }

  /// Built-in defaults for the version, then the profile, then the scenario's own costs.
  public var resolvedCosts: CostProfile {
    var c = CostProfile.defaults(for: python)
    profileCosts.apply(to: &c)
    costs.apply(to: &c)
    if let switchInterval { c.switchInterval = switchInterval }
    return c
  }
}

/// The CPython versions whose defaults parsim knows. A `t` marks a free-threaded build.
public enum PythonVersion: String, CaseIterable, Hashable, Sendable {
  case v3_11 = "3.11", v3_12 = "3.12", v3_13 = "3.13", v3_13t = "3.13t", v3_14 = "3.14",
    v3_14t = "3.14t"

  public var isFreeThreaded: Bool { self == .v3_13t || self == .v3_14t }

  /// fork on Linux up to 3.13; forkserver from 3.14 (gh-84559).
  public var defaultStartMethod: StartMethod {
    switch self {
    case .v3_14, .v3_14t: return .forkserver
    default: return .fork
    }
  }

  /// The free-threaded build of the same release (3.13t for 3.11–3.13).
  public var freeThreadedBuild: PythonVersion {
    switch self {
    case .v3_14, .v3_14t: return .v3_14t
    default: return .v3_13t
    }
  }
}

/// How `multiprocessing` starts worker processes.
public enum StartMethod: String, CaseIterable, Hashable, Sendable {
  case fork, spawn, forkserver
}

/// The words charts use for workers and tasks ("Till 1", "Customer 3").
public struct Labels: Hashable, Sendable {
  public var worker: String?
  public var task: String?
  public init(worker: String? = nil, task: String? = nil) {
    self.worker = worker
    self.task = task
  }
}

/// A group of identical tasks.
public struct TaskGroup: Hashable, Sendable {
  public var name: String
  public var count: Int
  public var arrivals: Arrivals
  /// Pickled size of the task's arguments, in bytes (matters to process models).
  public var args: Int64
  /// Pickled size of the task's result, in bytes.
  public var result: Int64
  public var steps: [Step]
  /// The caller's own work on each of these tasks' results, as it takes them back.
  public var onResult: [Step]

  public init(
    name: String, count: Int = 1, arrivals: Arrivals = .allAtStart, args: Int64 = 0,
    result: Int64 = 0, steps: [Step], onResult: [Step] = []
  ) {
    self.name = name
    self.count = count
    self.arrivals = arrivals
    self.args = args
    self.result = result
    self.steps = steps
    self.onResult = onResult
  }

  /// Steps one task runs with repeats expanded, its `on_result` work included (saturating at
  /// `Int.max`).
  public var expandedStepsPerTask: Int { Step.expandedCount(steps + onResult) }
}

/// When the tasks of a group arrive.
public enum Arrivals: Hashable, Sendable {
  /// All at time zero (the default): a `map` over a list.
  case allAtStart
  /// One every `interval` nanoseconds, the first at zero.
  case every(Int64)
  /// Poisson arrivals at this many tasks per second.
  case rate(perSecond: Double)
  /// At the given times; the group's count is the number of times.
  case at([Int64])

  /// A bound on the last of `count` arrivals, for the loader's time limit (Poisson: 50 mean
  /// gaps per arrival), saturating at `Int64.max`.
  func lastArrivalBound(count: Int) -> Int64 {
    switch self {
    case .every(let gap): return gap.multipliedReportingOverflow(by: Int64(count)).overflow ? .max : gap * Int64(count)
    case .rate(let r): return Double(count) * 1e9 / r * 50 > 9e18 ? .max : Int64(Double(count) * 1e9 / r * 50)
    case .at(let ts): return ts.max() ?? 0
    case .allAtStart: return 0
    }
  }
}

/// One step of a task.
public indirect enum Step: Hashable, Sendable {
  /// Python bytecode: needs a core and the GIL.
  case cpu(DurationSpec)
  /// A blocking wait (network, disk, `time.sleep`): releases the GIL, needs no core.
  case io(DurationSpec)
  /// C code that releases the GIL (hashlib ≥ 2 KiB, zlib, numpy): needs a core only.
  case native(DurationSpec)
  /// A synchronous call that releases the GIL but, inside asyncio, stalls the event loop.
  case blocking(DurationSpec)
  /// C code that keeps the GIL and never checks for a drop request until it returns (`sum`,
  /// `sorted`, `re`, `int**int`): needs a core and the GIL, and other threads wait it out.
  case cCall(DurationSpec)
  /// The nested steps run while holding the named lock.
  case lock(String, [Step])
  /// The nested steps run holding one unit of the named semaphore.
  case semaphore(String, [Step])
  /// Under asyncio, the nested steps run in an executor while the coroutine awaits them:
  /// `asyncio.to_thread` (the loop's default thread pool) or `loop.run_in_executor` with a
  /// process pool. Under every other model they run inline.
  case offload(OffloadKind, [Step])
  /// The nested steps, `count` times over.
  case `repeat`(Int, [Step])

  /// The longest time the steps can take one after another (the upper bound of each duration,
  /// repeats expanded), saturating at `Int64.max`.
  public static func upperBoundDuration(_ steps: [Step]) -> Int64 {
    var total: Int64 = 0
    for step in steps {
      let d: Int64
      switch step {
      case .cpu(let s), .io(let s), .native(let s), .blocking(let s), .cCall(let s): d = s.upperBound
      case .lock(_, let inner), .semaphore(_, let inner), .offload(_, let inner): d = upperBoundDuration(inner)
      case .repeat(let n, let inner):
        let (p, o) = upperBoundDuration(inner).multipliedReportingOverflow(by: Int64(n))
        d = o ? .max : p
      }
      let (sum, o) = total.addingReportingOverflow(d)
      total = o ? .max : sum
    }
    return total
  }

  /// The mean time the steps spend in Python (`cpu`) and in cores without the GIL (`native`),
  /// repeats expanded: for an estimate of how many GIL switches and time slices a run needs.
  public static func meanComputeTime(_ steps: [Step]) -> (python: Double, native: Double) {
    var python = 0.0
    var native = 0.0
    for step in steps {
      switch step {
      case .cpu(let s), .cCall(let s): python += s.mean
      case .native(let s): native += s.mean
      case .io, .blocking: break
      case .lock(_, let inner), .semaphore(_, let inner), .offload(_, let inner):
        let (p, n) = meanComputeTime(inner)
        python += p
        native += n
      case .repeat(let count, let inner):
        let (p, n) = meanComputeTime(inner)
        python += p * Double(count)
        native += n * Double(count)
      }
    }
    return (python, native)
  }

  /// "lock 'a'" or "semaphore 'b'" for the first lock or semaphore step among `steps`, if any.
  public static func firstLockOrSemaphore(_ steps: [Step]) -> String? {
    for step in steps {
      switch step {
      case .lock(let n, _): return "lock '\(n)'"
      case .semaphore(let n, _): return "semaphore '\(n)'"
      case .repeat(_, let inner), .offload(_, let inner): if let found = firstLockOrSemaphore(inner) { return found }
      default: continue
      }
    }
    return nil
  }

  /// True when an `offload` step is among `steps`.
  public static func containsOffload(_ steps: [Step]) -> Bool {
    steps.contains { step in
      switch step {
      case .offload: return true
      case .repeat(_, let inner), .lock(_, let inner), .semaphore(_, let inner): return containsOffload(inner)
      default: return false
      }
    }
  }

  /// The number of leaf steps, repeats expanded, saturating at `Int.max`.
  public static func expandedCount(_ steps: [Step]) -> Int {
    var total = 0
    for step in steps {
      let n: Int
      switch step {
      case .cpu, .io, .native, .blocking, .cCall: n = 1
      case .lock(_, let inner), .semaphore(_, let inner), .offload(_, let inner): n = expandedCount(inner)
      case .repeat(let count, let inner):
        let (p, o) = expandedCount(inner).multipliedReportingOverflow(by: count)
        n = o ? Int.max : p
      }
      let (s, o) = total.addingReportingOverflow(n)
      total = o ? Int.max : s
    }
    return total
  }
}

/// The kinds of parallelism model parsim simulates.
public enum ModelKind: String, CaseIterable, Hashable, Sendable {
  case serial, threading
  case threadPool = "thread_pool"
  case dummyPool = "dummy_pool"
  case multiprocessing
  case processPool = "process_pool"
  case asyncio
  case freeThreading = "free_threading"
  case subinterpreters

  /// The parameters this model accepts besides `label`.
  public var parameterKeys: [String] {
    switch self {
    case .serial: return []
    case .threading: return ["threads"]
    case .threadPool: return ["max_workers", "api"]
    case .dummyPool: return ["processes", "chunksize", "api"]
    case .multiprocessing: return ["processes", "chunksize", "start_method", "api"]
    case .processPool: return ["max_workers", "chunksize", "start_method", "api"]
    case .asyncio: return ["limit", "offload_workers", "start_method"]
    case .freeThreading: return ["threads", "python"]
    case .subinterpreters: return ["workers", "python", "api"]
    }
  }
}

/// One model entry of a scenario, with its parameters.
public struct ModelSpec: Hashable, Sendable {
  public var kind: ModelKind
  /// A name for this entry in charts and JSON, used verbatim.
  public var label: String?
  /// Thread, worker or process count (`threads`, `max_workers`, `processes`, `workers`).
  public var workers: Int?
  public var chunksize: Int?
  public var startMethod: StartMethod?
  /// asyncio's concurrency limit (a semaphore).
  public var limit: Int?
  /// asyncio's process pool for `offload: process` steps: its size (default: the cores).
  public var offloadWorkers: Int?
  /// How the caller takes results from a pool or executor (default `map`).
  public var api: ResultAPI?
  /// The free-threaded build to model (`3.13t` or `3.14t`).
  public var python: PythonVersion?

  public init(
    _ kind: ModelKind, label: String? = nil, workers: Int? = nil, chunksize: Int? = nil,
    startMethod: StartMethod? = nil, limit: Int? = nil, python: PythonVersion? = nil
  ) {
    self.kind = kind
    self.label = label
    self.workers = workers
    self.chunksize = chunksize
    self.startMethod = startMethod
    self.limit = limit
    self.python = python
  }

  /// The models a pipeline runs under when its scenario names none.
  public static let pipelineDefaultSet: [ModelSpec] = [ModelSpec(.serial), ModelSpec(.threading), ModelSpec(.multiprocessing),
    ModelSpec(.asyncio)]

  /// The models a scenario runs when it lists none.
  public static let defaultSet: [ModelSpec] = [
    ModelSpec(.serial), ModelSpec(.threading), ModelSpec(.threadPool), ModelSpec(.multiprocessing),
    ModelSpec(.processPool), ModelSpec(.asyncio),
  ]
}

/// How charts of this scenario look.
public struct ChartOptions: Hashable, Sendable {
  public enum Format: String, CaseIterable, Hashable, Sendable { case svg, png, pdf }
  public enum ColorMode: String, CaseIterable, Hashable, Sendable { case state, task }
  public enum Theme: String, CaseIterable, Hashable, Sendable { case light, dark }

  public var formats: [Format]
  public var color: ColorMode
  public var width: Int
  public var theme: Theme
  public var gilLane: Bool
  public var coreLanes: Bool
  /// A lane per named lock and semaphore: who holds it, like the GIL lane.
  public var lockLanes: Bool

  public init(
    formats: [Format] = [.png, .svg], color: ColorMode = .state, width: Int = 1200,
    theme: Theme = .light, gilLane: Bool = false, coreLanes: Bool = false, lockLanes: Bool = false
  ) {
    self.lockLanes = lockLanes
    self.formats = formats
    self.color = color
    self.width = width
    self.theme = theme
    self.gilLane = gilLane
    self.coreLanes = coreLanes
  }
}

/// How a caller hands tasks to a pool or executor and takes their results back, and so when
/// its `on_result` work runs.
public enum ResultAPI: String, CaseIterable, Hashable, Sendable {
  /// `Pool.map` / `Executor.map`: results in submission order (Pool's `map` only once all are
  /// back, an executor's as each in order is done).
  case map
  /// `Pool.imap`: in submission order, each as soon as it and those before it are back.
  case imap
  /// `Pool.imap_unordered`: each as soon as it is back.
  case imapUnordered = "imap_unordered"
  /// `Pool.apply_async` per task, then `.get()` on each in submission order.
  case applyAsync = "apply_async"
  /// `Executor.submit` per task, then `as_completed`: each as soon as it is done.
  case asCompleted = "as_completed"

  /// The values a model kind takes.
  public static func values(for kind: ModelKind) -> [ResultAPI] {
    switch kind {
    case .multiprocessing, .dummyPool: return [.map, .imap, .imapUnordered, .applyAsync]
    case .threadPool, .processPool, .subinterpreters: return [.map, .asCompleted]
    default: return []
    }
  }

  /// True when results are taken as they come back, whatever their order.
  public var takesCompletionOrder: Bool { self == .imapUnordered || self == .asCompleted }
}

/// Where an `offload` step's work goes under asyncio.
public enum OffloadKind: String, CaseIterable, Hashable, Sendable {
  /// `await asyncio.to_thread(f)`: the loop's default executor, a `ThreadPoolExecutor` of
  /// `min(32, cores + 4)` threads.
  case thread
  /// `await loop.run_in_executor(pool, f)` with a `ProcessPoolExecutor` of the model's
  /// `offload_workers` processes.
  case process
}

/// A named counting semaphore of a scenario: `threading.Semaphore(value)` (or its asyncio and
/// multiprocessing counterparts), shared by every task that names it.
public struct SemaphoreSpec: Hashable, Sendable {
  public var name: String
  public var value: Int
  public init(name: String, value: Int) {
    self.name = name
    self.value = value
  }
}
