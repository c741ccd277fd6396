import ParsimScenario

/// The scenario's tasks as the engine runs them: every group's steps compiled into one op
/// array, and a cursor per running task (its place in its steps, its repeat counters, its
/// sampling stream; under asyncio also its coroutine's lane and span).
struct Tasks {
  let ops: [Op]
  let specs: [DurationSpec]
  /// Per group: its first op, its first task id, its number of tasks.
  let opBase: [Int32]
  /// Per group: its first `on_result` op, or -1.
  let onResultBase: [Int32]
  let groupFirst: [Int]
  let groupCount: [Int]
  /// Repeat counters per cursor.
  let counterDepth: Int
  /// `offload` steps hand their work to an executor (asyncio); elsewhere they run inline.
  var offloads = false
  var cursors = UnsafeVector<TaskCursor>()
  var counters: [Int32] = []
  var freeSlots: [TaskSlot] = []

  init(_ w: Workload) {
    var ops: [Op] = []
    var specs: [DurationSpec] = []
    var opBase: [Int32] = []
    for g in w.groups {
      let base = Int32(ops.count)
      opBase.append(base)
      for var op in g.ops {
        switch op.code {
        case .cpu, .io, .native, .blocking, .cCall: op.argument += Int32(specs.count)
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
    onResultBase = zip(w.groups, opBase).map { g, base in g.onResultStart < 0 ? -1 : base + g.onResultStart }
    groupFirst = w.firstTasks
    groupCount = w.groups.map(\.count)
    counterDepth = max(1, w.repeatDepth)
  }
}

/// Where a running task is in its steps; for a coroutine also its lane and open span.
struct TaskCursor {
  var task: Int32
  var group: Int32
  var pc: Int32
  var rng: SplitMix64
  var arrival: SimTime
  var lane: Int32 = -1
  var span = OpenSpan()
  /// Under asyncio's `limit`: it has passed the semaphore.
  var admitted = false
  /// A coroutine that has gone on into its `on_result` steps.
  var inOnResult = false
  /// A coroutine's `asyncio.sleep`: when it is due, and whether its wake-up was rounded to the
  /// selector's milliseconds already.
  var timerDue: SimTime = 0
  var timerRounded = false
  /// A coroutine of an asyncio pipeline: what it is, where it is between items, whether it has
  /// paid for the queue operation or start it is about to make, and since when it runs an item.
  var role = CoroutineRole.task
  var phase = PipelinePhase.steps
  var paid = false
  var busySince: SimTime = 0
  /// A `native` step under way (`NativeCalls.swift`): its C code still to run, and whether the
  /// thread takes the GIL back for the Python before the next call.
  var nativeLeft: SimTime = 0
  var nativeBetweenCalls = false

  init(task: Int32, group: Int32, pc: Int32, rng: SplitMix64, arrival: SimTime) {
    self.task = task
    self.group = group
    self.pc = pc
    self.rng = rng
    self.arrival = arrival
  }
}

/// One leaf step of a task, as the runner sees it.
enum Leaf {
  case cpu(SimTime), io(SimTime), native(SimTime), blocking(SimTime), cCall(SimTime)
  case lockAcquire(LockID), lockRelease(LockID)
  case semaphoreAcquire(SemaphoreID), semaphoreRelease(SemaphoreID)
  /// The steps from here run in an executor (under asyncio); the end of those steps.
  case offloadBegin(OffloadKind), offloadEnd
  case end
}

extension Simulation {
  /// A cursor at the start of a task's steps, or (`onResult`) of the caller's `on_result`
  /// steps for it, each drawing from its own stream.
  mutating func newSlot(task: Int32, arrival: SimTime, onResult: Bool = false, group: GroupID? = nil) -> TaskSlot {
    let cursor = startCursor(task: task, arrival: arrival, onResult: onResult, group: group)
    if let free = tasks.freeSlots.popLast() {
      tasks.cursors[free] = cursor
      return free
    }
    tasks.cursors.append(cursor)
    tasks.counters.append(contentsOf: repeatElement(0, count: tasks.counterDepth))
    return TaskSlot(tasks.cursors.count - 1)
  }

  mutating func freeSlot(_ s: TaskSlot) { tasks.freeSlots.append(s) }

  func startCursor(task: Int32, arrival: SimTime, onResult: Bool = false, group: GroupID? = nil) -> TaskCursor {
    let g = group?.index ?? workload.group(of: Int(task))
    let index = Int(task) - tasks.groupFirst[g]
    return TaskCursor(task: task, group: Int32(g), pc: onResult ? tasks.onResultBase[g] : tasks.opBase[g],
      rng: SplitMix64(seed: onResult ? workload.seed ^ TaskGroup.onResultSalt : workload.seed, stream: g, index: index),
      arrival: arrival)
  }

  /// The next leaf step of a task, its duration sampled from the task's own stream.
  @inline(__always)
  mutating func nextLeaf(_ s: TaskSlot) -> Leaf {
    let i = s.index
    let depth = tasks.counterDepth
    while true {
      let op = tasks.ops[Int(tasks.cursors[s].pc)]
      switch op.code {
      case .cpu, .io, .native, .blocking, .cCall:
        tasks.cursors[s].pc += 1
        let k = Int(op.argument)
        let d: SimTime
        if case .fixed(let v) = tasks.specs[k] {
          d = v
        } else {
          let g = Int(tasks.cursors[s].group)
          d = tasks.specs[k].sample(&tasks.cursors[s].rng, index: Int(tasks.cursors[s].task) - tasks.groupFirst[g],
            count: tasks.groupCount[g])
        }
        switch op.code {
        case .cpu: return .cpu(d)
        case .io: return .io(d)
        case .native: return .native(d)
        case .cCall: return .cCall(d)
        default: return .blocking(d)
        }
      case .lockAcquire:
        tasks.cursors[s].pc += 1
        return .lockAcquire(LockID(raw: op.argument))
      case .lockRelease:
        tasks.cursors[s].pc += 1
        return .lockRelease(LockID(raw: op.argument))
      case .offloadBegin:
        tasks.cursors[s].pc += 1
        if tasks.offloads { return .offloadBegin(op.argument == 0 ? .thread : .process) }
      case .offloadEnd:
        tasks.cursors[s].pc += 1
        if tasks.offloads { return .offloadEnd }
      case .semaphoreAcquire:
        tasks.cursors[s].pc += 1
        return .semaphoreAcquire(SemaphoreID(raw: op.argument))
      case .semaphoreRelease:
        tasks.cursors[s].pc += 1
        return .semaphoreRelease(SemaphoreID(raw: op.argument))
      case .repeatBegin:
        tasks.counters[i * depth + Int(op.depth)] = op.argument
        tasks.cursors[s].pc += 1
      case .repeatEnd:
        let k = i * depth + Int(op.depth)
        tasks.counters[k] -= 1
        tasks.cursors[s].pc = tasks.counters[k] > 0 ? op.argument : tasks.cursors[s].pc + 1
      case .end:
        return .end
      }
    }
  }
}
