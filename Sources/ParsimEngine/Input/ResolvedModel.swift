import ParsimScenario

/// A model entry with every default filled in for a given scenario.
public struct ResolvedModel: Hashable, Sendable {
  public var kind: ModelKind
  public var label: String
  /// Threads, workers or processes.
  public var workers: Int
  /// Tasks per work item (1 for executors' `submit`, `apply_async` and threads).
  public var chunksize: Int
  public var startMethod: StartMethod
  /// asyncio's semaphore, or nil for none.
  public var limit: Int?
  /// asyncio's process pool for `offload: process` steps (default: the cores).
  public var offloadWorkers: Int
  /// The free-threaded build modelled by `free_threading`.
  public var freeThreadedBuild: PythonVersion?
  /// True when the caller blocks in a join or `map` and must be woken for the last result.
  public var callerWakes: Bool
  /// True when tasks are submitted as they arrive rather than mapped over a list.
  public var streaming: Bool
  /// True when the caller takes each future's result in submission order (executors' `map`, or
  /// a loop over `future.result()`), waking for each one that is not done yet.
  ///
  /// A Pool's caller does so too when it takes results one by one (`imap`, `imap_unordered`,
  /// `apply_async`) or has `on_result` work to do on each.
  public var collectsResults: Bool {
    [.threadPool, .processPool, .subinterpreters].contains(kind)
      || [.multiprocessing, .dummyPool].contains(kind) && (api != .map || hasOnResult)
  }
  /// How the caller takes results back (`map` by default).
  public var api: ResultAPI
  /// Some task group has `on_result` work for the caller.
  public var hasOnResult: Bool
  /// The scenario is a pipeline: `workers` counts every stage's.
  public var isPipeline = false

  /// The largest default thread count of `threading` (one thread per task otherwise).
  public static let defaultThreadCap = 10_000

  public init(_ spec: ModelSpec, scenario: Scenario, taskCount: Int) {
    let cores = scenario.machine.cores
    kind = spec.kind
    streaming = !scenario.tasks.allSatisfy { $0.arrivals == .allAtStart }
    startMethod = spec.startMethod ?? scenario.machine.effectiveStartMethod
    limit = spec.limit
    offloadWorkers = spec.offloadWorkers ?? cores
    api = spec.api ?? .map
    hasOnResult = scenario.tasks.contains { !$0.onResult.isEmpty }
    if api == .applyAsync { streaming = true }
    freeThreadedBuild = nil
    callerWakes = true
    let n = max(1, taskCount)
    switch spec.kind {
    case .serial:
      workers = 1
      callerWakes = false
    case .threading:
      workers = spec.workers ?? min(n, Self.defaultThreadCap)
    case .freeThreading:
      workers = spec.workers ?? min(n, Self.defaultThreadCap)
      freeThreadedBuild = spec.python ?? scenario.machine.python.freeThreadedBuild
    case .threadPool, .subinterpreters:
      // ThreadPoolExecutor's default; InterpreterPoolExecutor inherits it (super().__init__).
      workers = spec.workers ?? min(32, cores + 4)
    case .dummyPool, .multiprocessing, .processPool:
      workers = spec.workers ?? cores
    case .asyncio:
      workers = 1
      callerWakes = false
    }
    switch spec.kind {
    case .multiprocessing, .dummyPool:
      if let c = spec.chunksize {
        chunksize = c
      } else if streaming || api == .imap || api == .imapUnordered {  // imap's chunksize defaults to 1
        chunksize = 1
      } else {
        // Pool._map_async: chunksize, extra = divmod(len(iterable), len(self._pool) * 4)
        let (q, r) = n.quotientAndRemainder(dividingBy: workers * 4)
        chunksize = max(1, q + (r > 0 ? 1 : 0))
      }
    case .processPool:
      chunksize = streaming ? 1 : (spec.chunksize ?? 1)
    default:
      chunksize = 1
    }
    if let p = scenario.pipeline {
      workers = p.stages.reduce(0) { $0 + $1.workers }
      chunksize = 1
      streaming = false
      isPipeline = true
      label = spec.label ?? Self.describePipeline(kind: spec.kind, p, startMethod: startMethod, build: freeThreadedBuild)
      return
    }
    label = spec.label ?? Self.describe(kind: spec.kind, workers: workers, chunksize: chunksize,
      startMethod: startMethod, limit: limit, build: freeThreadedBuild, explicitChunks: spec.chunksize != nil, streaming: streaming,
      api: api)
  }

  /// "threading (8 · 2 · 1 threads)": the model and each stage's workers, in stage order.
  /// Stages whose workers are not all of one kind say each kind: "threading (20 coroutines ·
  /// 2 threads · 1 thread)".
  static func describePipeline(kind: ModelKind, _ p: Pipeline, startMethod: StartMethod, build: PythonVersion?) -> String {
    var counts = p.stages.map { String($0.workers) }.joined(separator: " · ")
    if let kinds = p.workerKinds(under: kind), Set(kinds).count > 1 {
      counts = zip(p.stages, kinds).map { "\($0.workers) \($1.word($0.workers))" }.joined(separator: " · ")
      let method = kinds.contains(.process) ? ", \(startMethod.rawValue)" : ""
      if kind == .freeThreading { return "free threading (\(counts), \(build?.rawValue ?? "3.13t")\(method))" }
      return "\(kind.rawValue) (\(counts)\(method))"
    }
    let one = p.stages.count == 1 && p.stages[0].workers == 1
    switch kind {
    case .threading: return "threading (\(counts) thread\(one ? "" : "s"))"
    case .freeThreading: return "free threading (\(counts) thread\(one ? "" : "s"), \(build?.rawValue ?? "3.13t"))"
    case .multiprocessing: return "multiprocessing (\(counts) process\(one ? "" : "es"), \(startMethod.rawValue))"
    case .asyncio: return "asyncio (\(counts) coroutine\(one ? "" : "s"))"
    default: return kind.rawValue
    }
  }

  static func describe(kind: ModelKind, workers: Int, chunksize: Int, startMethod: StartMethod, limit: Int?,
    build: PythonVersion?, explicitChunks: Bool, streaming: Bool, api: ResultAPI = .map) -> String
  {
    let pool = api == .imap || api == .imapUnordered ? "Pool.\(api.rawValue)" : streaming ? "Pool.apply_async" : "Pool.map"
    let collects = api == .asCompleted ? ", as_completed" : ""
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : word.hasSuffix("s") ? "es" : "s")" }
    switch kind {
    case .serial: return "serial"
    case .threading: return "threading (\(plural(workers, "thread")))"
    case .freeThreading: return "free threading (\(plural(workers, "thread")), \(build?.rawValue ?? "3.13t"))"
    case .threadPool: return "ThreadPoolExecutor (\(plural(workers, "worker"))\(collects))"
    case .dummyPool:
      return "multiprocessing.dummy.\(api == .map ? "Pool" : pool) (\(plural(workers, "thread")), chunksize \(chunksize))"
    case .multiprocessing:
      return streaming
        ? "Pool.apply_async (\(plural(workers, "process")), \(startMethod.rawValue))"
        : "\(pool) (\(plural(workers, "process")), chunksize \(chunksize), \(startMethod.rawValue))"
    case .processPool:
      return "ProcessPoolExecutor (\(plural(workers, "worker"))\(chunksize > 1 ? ", chunksize \(chunksize)" : "")\(collects), \(startMethod.rawValue))"
    case .asyncio: return limit.map { "asyncio (limit \($0))" } ?? "asyncio"
    case .subinterpreters: return "subinterpreters (\(plural(workers, "interpreter"))\(collects))"
    }
  }
}
