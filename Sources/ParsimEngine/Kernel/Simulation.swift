import DequeModule
import ParsimScenario

/// One run of one model of one scenario: the world the kernel runs.
///
/// The kernel (this file, `RunLoop.swift`, the event queue) knows nothing of Python: it keeps
/// the clock and runs events. The primitives (`Primitives/`, one file each: cores, the GIL,
/// locks, queues, …) keep their state here and change it through `extension Simulation`
/// methods; the models (`Models/`) build the programs the threads run (`Programs/`).
///
/// All state is value-typed and indexed by typed ids; events are plain data in a binary heap
/// ordered by `(time, sequence)`; so a run allocates little after warm-up, and the same input
/// always gives the same run. `docs/engine.md` describes the semantics of every model.
struct Simulation {
  // Configuration
  let model: ResolvedModel
  let costs: CostProfile
  let labels: Labels
  let workload: Workload
  /// How much slower Python runs in the modelled free-threaded build.
  let freeThreadingSlowdown: Double

  // The kernel: clock and events
  var now: SimTime = 0
  var events = EventQueue(capacity: 1024)
  var eventCount = 0
  /// When the run ended (every result back in the caller), or -1 while it runs.
  var finishedAt: SimTime = -1

  // The primitives
  var cores: Cores
  var threads = UnsafeVector<SimThread>()
  var interpreters: [GIL] = []
  var locks: Locks
  var semaphores: Semaphores
  var queues: [SimQueue] = []
  var loop = EventLoop()
  var tasks: Tasks
  var source: TaskSource
  var results: Results
  /// Draws the GIL's waiter choices (the tasks' durations have streams of their own).
  var rng: SplitMix64

  // The programs the threads run, and the model's own bookkeeping
  var programs = Programs()
  var pool = PoolState()
  /// A pipeline's stages (empty for independent tasks), and what each did.
  var stages: [StageState] = []
  var stageStats: [StageStats] = []
  /// The program of each thread or process stage's workers; nil for a coroutine stage.
  var stageWorkerPrograms: [ProgramID?] = []

  // Output
  var recorder: Recorder

  /// Prepares a run of `model` on `scenario`.
  ///
  /// - Parameter recording: keep every span and mark for a ``Trace`` (memory grows with the
  ///   trace); without it only the metrics are accumulated, in memory that does not grow with the
  ///   number of tasks.
  init(scenario: Scenario, model spec: ModelSpec, workload: Workload? = nil, recording: Bool) {
    let w = workload ?? Workload(scenario)
    self.workload = w
    model = ResolvedModel(spec, scenario: scenario, taskCount: w.taskCount)
    costs = scenario.machine.resolvedCosts
    // A cost written in the scenario or its profile wins; otherwise the modelled build's default.
    if case .number(let f)? = scenario.machine.costs[.freeThreadingSlowdown] ?? scenario.machine.profileCosts[.freeThreadingSlowdown] {
      freeThreadingSlowdown = f
    } else {
      freeThreadingSlowdown = CostProfile.defaults(for: model.freeThreadedBuild ?? .v3_13t).freeThreadingSlowdown
    }
    labels = scenario.labels
    cores = Cores(count: scenario.machine.cores)
    locks = Locks(count: w.lockNames.count)
    semaphores = Semaphores(w.semaphores)
    tasks = Tasks(w)
    source = TaskSource(w)
    results = Results(taskCount: w.taskCount, collects: model.collectsResults, order: ResultOrder(model),
      onResultTotal: w.groups.filter { $0.onResultStart >= 0 }.reduce(0) { $0 + $1.count })
    rng = SplitMix64(seed: scenario.seed ^ 0x5851_F42D_4C95_7F2D)
    recorder = Recorder(recording: recording)
  }
}
