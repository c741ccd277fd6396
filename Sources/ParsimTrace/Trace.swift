/// What a thread, coroutine, core or GIL is doing during a span.
public enum SpanState: UInt8, CaseIterable, Sendable, Codable {
  public init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    guard let s = SpanState.allCases.first(where: { $0.name == name }) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown state '\(name)'"))
    }
    self = s
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(name)
  }

  /// Running Python bytecode: holds a core and (in GIL builds) the GIL.
  case python
  /// Running C code that released the GIL: holds a core only.
  case native
  /// Ready to run Python but waiting for the GIL.
  case gilWait
  /// Ready to run but waiting for a free core (more runnable threads than cores).
  case coreWait
  /// Blocked in a wait that needs neither core nor GIL: network, disk, sleep, a blocking call.
  case io
  /// Waiting for a named lock.
  case lockWait
  /// Framework work: starting threads or processes, pickling, dispatch, event-loop steps.
  case overhead
  /// A coroutine that is ready but waits for the event loop to run it.
  case loopWait
  /// A coroutine awaiting work it handed to an executor (`asyncio.to_thread`, `run_in_executor`).
  case executorWait
  /// A GIL lane: the GIL is held. A core lane: the core is busy.
  case held
  /// Blocked in `put` on a full bounded queue: backpressure from the stage downstream.
  case queueFull

  public var name: String {
    switch self {
    case .python: return "python"
    case .native: return "native"
    case .gilWait: return "gil_wait"
    case .coreWait: return "core_wait"
    case .io: return "io"
    case .lockWait: return "lock_wait"
    case .overhead: return "overhead"
    case .loopWait: return "loop_wait"
    case .executorWait: return "executor_wait"
    case .held: return "held"
    case .queueFull: return "queue_full"
    }
  }

  /// Human words for legends and explanations.
  public var phrase: String {
    switch self {
    case .python: return "running Python"
    case .native: return "native code (GIL released)"
    case .gilWait: return "waiting for the GIL"
    case .coreWait: return "waiting for a core"
    case .io: return "waiting on I/O"
    case .lockWait: return "waiting for a lock or semaphore"
    case .overhead: return "overhead (start-up, pickling, dispatch)"
    case .loopWait: return "waiting for the event loop"
    case .executorWait: return "awaiting an executor"
    case .held: return "held"
    case .queueFull: return "blocked on a full queue"
    }
  }
}

/// A row of a timeline.
public struct Lane: Hashable, Sendable, Codable {
  public enum Kind: String, Sendable, Codable { case thread, process, coroutine, gil, core, lock, semaphore, queue }
  public var name: String
  public var kind: Kind
  /// The process (interpreter) the lane belongs to; -1 for cores.
  public var process: Int
  /// A semaphore lane's value: its spans' `task` is the units in use, out of this many. A queue
  /// lane's `maxsize` (or, unbounded, the most items it held): its spans' `task` is its length.
  public var capacity: Int?
  public init(name: String, kind: Kind, process: Int, capacity: Int? = nil) {
    self.name = name
    self.kind = kind
    self.process = process
    self.capacity = capacity
  }
}

/// A stretch of time a lane spends in one state, for one task (or -1 for none).
///
/// On GIL, core and lock lanes `task` is the index of the thread (or coroutine) lane that holds
/// the GIL, the core or the lock; on a semaphore lane, the number of units in use.
public struct Span: Hashable, Sendable, Codable {
  public var lane: Int32
  public var state: SpanState
  public var task: Int32
  public var start: SimTime
  public var end: SimTime
  public init(lane: Int32, state: SpanState, task: Int32, start: SimTime, end: SimTime) {
    self.lane = lane
    self.state = state
    self.task = task
    self.start = start
    self.end = end
  }
}

/// A point event: a task arriving or completing.
public struct Mark: Hashable, Sendable, Codable {
  public enum Kind: String, Sendable, Codable { case arrival, completion }
  public var kind: Kind
  public var task: Int32
  public var time: SimTime
  public init(kind: Kind, task: Int32, time: SimTime) {
    self.kind = kind
    self.task = task
    self.time = time
  }
}

/// One run of one model, simulated or measured: lanes, spans, marks and metadata.
public struct Trace: Hashable, Sendable, Codable {
  public var scenario: String
  public var model: String
  public var label: String
  public var cores: Int
  /// From the first line of the model's code to the last result back in the caller.
  public var makespan: SimTime
  public var taskCount: Int
  public var lanes: [Lane]
  public var spans: [Span]
  public var marks: [Mark]
  /// Names of the tasks, indexed by task id ("Customer 3").
  public var taskNames: [String]
  /// Set when the recording stopped early (the span budget): the spans cover the run up to
  /// here only.
  public var cutAt: SimTime?

  public init(
    scenario: String, model: String, label: String, cores: Int, makespan: SimTime, taskCount: Int,
    lanes: [Lane], spans: [Span], marks: [Mark], taskNames: [String]
  ) {
    self.scenario = scenario
    self.model = model
    self.label = label
    self.cores = cores
    self.makespan = makespan
    self.taskCount = taskCount
    self.lanes = lanes
    self.spans = spans
    self.marks = marks
    self.taskNames = taskNames
  }
}
