/// An OS thread: where it is in its program, what it is doing, what it holds.
///
/// A thread's life is a loop of the interpreter (`Programs/Interpreter.swift`) running its
/// program until an instruction takes time — work on a core, a wait, a block — and the kernel
/// resuming it when that ends. Every wait bumps `generation`, so an event scheduled for an
/// earlier wait finds it stale and does nothing.
struct SimThread {
  /// The interpreter it runs in: its process's, or a subinterpreter's.
  var interpreter: InterpreterID
  var lane: Int32
  /// The next instruction of its program.
  var pc: Int32
  var phase: Phase = .idle
  var generation: UInt32 = 0
  /// Work left of the current step on a core, and since when it has been running.
  var remaining: SimTime = 0
  var runStart: SimTime = 0
  /// The CPU it has run: the OS scheduler's virtual runtime (`Cores.swift`).
  var vruntime: SimTime = 0
  /// Preempted by the OS scheduler: its next run on a core pays `preemption`.
  var preempted = false
  var core: CoreID?
  var workState: SpanState = .python
  var needsGIL = false
  var holdsGIL = false
  /// False for a `c_call`: C code that checks no eval breaker.
  var switchable = true
  /// Inside a `c_call` that has begun: a drop request waits until it returns.
  var insideCCall = false
  /// The GIL's switch number when its timed wait began (`ceval_gil.c`'s `saved_switchnum`).
  var gilWaitSwitch: UInt64 = 0
  var span = OpenSpan()
  /// The task being run, if any.
  var slot: TaskSlot?
  /// The tasks taken from a queue: a chunk, a work item, a result.
  var item = QueueItem(start: 0, count: 0, arrival: 0)
  /// How many of `item`'s tasks it has run.
  var itemPosition: Int32 = 0
  /// True when `item` was handed over by a `put` and not yet taken in by its program.
  var hasItem = false
  /// How many tasks it takes at most from the queue it is blocked on.
  var takeLimit: Int32 = .max
  /// A pipeline stage's worker: since when it has worked on its item.
  var busySince: SimTime = 0
  /// A thread being started: the caller waiting in `Thread.start()`, and whether it has run its
  /// bootstrap (`ThreadStart.swift`).
  var starter: ThreadID?
  var booted = false
  /// Woken in `sem_wait`: the lock it retries in C before it takes the GIL back (`Lock.swift`).
  var retriesLock: LockID?
  /// Since when it has waited for a lock (3.13's `PyMutex` hands over to a long waiter).
  var lockWaitSince: SimTime = 0

  init(interpreter: InterpreterID, lane: Int32, pc: Int32) {
    self.interpreter = interpreter
    self.lane = lane
    self.pc = pc
  }
}

enum Phase: UInt8 {
  case idle, gilWait, coreWait, running, timed, lockWait, blocked, done
}

extension Simulation {
  /// Creates a thread that will run the program at `entry`; `advance` starts it.
  mutating func newThread(_ entry: ProgramID, interpreter: InterpreterID, name: String) -> ThreadID {
    let lane = recorder.addLane(name, kind: .thread, process: interpreter.index)
    threads.append(SimThread(interpreter: interpreter, lane: lane, pc: entry.raw))
    return ThreadID(threads.count - 1)
  }

  /// Starts work that needs a core (and the GIL when `needsGIL` and the interpreter has one);
  /// `switchable: false` for C code that keeps the GIL to its end (`c_call`).
  mutating func startWork(_ t: ThreadID, _ duration: SimTime, _ state: SpanState, needsGIL: Bool, switchable: Bool = true) {
    threads[t].remaining = duration
    threads[t].workState = state
    threads[t].switchable = switchable
    threads[t].insideCCall = false
    let wantsGIL = needsGIL && interpreters[threads[t].interpreter.index].exists
    threads[t].needsGIL = wantsGIL
    if wantsGIL {
      if !threads[t].holdsGIL, !acquireGIL(t) { return }
    } else if threads[t].holdsGIL {
      releaseGIL(t)
    }
    requestCore(t)
  }

  /// Starts a wait that needs neither core nor GIL (I/O, sleep, a blocking call).
  mutating func startWait(_ t: ThreadID, _ duration: SimTime, state: SpanState, task: Int32) {
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .timed
    threads[t].generation &+= 1
    setSpan(t, state, task: task)
    events.schedule(.threadDone, at: now + duration, target: t.raw, generation: threads[t].generation)
  }

  /// Blocks a thread with no span (waiting on a queue or a join): it uses no core, no GIL.
  mutating func block(_ t: ThreadID) {
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .blocked
    threads[t].generation &+= 1
    closeSpan(t)
  }

  /// Blocks a thread waiting for a lock or semaphore (its span says so).
  mutating func blockOnLock(_ t: ThreadID) {
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .lockWait
    threads[t].generation &+= 1
    threads[t].lockWaitSince = now
    setSpan(t, .lockWait, task: currentTask(t))
  }

  /// Blocks a thread in `put` on a full queue (its span says so: backpressure).
  mutating func blockOnFullQueue(_ t: ThreadID) {
    if threads[t].holdsGIL { releaseGIL(t) }
    leaveCore(t)
    threads[t].phase = .blocked
    threads[t].generation &+= 1
    setSpan(t, .queueFull, task: threads[t].item.isSentinel ? -1 : threads[t].item.start)
  }

  mutating func finishThread(_ t: ThreadID) {
    block(t)
    threads[t].phase = .done
  }

  /// Wakes a blocked thread after the wake-up latency (a futex or pipe wake-up).
  mutating func wake(_ t: ThreadID, after latency: SimTime) {
    threads[t].generation &+= 1
    events.schedule(.wake, at: now + latency, target: t.raw, generation: threads[t].generation)
  }

  /// A woken thread goes on with its program. One woken from `acquire()` of a lock or a
  /// semaphore first takes the GIL back (`PyEval_RestoreThread` as the call returns), whatever
  /// its next step: beside threads running Python that is a wait of up to a switch interval.
  mutating func threadWoke(_ t: ThreadID) {
    if let id = threads[t].retriesLock, !retryLock(t, id) { return }  // taken first: it waits on
    let fromAcquire = threads[t].phase == .lockWait
    threads[t].phase = .idle
    if fromAcquire, interpreters[threads[t].interpreter.index].exists {
      startWork(t, 0, .python, needsGIL: true)  // its threadDone goes on with the program
      return
    }
    advance(t)
  }

  /// The end of a thread's timed work or wait.
  mutating func threadDone(_ t: ThreadID) {
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
  mutating func account(_ t: ThreadID) {
    threads[t].remaining -= now - threads[t].runStart
    threads[t].vruntime += now - threads[t].runStart
    if threads[t].remaining < 0 { threads[t].remaining = 0 }
    threads[t].runStart = now
  }

  /// The task a thread is working on, for its spans (-1 for none).
  @inline(__always)
  func currentTask(_ t: ThreadID) -> Int32 {
    guard let s = threads[t].slot else { return -1 }
    return tasks.cursors[s].task
  }
}
