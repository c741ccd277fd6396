import DequeModule
import ParsimScenario

/// A batch of tasks in a queue: `count` consecutive task ids from `start`, all arrived at
/// `arrival`. Pools move chunks of this shape; `isResult` marks a finished chunk on its way back.
@usableFromInline
struct QueueItem: Sendable {
  var start: Int32
  var count: Int32
  var arrival: SimTime
  var isResult: Bool = false
}

/// A FIFO queue with the threads blocked on it: `queue.SimpleQueue`, a pool's pipe, a task list.
struct SimQueue {
  var items = Deque<QueueItem>()
  var waiters = Deque<Int32>()
}

/// The GIL of one interpreter, as `Python/ceval_gil.c` keeps it.
struct GILState {
  var exists: Bool
  var holder: Int32 = -1
  /// A waiter that was signalled and is taking the GIL (CPython's woken waiter, not yet running).
  var reserved: Int32 = -1
  var waiters: [Int32] = []
  var switchNumber: UInt64 = 0
  var dropRequested = false
  var heldSince: SimTime = 0
  var lane: Int32 = -1
}

enum Phase: UInt8 {
  case idle, gilWait, coreWait, running, timed, lockWait, blocked, done
}

/// What a thread's program is: its behaviour lives in `Simulation.advance(_:)`.
enum Role: UInt8 {
  /// The caller of a plain loop: takes tasks in order and runs them.
  case serialMain
  /// `threading` / free threading: starts the worker threads, then joins them.
  case spawner
  /// A thread that takes tasks straight from the task list.
  case sourceWorker
  /// `ThreadPoolExecutor` / `InterpreterPoolExecutor`: submits every task, then waits.
  case executorMain
  /// A pool thread pulling work items from the work queue.
  case poolThread
  /// `multiprocessing.Pool` / `multiprocessing.dummy.Pool`: creates the pool, maps, waits.
  case poolMain
  /// Pool's `_handle_tasks` thread: pickles chunks into the workers' queue.
  case taskHandler
  /// Pool's `_handle_results` thread: unpickles results and completes tasks.
  case resultHandler
  /// A worker process's main thread.
  case processWorker
  /// `ProcessPoolExecutor`: submits every task, then waits.
  case ppeMain
  /// `ProcessPoolExecutor`'s manager thread (with the queue feeder folded in).
  case manager
  /// The asyncio event loop's thread.
  case eventLoop
}

struct SimThread {
  var process: Int32
  var lane: Int32
  var role: Role
  var phase: Phase = .idle
  var generation: UInt32 = 0
  var remaining: SimTime = 0
  var runStart: SimTime = 0
  var core: Int32 = -1
  var workState: SpanState = .python
  var needsGIL = false
  var holdsGIL = false
  var gilWaitSwitch: UInt64 = 0
  var spanOpen = false
  var spanState: SpanState = .python
  var spanTask: Int32 = -1
  var spanStart: SimTime = 0
  /// The task being run (a cursor slot), or -1.
  var slot: Int32 = -1
  /// The chunk being worked on.
  var item = QueueItem(start: 0, count: 0, arrival: 0)
  var itemPosition: Int32 = 0
  /// True when `item` holds work the thread has been given and not yet started.
  var hasItem = false
  var stage: UInt8 = 0
  var counter: Int = 0
  /// How many tasks the thread takes at most from the queue it is blocked on.
  var takeLimit: Int32 = .max
}

/// Runs one model of one scenario as a discrete-event simulation.
///
/// All state is value-typed and indexed by integer ids; events are plain data in a binary heap,
/// ordered by `(time, sequence)`; so a run allocates little after warm-up, and the same input
/// always gives the same run. See `docs/engine.md` for the semantics of each model.
struct Simulation {
  // Configuration
  let model: ResolvedModel
  let costs: CostProfile
  let cores: Int
  let labels: Labels
  public let recording: Bool
  /// The most spans kept (``Limits/traceSpans``).
  public var spanBudget = Limits.traceSpans
  /// Spans are kept while this holds: `recording`, and fewer than `spanBudget` so far.
  var recordingSpans: Bool { recording && spans.count < spanBudget }
  /// When the span budget ran out, if it did: the trace covers the run up to here.
  public internal(set) var traceCutAt: SimTime?
  let workload: Workload
  /// How much slower Python runs in the modelled free-threaded build.
  let freeThreadingSlowdown: Double
  let ops: [Op]
  let specs: [DurationSpec]
  let opBase: [Int32]
  let specBase: [Int32]

  // Clock and queue
  public private(set) var now: SimTime = 0
  var events: EventQueue
  public private(set) var eventCount = 0

  // Entities
  var threads = UnsafeVector<SimThread>()
  var gils: [GILState] = []
  var coreThread: UnsafeVector<Int32>
  var coreGeneration: UnsafeVector<UInt32>
  var coreQuantumPending: UnsafeVector<Bool>
  var coreSpanStart: UnsafeVector<SimTime>
  var coreLane: [Int32]
  var runQueue = Deque<Int32>()
  var queues: [SimQueue] = [SimQueue(), SimQueue(), SimQueue(), SimQueue()]
  var lockOwner: [Int32]
  var lockWaiters: [Deque<Int32>]
  /// For lock lanes: since when the owner holds each lock, the owner's lane, the lock's lane.
  var lockSince: [SimTime]
  var lockHolderLane: [Int32]
  var lockLane: [Int32]
  /// How long each lock was held in all, for the explanation.
  var lockHeld: [SimTime]
  var rng: SplitMix64

  // Task source
  var groupNext: UnsafeVector<Int>
  var groupRNG: UnsafeVector<SplitMix64>
  var tasksTaken = 0
  var arrivalsPending: Int

  // Task cursors: where each running task is in its program (and, for coroutines, its span)
  var cursors = UnsafeVector<TaskCursor>()
  var slotCounters: [Int32] = []
  var freeSlots: [Int32] = []
  /// Per group: its first task id and its number of tasks.
  let groupFirst: [Int]
  let groupCount: [Int]
  /// Repeat counters per task cursor.
  let counterDepth: Int
  /// Per group: 0 all at start, 1 every, 2 at, 3 Poisson; the interval; the mean Poisson gap.
  let groupArrivalKind: [UInt8]
  let groupEvery: [SimTime]
  let groupMeanGap: [Double]

  // Model state
  public private(set) var completed = 0
  public internal(set) var finishedAt: SimTime = -1
  var lastCompletion: SimTime = 0
  var idleSemaphore = 0
  var poolThreads = 0
  var processesStarted = 0
  var startedForkserver = false
  var inFlight = 0
  var pending = Deque<QueueItem>()
  var readyCoroutines = Deque<Int32>()
  var semaphoreActive = 0
  var semaphoreWaiters = Deque<Int32>()
  var loopThread: Int32 = -1
  var loopIdle = false
  var callerWaiting = false
  // Executors' callers: tasks in submission order, which are done, which one the caller awaits.
  var submitted = Deque<QueueItem>()
  var taskDone: [Bool] = []
  var collector: Int32 = -1
  var collectorAwaits: Int32 = -1

  // Output
  /// Time coroutines spent in flight (in any state), for the explanation's count of overlaps.
  var coroutineTime: SimTime = 0
  public private(set) var lanes: [Lane] = []
  public private(set) var spans: [Span] = []
  public private(set) var marks: [Mark] = []
  var stateTime = UnsafeVector<SimTime>(repeating: 0, count: SpanState.allCases.count)
  var coreBusy: SimTime = 0
  var gilHeld: SimTime = 0
  public private(set) var latencies = LatencyHistogram()

  /// Prepares a run of `model` on `scenario`.
  ///
  /// - Parameter recording: keep every span and mark for a ``Trace`` (memory grows with the
  ///   trace); without it only the metrics are accumulated, in memory that does not grow with the
  ///   number of tasks.
  public init(scenario: Scenario, model: ModelSpec, workload: Workload? = nil, recording: Bool) {
    let w = workload ?? Workload(scenario)
    self.workload = w
    self.model = ResolvedModel(model, scenario: scenario, taskCount: w.taskCount)
    costs = scenario.machine.resolvedCosts
    // A cost written in the scenario or its profile wins; otherwise the modelled build's default.
    if case .number(let f)? = scenario.machine.costs[.freeThreadingSlowdown] ?? scenario.machine.profileCosts[.freeThreadingSlowdown] {
      freeThreadingSlowdown = f
    } else {
      freeThreadingSlowdown = CostProfile.defaults(for: self.model.freeThreadedBuild ?? .v3_13t).freeThreadingSlowdown
    }
    cores = scenario.machine.cores
    labels = scenario.labels
    self.recording = recording
    var ops: [Op] = []
    var specs: [DurationSpec] = []
    var opBase: [Int32] = []
    var specBase: [Int32] = []
    for g in w.groups {
      let base = Int32(ops.count)
      opBase.append(base)
      specBase.append(Int32(specs.count))
      for var op in g.ops {
        switch op.code {
        case .cpu, .io, .native, .blocking: op.argument += Int32(specs.count)
        case .repeatEnd: op.argument += base
        default: break
        }
        ops.append(op)
      }
      specs.append(contentsOf: g.specs)
    }
    self.ops = ops
    self.specs = specs
    self.opBase = opBase
    self.specBase = specBase
    events = EventQueue(capacity: 1024)
    coreThread = UnsafeVector(repeating: -1, count: cores)
    coreGeneration = UnsafeVector(repeating: 0, count: cores)
    coreQuantumPending = UnsafeVector(repeating: false, count: cores)
    coreSpanStart = UnsafeVector(repeating: 0, count: cores)
    coreLane = [Int32](repeating: -1, count: cores)
    lockOwner = [Int32](repeating: -1, count: w.lockNames.count)
    lockWaiters = [Deque<Int32>](repeating: Deque(), count: w.lockNames.count)
    lockSince = [SimTime](repeating: 0, count: w.lockNames.count)
    lockHolderLane = [Int32](repeating: -1, count: w.lockNames.count)
    lockLane = [Int32](repeating: -1, count: w.lockNames.count)
    lockHeld = [SimTime](repeating: 0, count: w.lockNames.count)
    rng = SplitMix64(seed: scenario.seed ^ 0x5851_F42D_4C95_7F2D)
    groupNext = UnsafeVector(repeating: 0, count: w.groups.count)
    if self.model.collectsResults { taskDone = [Bool](repeating: false, count: w.taskCount) }
    groupFirst = w.firstTasks
    counterDepth = max(1, w.repeatDepth)
    groupCount = w.groups.map(\.count)
    groupArrivalKind = w.groups.map {
      switch $0.arrivals {
      case .allAtStart: return 0
      case .every: return 1
      case .at: return 2
      case .rate: return 3
      }
    }
    groupEvery = w.groups.map { if case .every(let gap) = $0.arrivals { return gap } else { return 0 } }
    groupMeanGap = w.groups.map { if case .rate(let r) = $0.arrivals { return 1e9 / r } else { return 0 } }
    groupRNG = UnsafeVector(repeating: SplitMix64(seed: 0), count: w.groups.count)
    for g in 0..<w.groups.count { groupRNG[g] = SplitMix64(seed: scenario.seed ^ 0xD1B5_4A32_D192_ED03, stream: g, index: 0) }
    arrivalsPending = w.taskCount
  }

  // MARK: - Running

  /// Runs the model until every task's result is back in the caller.
  ///
  /// - Complexity: O(e log e) for e events.
  ///
  /// - Parameter progress: called with the simulated time every 2^20 events, for long runs.
  public mutating func run(eventBudget: Int = .max, progress: ((SimTime) -> Void)? = nil) {
    start()
    var compactAt = 4_096
    while finishedAt < 0, eventCount < eventBudget, let e = events.pop() {
      if recording, traceCutAt == nil, spans.count >= spanBudget { traceCutAt = now }
      // Keep the queue within twice its live events (plus a constant): see `isStale`.
      if events.count > compactAt {
        events.removeAll(where: isStale)
        compactAt = max(4_096, 2 * events.count)
      }
      if eventCount & 0xF_FFFF == 0xF_FFFF, let progress { progress(e.time) }
      #if PARSIM_INTERNAL_CHECKS
        precondition(e.time >= now, "time went back")
      #endif
      now = e.time
      eventCount += 1
      dispatch(e)
      #if PARSIM_INTERNAL_CHECKS
        checkInvariants()
      #endif
    }
    if finishedAt < 0 { finishedAt = now }  // nothing left to happen: a stuck model ends here
    closeAllSpans()
  }

  /// True for an event that `dispatch` would ignore: work or a wait that was cancelled since.
  func isStale(_ e: Event) -> Bool {
    let t = Int(e.target)
    switch e.kind {
    case .threadDone, .wake: return threads[t].generation != e.generation
    case .gilTimeout: return threads[t].generation != e.generation || threads[t].phase != .gilWait
    case .quantum: return coreGeneration[t] != e.generation
    case .gilHandoff, .arrival, .coroutineTimer: return false
    }
  }

  @inline(__always)
  mutating func dispatch(_ e: Event) {
    let t = Int(e.target)
    switch e.kind {
    case .threadDone:
      guard threads[t].generation == e.generation else { return }
      threadDone(t)
    case .gilTimeout:
      guard threads[t].generation == e.generation, threads[t].phase == .gilWait else { return }
      gilTimeout(t)
    case .gilHandoff:
      gilHandoff(t)
    case .quantum:
      guard coreGeneration[t] == e.generation else { return }
      quantum(t)
    case .arrival:
      arrival(group: t)
    case .wake:
      guard threads[t].generation == e.generation else { return }
      threads[t].phase = .idle
      advance(t)
    case .coroutineTimer:
      coroutineReady(Int32(t))
    }
  }

  #if PARSIM_INTERNAL_CHECKS
    func checkInvariants() {
      var running = 0
      for (c, t) in coreThread.array.enumerated() where t >= 0 {
        running += 1
        precondition(threads[Int(t)].core == Int32(c), "core \(c) and thread \(t) disagree")
      }
      precondition(running <= cores)
      for g in gils where g.holder >= 0 {
        precondition(threads[Int(g.holder)].holdsGIL, "GIL holder does not know it holds the GIL")
      }
    }
  #endif

  // MARK: - Threads

  @discardableResult
  mutating func newThread(role: Role, process: Int32, name: String) -> Int {
    let lane = addLane(name, kind: .thread, process: Int(process))
    threads.append(SimThread(process: process, lane: lane, role: role))
    return threads.count - 1
  }

  mutating func newInterpreter(hasGIL: Bool, name: String) -> Int32 {
    var g = GILState(exists: hasGIL)
    if hasGIL, recording {
      g.lane = addLane(name, kind: .gil, process: gils.count)
    }
    gils.append(g)
    return Int32(gils.count - 1)
  }

  mutating func addLane(_ name: String, kind: Lane.Kind, process: Int) -> Int32 {
    lanes.append(Lane(name: name, kind: kind, process: process))
    return Int32(lanes.count - 1)
  }

  /// Starts work that needs a core (and the GIL when `needsGIL` and the interpreter has one).
  mutating func startWork(_ t: Int, _ duration: SimTime, _ state: SpanState, needsGIL: Bool) {
    threads[t].remaining = duration
    threads[t].workState = state
    let p = Int(threads[t].process)
    let wantsGIL = needsGIL && gils[p].exists
    threads[t].needsGIL = wantsGIL
    if wantsGIL {
      if !threads[t].holdsGIL, !acquireGIL(t) { return }
    } else if threads[t].holdsGIL {
      releaseGIL(t)
    }
    requestCore(t)
  }

  /// Starts a wait that needs neither core nor GIL (I/O, sleep, a blocking call).
  mutating func startWait(_ t: Int, _ duration: SimTime, state: SpanState, task: Int32) {
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .timed
    threads[t].generation &+= 1
    setSpan(t, state, task: task)
    events.schedule(.threadDone, at: now + duration, target: Int32(t), generation: threads[t].generation)
  }

  /// Blocks a thread with no span (waiting on a queue or a join): it uses no core, no GIL.
  mutating func block(_ t: Int) {
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .blocked
    threads[t].generation &+= 1
    closeSpan(t)
  }

  mutating func finishThread(_ t: Int) {
    block(t)
    threads[t].phase = .done
  }

  /// Wakes a blocked thread after the wake-up latency.
  mutating func wake(_ t: Int, after latency: SimTime) {
    threads[t].generation &+= 1
    events.schedule(.wake, at: now + latency, target: Int32(t), generation: threads[t].generation)
  }

  mutating func threadDone(_ t: Int) {
    switch threads[t].phase {
    case .running:
      account(t)
      threads[t].remaining = 0
      threads[t].phase = .idle
      advance(t)
      // A thread that goes on without a core, or finishes, gives its core back.
      if threads[t].phase != .running && threads[t].phase != .coreWait { leaveCore(t) }
    case .timed:
      threads[t].phase = .idle
      advance(t)
    default:
      break
    }
  }

  /// Charges the time run since `runStart` against the thread's remaining work.
  @inline(__always)
  mutating func account(_ t: Int) {
    threads[t].remaining -= now - threads[t].runStart
    if threads[t].remaining < 0 { threads[t].remaining = 0 }
    threads[t].runStart = now
  }

  // MARK: - Cores (the OS scheduler)

  mutating func requestCore(_ t: Int) {
    if threads[t].core >= 0 {
      startRunning(t, on: Int(threads[t].core))
      return
    }
    for c in 0..<cores where coreThread[c] < 0 {
      assignCore(t, c)
      startRunning(t, on: c)
      return
    }
    // Wake-up preemption (Linux CFS): a thread that wakes from sleep takes the core of the thread
    // that has run longest, once that one has had the wake-up granularity; sleepers such as a
    // pool's helper threads therefore run promptly beside CPU-bound work.
    var victim = -1
    var longest: SimTime = wakeupGranularity - 1
    for c in 0..<cores {
      let ran = now - coreSpanStart[c]
      if ran > longest, threads[Int(coreThread[c])].phase == .running {
        longest = ran
        victim = c
      }
    }
    if victim >= 0 {
      let v = Int(coreThread[victim])
      account(v)
      threads[v].generation &+= 1
      leaveCoreWithoutHandoff(v)
      threads[v].phase = .coreWait
      setSpan(v, .coreWait, task: currentTask(v))
      runQueue.append(Int32(v))
      assignCore(t, victim)
      startRunning(t, on: victim)
      return
    }
    threads[t].phase = .coreWait
    threads[t].generation &+= 1
    setSpan(t, .coreWait, task: currentTask(t))
    runQueue.append(Int32(t))
    for c in 0..<cores where !coreQuantumPending[c] { scheduleQuantum(c) }
  }

  /// How long a running thread keeps its core against a waking thread (CFS's wake-up granularity,
  /// 1 ms × (1 + log2 of the core count) on Linux; 1 ms here).
  var wakeupGranularity: SimTime { 1_000_000 }

  /// Frees a thread's core without handing it to the run queue (the caller assigns it).
  mutating func leaveCoreWithoutHandoff(_ t: Int) {
    let c = Int(threads[t].core)
    guard c >= 0 else { return }
    threads[t].core = -1
    coreThread[c] = -1
    recordCore(c, thread: t)
    coreGeneration[c] &+= 1
    coreQuantumPending[c] = false
  }

  mutating func assignCore(_ t: Int, _ c: Int) {
    coreThread[c] = Int32(t)
    threads[t].core = Int32(c)
    coreSpanStart[c] = now
  }

  mutating func startRunning(_ t: Int, on c: Int) {
    threads[t].phase = .running
    threads[t].runStart = now
    threads[t].generation &+= 1
    let p = Int(threads[t].process)
    if threads[t].holdsGIL, threads[t].needsGIL, gils[p].dropRequested, !gils[p].waiters.isEmpty {
      // It sees the pending drop request at its first eval-breaker check.
      forcedDrop(t)
      return
    }
    setSpan(t, threads[t].workState, task: currentTask(t))
    events.schedule(.threadDone, at: now + threads[t].remaining, target: Int32(t), generation: threads[t].generation)
    if !runQueue.isEmpty, !coreQuantumPending[c] { scheduleQuantum(c) }
  }

  /// Gives the thread's core to the next runnable thread.
  mutating func leaveCore(_ t: Int) {
    let c = Int(threads[t].core)
    guard c >= 0 else { return }
    leaveCoreWithoutHandoff(t)
    if let next = runQueue.popFirst() {
      let n = Int(next)
      assignCore(n, c)
      startRunning(n, on: c)
    }
  }

  mutating func scheduleQuantum(_ c: Int) {
    guard coreThread[c] >= 0 else { return }
    coreQuantumPending[c] = true
    events.schedule(.quantum, at: now + osTimeslice, target: Int32(c), generation: coreGeneration[c])
  }

  /// Linux gives each of several runnable threads on a core a few milliseconds (CFS's minimum
  /// granularity times the number of runnable threads, here 4 ms).
  var osTimeslice: SimTime { Self.osTimeslice }
  static let osTimeslice: SimTime = 4_000_000

  mutating func quantum(_ c: Int) {
    coreQuantumPending[c] = false
    let t = Int(coreThread[c])
    guard t >= 0, !runQueue.isEmpty, threads[t].phase == .running else { return }
    account(t)
    threads[t].generation &+= 1
    leaveCore(t)
    threads[t].phase = .coreWait
    setSpan(t, .coreWait, task: currentTask(t))
    runQueue.append(Int32(t))
  }

  // MARK: - The GIL

  /// Takes the GIL if it is free; otherwise joins its waiters and returns false.
  mutating func acquireGIL(_ t: Int) -> Bool {
    let p = Int(threads[t].process)
    if gils[p].holder < 0 {
      if gils[p].reserved < 0 {
        takeGIL(t)
        return true
      }
      if costs.gilFastRegrab > 0, rng.nextUnit() < costs.gilFastRegrab {
        // A thread back from a very short release beats the woken waiter to the free GIL.
        let w = gils[p].reserved
        gils[p].reserved = -1
        gils[p].waiters.append(w)
        takeGIL(t)
        return true
      }
    }
    waitForGIL(t)
    return false
  }

  mutating func waitForGIL(_ t: Int) {
    let p = Int(threads[t].process)
    leaveCore(t)
    threads[t].phase = .gilWait
    threads[t].generation &+= 1
    threads[t].gilWaitSwitch = gils[p].switchNumber
    gils[p].waiters.append(Int32(t))
    setSpan(t, .gilWait, task: currentTask(t))
    events.schedule(.gilTimeout, at: now + costs.switchInterval + costs.gilSliceExtra, target: Int32(t),
      generation: threads[t].generation)
  }

  mutating func takeGIL(_ t: Int) {
    let p = Int(threads[t].process)
    gils[p].holder = Int32(t)
    gils[p].switchNumber &+= 1
    gils[p].heldSince = now
    threads[t].holdsGIL = true
  }

  /// Drops the GIL and signals one waiter, which takes it after the hand-off latency.
  mutating func releaseGIL(_ t: Int) {
    let p = Int(threads[t].process)
    threads[t].holdsGIL = false
    gils[p].holder = -1
    gils[p].dropRequested = false
    let held = now - gils[p].heldSince
    gilHeld += held
    if recordingSpans, held > 0 {
      spans.append(Span(lane: gils[p].lane, state: .held, task: threads[t].lane, start: gils[p].heldSince, end: now))
    }
    guard !gils[p].waiters.isEmpty else { return }
    let index: Int
    switch costs.gilWaiterPolicy {
    case .fifo: index = 0
    case .random:
      let n = gils[p].waiters.count
      if costs.gilWakeNewest > 0, rng.nextUnit() < costs.gilWakeNewest {
        index = n - 1
      } else {
        index = Int(rng.next() % UInt64(n))
      }
    }
    let w = gils[p].waiters.remove(at: index)
    gils[p].reserved = w
    events.schedule(.gilHandoff, at: now + costs.gilHandoff, target: w, generation: 0)
  }

  mutating func gilHandoff(_ w: Int) {
    let p = Int(threads[w].process)
    guard gils[p].reserved == Int32(w), gils[p].holder < 0 else { return }
    gils[p].reserved = -1
    takeGIL(w)
    threads[w].generation &+= 1  // cancels its timed wait
    requestCore(w)
  }

  /// The end of a waiter's timed wait: if no switch happened meanwhile, ask the holder to drop.
  mutating func gilTimeout(_ t: Int) {
    let p = Int(threads[t].process)
    if gils[p].switchNumber == threads[t].gilWaitSwitch, gils[p].holder >= 0 {
      gils[p].dropRequested = true
      let h = Int(gils[p].holder)
      if threads[h].phase == .running, threads[h].needsGIL {
        forcedDrop(h)
      }
    }
    threads[t].gilWaitSwitch = gils[p].switchNumber
    events.schedule(.gilTimeout, at: now + costs.switchInterval + costs.gilSliceExtra, target: Int32(t),
      generation: threads[t].generation)
  }

  /// The holder honours a drop request: it drops the GIL, signals a waiter, and waits to take
  /// the GIL back (with forced switching it cannot win it straight back).
  ///
  /// With FORCE_SWITCHING the dropper first waits until the woken waiter has taken the GIL, and
  /// only then starts its own timed wait, counting from that switch; so its first timeout, one
  /// interval later, asks for the GIL back (the 5.08 ms slices measured with two threads).
  mutating func forcedDrop(_ h: Int) {
    account(h)
    threads[h].generation &+= 1
    leaveCore(h)
    releaseGIL(h)
    let p = Int(threads[h].process)
    threads[h].phase = .gilWait
    threads[h].gilWaitSwitch = gils[p].switchNumber &+ (gils[p].reserved >= 0 ? 1 : 0)
    gils[p].waiters.append(Int32(h))
    setSpan(h, .gilWait, task: currentTask(h))
    let start = now + (gils[p].reserved >= 0 ? costs.gilHandoff : 0)
    events.schedule(.gilTimeout, at: start + costs.switchInterval + costs.gilSliceExtra, target: Int32(h),
      generation: threads[h].generation)
  }

  // MARK: - Locks

  /// Takes a named lock if it is free; otherwise blocks (releasing the GIL) and returns false.
  mutating func acquireLock(_ id: Int, _ t: Int) -> Bool {
    if lockOwner[id] < 0 {
      setLockOwner(id, Int32(t), lane: threads[t].lane)
      return true
    }
    lockWaiters[id].append(Int32(t))
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .lockWait
    threads[t].generation &+= 1
    setSpan(t, .lockWait, task: currentTask(t))
    return false
  }

  mutating func releaseLock(_ id: Int) {
    if let w = lockWaiters[id].popFirst() {
      setLockOwner(id, w, lane: threads[Int(w)].lane)
      wake(Int(w), after: costs.wakeup)
    } else {
      setLockOwner(id, -1, lane: -1)
    }
  }

  /// Hands lock `id` to `owner` (a thread, or a coroutine slot; -1 for none), recording the
  /// previous holder's span on the lock's lane.
  mutating func setLockOwner(_ id: Int, _ owner: Int32, lane: Int32) {
    if lockOwner[id] >= 0 { lockHeld[id] += now - lockSince[id] }
    if recordingSpans, lockOwner[id] >= 0, now > lockSince[id] {
      if lockLane[id] < 0 { lockLane[id] = addLane("Lock \(workload.lockNames[id])", kind: .lock, process: 0) }
      spans.append(Span(lane: lockLane[id], state: .held, task: lockHolderLane[id], start: lockSince[id], end: now))
    }
    lockOwner[id] = owner
    lockHolderLane[id] = lane
    lockSince[id] = now
  }

  // MARK: - Queues

  /// Takes up to `limit` tasks from the front item of queue `q`, or blocks the thread.
  mutating func get(_ q: Int, _ t: Int, limit: Int32 = .max) -> Bool {
    if var front = queues[q].items.first {
      if front.count > limit {
        threads[t].item = QueueItem(start: front.start, count: limit, arrival: front.arrival, isResult: front.isResult)
        threads[t].hasItem = true
        front.start += limit
        front.count -= limit
        queues[q].items[queues[q].items.startIndex] = front
      } else {
        threads[t].item = front
        threads[t].hasItem = true
        queues[q].items.removeFirst()
      }
      return true
    }
    queues[q].waiters.append(Int32(t))
    block(t)
    threads[t].takeLimit = limit
    return false
  }

  /// Puts an item on queue `q`, handing it to a blocked thread (after a wake-up) if one waits.
  mutating func put(_ q: Int, _ item: QueueItem) {
    if let w = queues[q].waiters.popFirst() {
      let t = Int(w)
      var item = item
      let limit = threads[t].takeLimit
      if item.count > limit {
        var rest = item
        rest.start += limit
        rest.count -= limit
        item.count = limit
        queues[q].items.append(rest)
      }
      threads[t].item = item
      threads[t].hasItem = true
      wake(t, after: t == Int(loopThread) ? 0 : costs.wakeup)
    } else if mergeable(q), let last = queues[q].items.last, last.start + last.count == item.start,
      last.arrival == item.arrival, !last.isResult, !item.isResult
    {
      // Consecutive single tasks queue as one range: same order, constant memory.
      queues[q].items[queues[q].items.index(before: queues[q].items.endIndex)].count += item.count
    } else {
      queues[q].items.append(item)
    }
  }

  /// Queues whose items are single tasks taken one at a time, so that neighbours may be merged.
  @inline(__always)
  func mergeable(_ q: Int) -> Bool {
    q == Self.source || (q == 0 && (model.kind == .threadPool || model.kind == .subinterpreters))
  }

  // MARK: - Arrivals

  /// Index of the task source in `queues`.
  static let source = 3

  mutating func scheduleArrivals() {
    for (g, group) in workload.groups.enumerated() {
      switch group.arrivals {
      case .allAtStart:
        arrivalsPending -= group.count
        arrive(QueueItem(start: Int32(group.firstTask), count: Int32(group.count), arrival: 0))
      case .every, .rate, .at:
        events.schedule(.arrival, at: nextArrivalTime(g), target: Int32(g))
      }
    }
  }

  mutating func nextArrivalTime(_ g: Int) -> SimTime {
    let i = groupNext[g]
    switch groupArrivalKind[g] {
    case 1: return SimTime(i) * groupEvery[g]
    case 2: return workload.groups[g].sortedAt[i]
    case 3:  // Poisson: exponential gaps, the first after time 0
      let gap = -logOnePlus(-groupRNG[g].nextUnit()) * groupMeanGap[g]
      return now + SimTime(gap.rounded())
    default: return 0
    }
  }

  mutating func arrival(group g: Int) {
    let task = groupFirst[g] + groupNext[g]
    groupNext[g] += 1
    arrivalsPending -= 1
    arrive(QueueItem(start: Int32(task), count: 1, arrival: now))
    if groupNext[g] < groupCount[g] {
      events.schedule(.arrival, at: nextArrivalTime(g), target: Int32(g))
    }
  }

  mutating func arrive(_ item: QueueItem) {
    if recording {
      for task in item.start..<(item.start + item.count) {
        marks.append(Mark(kind: .arrival, task: task, time: item.arrival))
      }
    }
    put(Self.source, item)
  }

  /// True when every task has been taken from the source, so a worker may exit.
  var sourceExhausted: Bool { arrivalsPending == 0 && queues[Self.source].items.isEmpty }

  // MARK: - Tasks

  mutating func newSlot(task: Int32, arrival: SimTime) -> Int32 {
    let g = workload.group(of: Int(task))
    let index = Int(task) - groupFirst[g]
    let depth = counterDepth
    let cursor = TaskCursor(task: task, group: Int32(g), pc: opBase[g],
      rng: SplitMix64(seed: workload.seed, stream: g, index: index), arrival: arrival)
    if let free = freeSlots.popLast() {
      cursors[Int(free)] = cursor
      return free
    }
    cursors.append(cursor)
    slotCounters.append(contentsOf: repeatElement(0, count: depth))
    return Int32(cursors.count - 1)
  }

  mutating func freeSlot(_ s: Int32) { freeSlots.append(s) }

  /// The next leaf step of a task: its code and its sampled duration (or lock id).
  @inline(__always)
  mutating func nextLeaf(_ s: Int32) -> (Op.Code, Int64) {
    let i = Int(s)
    let depth = counterDepth
    while true {
      let op = ops[Int(cursors[i].pc)]
      switch op.code {
      case .cpu, .io, .native, .blocking:
        cursors[i].pc += 1
        let k = Int(op.argument)
        if case .fixed(let v) = specs[k] { return (op.code, v) }
        let g = Int(cursors[i].group)
        let d = specs[k].sample(&cursors[i].rng, index: Int(cursors[i].task) - groupFirst[g], count: groupCount[g])
        return (op.code, d)
      case .lockAcquire, .lockRelease:
        cursors[i].pc += 1
        return (op.code, Int64(op.argument))
      case .repeatBegin:
        slotCounters[i * depth + Int(op.depth)] = op.argument
        cursors[i].pc += 1
      case .repeatEnd:
        let k = i * depth + Int(op.depth)
        slotCounters[k] -= 1
        cursors[i].pc = slotCounters[k] > 0 ? op.argument : cursors[i].pc + 1
      case .end:
        return (.end, 0)
      }
    }
  }

  /// The task a thread is working on, for its spans.
  @inline(__always)
  func currentTask(_ t: Int) -> Int32 {
    let s = threads[t].slot
    return s >= 0 ? cursors[Int(s)].task : -1
  }

  /// Marks tasks complete: their results are back in the caller.
  mutating func complete(_ start: Int32, _ count: Int32, arrival: SimTime) {
    for task in start..<(start + count) {
      latencies.record(now - arrival)
      if recording { marks.append(Mark(kind: .completion, task: task, time: now)) }
    }
    completed += Int(count)
    lastCompletion = now
    if model.collectsResults {
      // The caller takes results in submission order; it is woken when the one it awaits is done.
      for task in start..<(start + count) { taskDone[Int(task)] = true }
      if collectorAwaits >= start, collectorAwaits < start + count {
        collectorAwaits = -1
        wake(Int(collector), after: costs.wakeup)
      }
      return
    }
    // The run ends when every result is back and the caller is waiting for them (a join or a
    // map that had started every thread or submitted every task).
    if completed == workload.taskCount, callerWaiting || !model.callerWakes {
      finishedAt = now + (model.callerWakes ? costs.wakeup : 0)
    }
  }

  /// The caller has done its part (started the threads, submitted the tasks) and now waits.
  mutating func callerWaits(_ t: Int) {
    callerWaiting = true
    block(t)
    if completed == workload.taskCount, finishedAt < 0 { finishedAt = now }
  }

  // MARK: - Spans

  mutating func setSpan(_ t: Int, _ state: SpanState, task: Int32) {
    if threads[t].spanOpen {
      if threads[t].spanState == state && threads[t].spanTask == task { return }
      closeSpan(t)
    }
    threads[t].spanOpen = true
    threads[t].spanState = state
    threads[t].spanTask = task
    threads[t].spanStart = now
  }

  mutating func closeSpan(_ t: Int) {
    guard threads[t].spanOpen else { return }
    threads[t].spanOpen = false
    let d = now - threads[t].spanStart
    guard d > 0 else { return }
    stateTime[Int(threads[t].spanState.rawValue)] += d
    if recordingSpans {
      spans.append(Span(lane: threads[t].lane, state: threads[t].spanState, task: threads[t].spanTask,
        start: threads[t].spanStart, end: now))
    }
  }

  mutating func setCoroutineSpan(_ s: Int32, _ state: SpanState?) {
    let i = Int(s)
    if cursors[i].spanOpen {
      if let state, cursors[i].spanState == state { return }
      let d = now - cursors[i].spanStart
      if d > 0 {
        stateTime[Int(cursors[i].spanState.rawValue)] += d
        coroutineTime += d
        if recordingSpans, cursors[i].lane >= 0 {
          spans.append(Span(lane: cursors[i].lane, state: cursors[i].spanState, task: cursors[i].task,
            start: cursors[i].spanStart, end: now))
        }
      }
      cursors[i].spanOpen = false
    }
    if let state {
      cursors[i].spanOpen = true
      cursors[i].spanState = state
      cursors[i].spanStart = now
    }
  }

  mutating func recordCore(_ c: Int, thread t: Int) {
    let d = now - coreSpanStart[c]
    guard d > 0 else { return }
    coreBusy += d
    if recordingSpans {
      if coreLane[c] < 0 { coreLane[c] = addLane("Core \(c + 1)", kind: .core, process: -1) }
      spans.append(Span(lane: coreLane[c], state: .held, task: threads[t].lane, start: coreSpanStart[c], end: now))
    }
  }

  mutating func closeAllSpans() {
    for t in threads.indices {
      closeSpan(t)
      if threads[t].holdsGIL { releaseGIL(t) }
      leaveCore(t)
    }
    for s in cursors.indices where cursors[s].spanOpen { setCoroutineSpan(Int32(s), nil) }
    // Locks still held (a deadlock) end their span with the run.
    for id in lockOwner.indices where lockOwner[id] >= 0 { setLockOwner(id, lockOwner[id], lane: lockHolderLane[id]) }
    if recording {
      // Core lanes first-come: give them a stable order after the thread lanes.
      spans.sort { ($0.lane, $0.start, $0.end) < ($1.lane, $1.start, $1.end) }
      marks.sort { ($0.time, $0.kind == .arrival ? 0 : 1, $0.task) < ($1.time, $1.kind == .arrival ? 0 : 1, $1.task) }
    }
  }
}

@inline(__always)
func logOnePlus(_ x: Double) -> Double {
  #if canImport(Glibc)
    return Glibc.log1p(x)
  #else
    return Foundation.log1p(x)
  #endif
}

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// Where a running task is in its program; for a coroutine also its lane and open span.
struct TaskCursor {
  var task: Int32
  var group: Int32
  var pc: Int32
  var rng: SplitMix64
  var arrival: SimTime
  var lane: Int32 = -1
  var spanOpen = false
  var spanState: SpanState = .python
  var spanStart: SimTime = 0
  var admitted = false

  init(task: Int32, group: Int32, pc: Int32, rng: SplitMix64, arrival: SimTime) {
    self.task = task
    self.group = group
    self.pc = pc
    self.rng = rng
    self.arrival = arrival
  }
}
