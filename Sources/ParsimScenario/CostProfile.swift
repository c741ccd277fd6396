/// The machine and interpreter costs the simulator charges, in nanoseconds unless noted.
///
/// The built-in defaults are the figures measured on a 2-vCPU machine with CPython 3.11.7 in
/// `reference/cpython-model.md` §3; a profile (`parsim calibrate`) or a scenario's
/// `machine.costs` overrides any of them by its key (the `CostKey` raw value).
public struct CostProfile: Hashable, Sendable {
  // GIL
  public var switchInterval: Int64 = 5_000_000
  public var gilSliceExtra: Int64 = 80_000
  public var gilHandoff: Int64 = 60_000
  public var gilFastRegrab: Double = 1
  public var gilWaiterPolicy: GILWaiterPolicy = .random
  /// Under the random policy, the chance that the most recent waiter is the one woken.
  public var gilWakeNewest: Double = 0.3
  // Threads and wake-ups
  /// `Thread.start()` in the caller until it waits for the new thread: `_start_new_thread`
  /// creating the OS thread (7.7 µs, `scripts/pyfacts/thread_start.py`, CPython 3.11.7).
  public var threadStart: Int64 = 8_000
  /// A new thread's bootstrap under the GIL, `_bootstrap_inner` up to `self._started.set()`:
  /// what it adds before `run()` against a raw `_start_new_thread` thread's first line (15.5 µs,
  /// the same script). The whole `start()` measured 51 µs: these two, the new thread's
  /// scheduling and the caller's wake-up (`wakeup` each).
  public var threadBoot: Int64 = 16_000
  public var wakeup: Int64 = 15_000
  /// A released `threading.Lock` goes straight to a thread that has waited this long (3.13+:
  /// `PyMutex`, `TIME_TO_BE_FAIR_NS` in `Python/lock.c`, 1 ms); 0 for a `sem_t` (3.11, 3.12),
  /// whose woken waiter only tries again.
  public var lockFairAfter: Int64 = 0
  /// `release()` of a thread lock that a thread waits on: the futex call that wakes it, made
  /// holding the GIL (4.7 µs against 0.05 µs uncontended, `scripts/pyfacts/lock_release.py`).
  public var lockWake: Int64 = 4_700
  /// The CPU a thread preempted by another (a woken thread, or the end of its time slice) loses
  /// when it runs again: the switch and its cold caches. A Python loop pinned to one core beside
  /// a process that wakes every 200 µs and runs 20 µs of Python: 4–17 µs more of the loop's CPU
  /// per preemption, median 10.8 µs (`scripts/pyfacts/preemption.py`, six alternated pairs of
  /// runs; 24.8 µs an hour later, the host busier); a process pool's worker uses 4–12 µs per
  /// call beside idle cores and 14–26 µs on busy ones, about one preemption per call
  /// (`scripts/pyfacts/pool_threads.py`). The in-situ figure and the quieter run agree: 10 µs.
  public var preemption: Int64 = 10_000
  /// C code that releases the GIL per call runs `native` steps as calls of this long, taking the
  /// GIL back between two (0: one release for the whole step). The default is one 64 KiB
  /// `hashlib.sha256().update()`, as `parsim measure` runs a `native` step (31.3 µs,
  /// `scripts/pyfacts/native_chunks.py`, CPython 3.11.7 and 3.13.0 alike).
  public var nativeChunk: Int64 = 31_000
  /// The Python around each such call, holding the GIL (the loop that makes the next call:
  /// 0.24–0.64 µs, the same script).
  public var nativeCall: Int64 = 500
  public var sleepOvershoot: Int64 = 80_000
  // Processes
  public var processStartFork: Int64 = 1_750_000
  public var processStartForkserver: Int64 = 6_630_000
  public var forkserverStart: Int64 = 45_000_000
  public var processStartSpawn: Int64 = 46_300_000
  public var processStartParent: Int64 = 600_000
  /// What the first `Process.start()` of a program adds in the parent, importing the start
  /// method's `Popen` module on first use: fork 1.71 ms, spawn 2.27 ms on 3.11; 3.5–3.9 ms on
  /// 3.12 and 3.13 (`scripts/pyfacts/first_process_start.py`, fresh interpreters). forkserver's
  /// is inside `forkserver_start`.
  public var processFirstStart: Int64 = 2_000_000
  /// The resource tracker's start-up, CPU in a process of its own: the first spawn start of a
  /// program runs `python -c 'from multiprocessing.resource_tracker import main'`
  /// (33.4 ms, `scripts/pyfacts/resource_tracker.py`, CPython 3.11.7).
  public var resourceTrackerBoot: Int64 = 33_000_000
  public var poolSetup: Int64 = 2_400_000
  // Pools
  public var poolDispatch: Int64 = 20_000
  public var poolPerItem: Int64 = 200
  /// One pass of `Pool._handle_workers`' loop, which wakes on every result and loops until the
  /// result handler has read it: `_maintain_pool` and `connection.wait` on a fresh selector,
  /// 9.7–10.1 µs looped over a readable pipe (`scripts/pyfacts/pool_worker_handler.py`; the
  /// thread's CPU is 36–60 µs per result of 200 µs tasks on two busy cores, its wake-up included,
  /// `scripts/pyfacts/pool_threads.py`, and 2.0–2.3 ms per 2 MB result read).
  public var poolMaintain: Int64 = 10_000
  public var poolApplyAsync: Int64 = 35_000
  /// A worker's own CPU per call beyond the call (`scripts/pyfacts/worker_call.py`, 5,000
  /// no-ops through two workers, CPython 3.11–3.13, from /proc): Pool's `worker` loop (a `get()`
  /// under the task pipe's read lock, unpickling, the result pickled and `put()` under the
  /// write lock) 4–12 µs, ProcessPoolExecutor's `_process_worker` (`call_queue.get()`, the
  /// `_ResultItem`, `result_queue.put()`) 12–28 µs.
  public var poolWorkerCall: Int64 = 8_000
  public var ppeWorkerCall: Int64 = 18_000
  public var ppeSubmit: Int64 = 78_000
  public var tpeSubmit: Int64 = 18_000
  public var resultCollect: Int64 = 1_000
  // Pipelines' queues (`scripts/pyfacts/queue_costs.py`, CPython 3.11.7 on this 2-core machine:
  // best of five loops of 20,000 puts then 20,000 gets in one thread)
  /// `queue.Queue.put` (0.41 µs unbounded, 0.46 µs with a maxsize: its `not_full` condition).
  public var queuePut: Int64 = 450
  /// `queue.Queue.get` (0.42 µs).
  public var queueGet: Int64 = 420
  /// `multiprocessing.Queue.put` in the sender: 0.40 µs to append to the buffer, plus the feeder
  /// thread's pickling and pipe write, folded in here (a put-and-get pair measured 5.0 µs; the
  /// split between the two ends is parsim's assumption). The item's bytes are charged at
  /// `pickle_send` besides (and at `pipe_receive` in the getter).
  public var mpQueuePut: Int64 = 3_000
  /// `multiprocessing.Queue.get` in the receiver: reading the pipe and unpickling (the rest of
  /// the 5.0 µs pair).
  public var mpQueueGet: Int64 = 2_000
  /// `await asyncio.Queue.put(item)` when the queue has room: `put_nowait`, no suspension
  /// (0.22 µs; the same script, one coroutine).
  public var asyncioQueuePut: Int64 = 230
  /// `await asyncio.Queue.get()` when the queue holds an item: `get_nowait` (0.18 µs).
  public var asyncioQueueGet: Int64 = 190
  /// Bytes per second the sender of a payload through a pipe pickles and writes, in CPU
  /// (`ForkingPickler.dumps`, `Connection.send_bytes`): 2.9–3.3 GB/s for 2 MB of `bytes`
  /// streamed as a pool streams them, either direction, 3.11–3.13 (`scripts/pyfacts/pipe_sides.py`).
  public var pickleSend: Double = 3.0e9
  /// Bytes per second the receiver of a payload is occupied reading the pipe and unpickling
  /// (`recv_bytes`, `loads`): writer and reader alternate through the pipe's 64 KiB buffer, so
  /// this is the receiver's wall time, its waits for the writer included: 0.82–1.24 GB/s for
  /// 2 MB of `bytes` (the same script). Pickled objects are slower: a list of small ints
  /// pickles at about 0.3 GB/s and is received at about 0.13 GB/s.
  public var pipeReceive: Double = 1.0e9
  // asyncio
  public var asyncioTaskCreate: Int64 = 5_900
  public var asyncioStep: Int64 = 2_300
  public var asyncioTimerOvershoot: Int64 = 90_000
  // Subinterpreters and free threading
  public var subinterpreterCreate: Int64 = 8_300_000
  public var subinterpreterCall: Int64 = 15_000
  /// Multiplies the CPU time of Python code in a free-threaded build.
  public var freeThreadingSlowdown: Double = 1.40

  // Shares of a measured total, by the thread that pays them. The reference measures each
  // total as a throughput (`pool_dispatch`, `pool_per_item`, `ppe_submit`: cpython-model.md §2e)
  // with no split between the threads that pay it; the split is parsim's assumption, and each
  // share is its own key so that a profile or scenario can set it. Unset, a share follows its
  // total.

  /// Pool's task handler, per task or chunk: pickling it and writing it to the workers' pipe.
  /// Half of `pool_dispatch`, the result handler's the other half: /proc gives the two threads
  /// 4–6 and 2–16 µs per task of Pool(2).map with chunksize 1 (`scripts/pyfacts/pool_threads.py`;
  /// the worker handler's passes are `pool_maintain`'s).
  public var poolTaskSend: Int64 {
    get { poolTaskSendSet ?? poolDispatch / 2 }
    set { poolTaskSendSet = newValue }
  }
  /// Pool's result handler, per result: reading it from the pipe and setting the result.
  public var poolResultReceive: Int64 {
    get { poolResultReceiveSet ?? poolDispatch - poolDispatch / 2 }
    set { poolResultReceiveSet = newValue }
  }
  /// Pool's task handler, per task inside a chunk (half of `pool_per_item`).
  public var poolSendPerItem: Int64 {
    get { poolSendPerItemSet ?? poolPerItem / 2 }
    set { poolSendPerItemSet = newValue }
  }
  /// Pool's result handler, per task inside a chunk (the other half of `pool_per_item`).
  public var poolReceivePerItem: Int64 {
    get { poolReceivePerItemSet ?? poolPerItem - poolPerItem / 2 }
    set { poolReceivePerItemSet = newValue }
  }
  /// `ProcessPoolExecutor.submit` in the caller: the work item, its future, waking the manager.
  public var ppeSubmitCaller: Int64 {
    get { ppeSubmitCallerSet ?? ppeSubmit / 4 }
    set { ppeSubmitCallerSet = newValue }
  }
  /// The executor's manager thread, per call: putting it on the call queue (its buffer).
  public var ppeSend: Int64 {
    get { ppeSendSet ?? ppeSubmit / 4 }
    set { ppeSendSet = newValue }
  }
  /// The call queue's feeder thread, per call: pickling it and writing it into the pipe. The
  /// parent's CPU per call, by thread, from `/proc` over `ProcessPoolExecutor(2).map` of 5,000
  /// calls (`scripts/pyfacts/ppe_threads.py`): main thread 14–20 µs, manager 36, feeder 12–20,
  /// of about 70: a quarter of `ppe_submit` each for the caller, the feeder and the manager's
  /// send, and a quarter for its results.
  public var ppeFeed: Int64 {
    get { ppeFeedSet ?? ppeSubmit / 4 }
    set { ppeFeedSet = newValue }
  }
  /// The executor's manager thread, per result: reading it and setting its future.
  public var ppeResult: Int64 {
    get { ppeResultSet ?? ppeSubmit / 4 }
    set { ppeResultSet = newValue }
  }
  /// A child forked by the fork server, from its fork to its first task. Unset: 1 ms (at most
  /// `process_start_forkserver`), a figure fitted to one timing of `Pool(2)` with the server
  /// running (13.5 ms for two starts, reference §3); the rest of `process_start_forkserver` is
  /// the parent's wait while the server forks.
  public var forkserverChildBoot: Int64 {
    get { forkserverChildBootSet ?? min(1_000_000, processStartForkserver) }
    set { forkserverChildBootSet = newValue }
  }
  var poolTaskSendSet: Int64?
  var poolResultReceiveSet: Int64?
  var poolSendPerItemSet: Int64?
  var poolReceivePerItemSet: Int64?
  var ppeSubmitCallerSet: Int64?
  var ppeSendSet: Int64?
  var ppeFeedSet: Int64?
  var ppeResultSet: Int64?
  var forkserverChildBootSet: Int64?

  public init() {}

  /// The built-in costs for a CPython version: 3.11's, with what `parsim calibrate` measured
  /// different in 3.12 and 3.13 on this machine beyond 3.11's own spread between runs
  /// (`scripts/version_costs.py`: five calibrations of each version, interleaved; the ratio of
  /// the medians). 3.13t, 3.14 and 3.14t, not installed here, take 3.13's.
  ///
  /// | key | 3.12 / 3.11 | 3.13 / 3.11 | 3.11's spread |
  /// |---|---|---|---|
  /// | `thread_boot` | 0.91 | 0 (`run()` begins as soon as a raw thread's first line would) | 0.59 |
  /// | `asyncio_task_create` | 0.95 | 0.86 | 0.02 |
  /// | `asyncio_step` | 1.08 | 0.95 | 0.03 |
  /// | `process_start_forkserver` | 1.16 | 1.21 | 0.09 |
  ///
  /// From the source, not calibration: 3.13's `threading.Lock` is a `PyMutex` (`lock_fair_after`).
  /// From `scripts/pyfacts/first_process_start.py`: `process_first_start` 3.7 ms on 3.12 and 3.13.
  public static func defaults(for version: PythonVersion) -> CostProfile {
    var c = CostProfile()
    c.freeThreadingSlowdown = version.freeThreadedBuild == .v3_14t ? 1.10 : 1.40
    func scale(_ v: inout Int64, _ f: Double) { v = Int64((Double(v) * f).rounded()) }
    switch version {
    case .v3_11:
      break
    case .v3_12:
      scale(&c.asyncioStep, 1.08)
      scale(&c.processStartForkserver, 1.16)
      c.processFirstStart = 3_700_000
    case .v3_13, .v3_13t, .v3_14, .v3_14t:
      c.processFirstStart = 3_700_000
      c.threadBoot = 0
      c.lockFairAfter = 1_000_000  // threading.Lock is a PyMutex
      scale(&c.asyncioTaskCreate, 0.86)
      scale(&c.processStartForkserver, 1.21)
    }
    return c
  }
}

/// Who gets the GIL when the holder drops it and several threads wait.
///
/// CPython signals its condition variable once and the OS wakes one waiter: no order is
/// promised (`Python/ceval_gil.c`, `COND_SIGNAL`). `random` picks a waiter with the scenario's
/// seeded generator, which reproduces the unfair tails measured with four threads; `fifo`
/// wakes the longest waiter, an idealised fair GIL.
public enum GILWaiterPolicy: String, CaseIterable, Hashable, Sendable {
  case random, fifo
}

/// The keys of `machine.costs` and of profile files.
public enum CostKey: String, CaseIterable, Hashable, Sendable {
  case switchInterval = "switch_interval"
  case gilSliceExtra = "gil_slice_extra"
  case gilHandoff = "gil_handoff"
  case gilFastRegrab = "gil_fast_regrab"
  case gilWaiterPolicy = "gil_waiter_policy"
  case gilWakeNewest = "gil_wake_newest"
  case threadStart = "thread_start"
  case threadBoot = "thread_boot"
  case lockFairAfter = "lock_fair_after"
  case lockWake = "lock_wake"
  case preemption = "preemption"
  case resourceTrackerBoot = "resource_tracker_boot"
  case nativeChunk = "native_chunk"
  case nativeCall = "native_call"
  case wakeup
  case sleepOvershoot = "sleep_overshoot"
  case processStartFork = "process_start_fork"
  case processStartForkserver = "process_start_forkserver"
  case forkserverStart = "forkserver_start"
  case processStartSpawn = "process_start_spawn"
  case processStartParent = "process_start_parent"
  case processFirstStart = "process_first_start"
  case poolSetup = "pool_setup"
  case poolDispatch = "pool_dispatch"
  case poolPerItem = "pool_per_item"
  case poolMaintain = "pool_maintain"
  case poolApplyAsync = "pool_apply_async"
  case poolWorkerCall = "pool_worker_call"
  case ppeWorkerCall = "ppe_worker_call"
  case ppeSubmit = "ppe_submit"
  case tpeSubmit = "tpe_submit"
  case resultCollect = "result_collect"
  case pickleSend = "pickle_send"
  case pipeReceive = "pipe_receive"
  case asyncioTaskCreate = "asyncio_task_create"
  case asyncioStep = "asyncio_step"
  case asyncioTimerOvershoot = "asyncio_timer_overshoot"
  case subinterpreterCreate = "subinterpreter_create"
  case subinterpreterCall = "subinterpreter_call"
  case freeThreadingSlowdown = "free_threading_slowdown"
  case poolTaskSend = "pool_task_send"
  case poolResultReceive = "pool_result_receive"
  case poolSendPerItem = "pool_send_per_item"
  case poolReceivePerItem = "pool_receive_per_item"
  case ppeSubmitCaller = "ppe_submit_caller"
  case ppeSend = "ppe_send"
  case ppeFeed = "ppe_feed"
  case ppeResult = "ppe_result"
  case forkserverChildBoot = "forkserver_child_boot"
  case queuePut = "queue_put"
  case queueGet = "queue_get"
  case mpQueuePut = "mp_queue_put"
  case mpQueueGet = "mp_queue_get"
  case asyncioQueuePut = "asyncio_queue_put"
  case asyncioQueueGet = "asyncio_queue_get"

  /// What kind of value a key takes.
  public enum Kind: Sendable { case duration, probability, factor, throughput, policy }

  public var kind: Kind {
    switch self {
    case .gilFastRegrab, .gilWakeNewest: return .probability
    case .freeThreadingSlowdown: return .factor
    case .pickleSend, .pipeReceive: return .throughput
    case .gilWaiterPolicy: return .policy
    default: return .duration
    }
  }

  /// What the key means, for `docs/scenario-format.md` and error hints.
  public var meaning: String {
    switch self {
    case .switchInterval: return "GIL switch interval (sys.setswitchinterval)"
    case .gilSliceExtra: return "time past the interval before the holder notices a drop request"
    case .gilHandoff: return "time to hand the GIL to a woken waiter on a forced switch (a GIL given up of its own accord takes wakeup)"
    case .gilFastRegrab: return "chance that a thread finding the GIL free takes it past the signalled waiter (take_gil's fast path)"
    case .gilWaiterPolicy: return "which waiter gets the GIL: random or fifo"
    case .gilWakeNewest: return "under the random policy, the chance the newest waiter is woken"
    case .threadStart: return "Thread.start() in the caller, creating the OS thread, before it waits for the thread to boot"
    case .threadBoot: return "a new thread's bootstrap under the GIL until Thread.start() may return"
    case .lockWake: return "release() of a thread lock a thread waits on: the futex call that wakes it, holding the GIL"
    case .preemption: return "CPU a thread preempted by another loses when it runs again: the switch and its cold caches"
    case .lockFairAfter: return "a released thread lock goes straight to a thread that has waited this long (3.13+ PyMutex: 1ms; 0: never, a sem_t)"
    case .resourceTrackerBoot: return "the resource tracker's start-up, CPU in its own process (spawn, once)"
    case .nativeChunk: return "one call of C code in a native step, between two re-takes of the GIL (0: one release for the whole step)"
    case .nativeCall: return "the Python between two calls of a native step, holding the GIL"
    case .wakeup: return "waking a thread or process blocked on a queue or pipe"
    case .sleepOvershoot: return "how late time.sleep returns"
    case .processStartFork: return "a forked process until it runs its first task"
    case .processStartForkserver: return "a process forked by the fork server"
    case .forkserverStart: return "starting the fork server, once per program"
    case .processStartSpawn: return "a spawned process (fresh interpreter and imports)"
    case .processStartParent: return "time Process.start() blocks the parent (fork, spawn)"
    case .processFirstStart: return "what the program's first Process.start() adds in the parent: importing its Popen module (fork, spawn)"
    case .poolSetup: return "a process pool's queues, pipes and locks, beyond its process and thread starts"
    case .poolDispatch: return "multiprocessing.Pool cost per task or chunk"
    case .poolPerItem: return "Pool cost per item inside a chunk"
    case .poolMaintain: return "one pass of Pool's worker handler, woken by each result and looping until the result handler has read it (0: it never loops)"
    case .poolApplyAsync: return "Pool.apply_async cost per call"
    case .poolWorkerCall: return "a Pool worker per task or chunk, beyond its tasks: get() from the task pipe, put() of the result"
    case .ppeWorkerCall: return "a ProcessPoolExecutor worker per call, beyond its tasks: call_queue.get(), result_queue.put()"
    case .ppeSubmit: return "ProcessPoolExecutor.submit cost per call"
    case .tpeSubmit: return "ThreadPoolExecutor.submit cost per call"
    case .resultCollect: return "the caller taking one finished future's result (executors' map and result loops)"
    case .pickleSend: return "the sender's pickling and pipe write of an argument or a result, bytes per second of CPU"
    case .pipeReceive: return "the receiver's pipe read and unpickling, bytes per second it is busy (it waits for the writer too)"
    case .asyncioTaskCreate: return "asyncio.create_task and first step"
    case .asyncioStep: return "one event-loop iteration per coroutine step"
    case .asyncioTimerOvershoot: return "how late asyncio.sleep returns"
    case .subinterpreterCreate: return "creating an isolated subinterpreter"
    case .subinterpreterCall: return "one call into a subinterpreter"
    case .freeThreadingSlowdown: return "single-thread slowdown of a free-threaded build"
    case .poolTaskSend: return "Pool's task handler per task or chunk: pickling it into the workers' pipe (default ½ of pool_dispatch)"
    case .poolResultReceive: return "Pool's result handler per result: reading it and setting it (default ½ of pool_dispatch)"
    case .poolSendPerItem: return "Pool's task handler per task inside a chunk (default ½ of pool_per_item)"
    case .poolReceivePerItem: return "Pool's result handler per task inside a chunk (default ½ of pool_per_item)"
    case .ppeSubmitCaller: return "ProcessPoolExecutor.submit in the caller (default ¼ of ppe_submit)"
    case .ppeSend: return "ProcessPoolExecutor's manager thread per call put on the call queue (default ¼ of ppe_submit)"
    case .ppeFeed: return "the call queue's feeder thread per call: pickling it into the pipe (default ¼ of ppe_submit)"
    case .ppeResult: return "ProcessPoolExecutor's manager thread per result (default ¼ of ppe_submit)"
    case .forkserverChildBoot: return "a child forked by the fork server, until its first task (default 1ms, fitted)"
    case .queuePut: return "queue.Queue.put in a pipeline (threads)"
    case .queueGet: return "queue.Queue.get in a pipeline (threads)"
    case .mpQueuePut: return "multiprocessing.Queue.put in a pipeline, its feeder thread's pickling and pipe write included"
    case .mpQueueGet: return "multiprocessing.Queue.get in a pipeline: reading the pipe and unpickling"
    case .asyncioQueuePut: return "asyncio.Queue.put in a pipeline (coroutines), when it has room"
    case .asyncioQueueGet: return "asyncio.Queue.get in a pipeline (coroutines), when it holds an item"
    }
  }
}

extension CostProfile {
  /// Every cost that is a duration, with its key.
  public var durations: [(CostKey, Int64)] {
    [
      (.switchInterval, switchInterval), (.gilSliceExtra, gilSliceExtra), (.gilHandoff, gilHandoff),
      (.threadStart, threadStart), (.threadBoot, threadBoot), (.wakeup, wakeup),
      (.nativeChunk, nativeChunk), (.nativeCall, nativeCall), (.resourceTrackerBoot, resourceTrackerBoot),
      (.lockFairAfter, lockFairAfter), (.lockWake, lockWake), (.preemption, preemption), (.sleepOvershoot, sleepOvershoot),
      (.processStartFork, processStartFork), (.processStartForkserver, processStartForkserver),
      (.forkserverStart, forkserverStart), (.processStartSpawn, processStartSpawn),
      (.processStartParent, processStartParent), (.processFirstStart, processFirstStart), (.poolSetup, poolSetup), (.poolDispatch, poolDispatch),
      (.poolPerItem, poolPerItem), (.poolMaintain, poolMaintain), (.poolApplyAsync, poolApplyAsync), (.poolWorkerCall, poolWorkerCall), (.ppeWorkerCall, ppeWorkerCall), (.ppeSubmit, ppeSubmit), (.tpeSubmit, tpeSubmit),
      (.resultCollect, resultCollect), (.asyncioTaskCreate, asyncioTaskCreate), (.asyncioStep, asyncioStep),
      (.asyncioTimerOvershoot, asyncioTimerOvershoot), (.subinterpreterCreate, subinterpreterCreate),
      (.subinterpreterCall, subinterpreterCall), (.poolTaskSend, poolTaskSend), (.poolResultReceive, poolResultReceive),
      (.poolSendPerItem, poolSendPerItem), (.poolReceivePerItem, poolReceivePerItem), (.ppeSubmitCaller, ppeSubmitCaller),
      (.ppeSend, ppeSend), (.ppeFeed, ppeFeed), (.ppeResult, ppeResult), (.forkserverChildBoot, forkserverChildBoot),
      (.queuePut, queuePut), (.queueGet, queueGet), (.mpQueuePut, mpQueuePut), (.mpQueueGet, mpQueueGet),
      (.asyncioQueuePut, asyncioQueuePut), (.asyncioQueueGet, asyncioQueueGet),
    ]
  }
}

/// A value for one cost key, as written in a file.
public enum CostValue: Hashable, Sendable {
  case duration(Int64)
  case number(Double)
  case policy(GILWaiterPolicy)
}

/// Cost overrides in the order they were written.
public struct CostOverrides: Hashable, Sendable {
  public var entries: [(CostKey, CostValue)] {
    keys.compactMap { key in values[key].map { (key, $0) } }
  }
  private var keys: [CostKey] = []
  private var values: [CostKey: CostValue] = [:]

  public init() {}

  public var isEmpty: Bool { keys.isEmpty }

  public subscript(key: CostKey) -> CostValue? {
    get { values[key] }
    set {
      if let newValue {
        if values[key] == nil { keys.append(key) }
        values[key] = newValue
      } else {
        keys.removeAll { $0 == key }
        values[key] = nil
      }
    }
  }

  public static func == (a: CostOverrides, b: CostOverrides) -> Bool { a.values == b.values }
  public func hash(into h: inout Hasher) { h.combine(values) }

  /// Writes every override into `profile`.
  public func apply(to profile: inout CostProfile) {
    for key in keys {
      guard let value = values[key] else { continue }
      switch (key, value) {
      case (.switchInterval, .duration(let v)): profile.switchInterval = v
      case (.gilSliceExtra, .duration(let v)): profile.gilSliceExtra = v
      case (.gilHandoff, .duration(let v)): profile.gilHandoff = v
      case (.gilFastRegrab, .number(let v)): profile.gilFastRegrab = v
      case (.gilWaiterPolicy, .policy(let p)): profile.gilWaiterPolicy = p
      case (.gilWakeNewest, .number(let v)): profile.gilWakeNewest = v
      case (.threadStart, .duration(let v)): profile.threadStart = v
      case (.threadBoot, .duration(let v)): profile.threadBoot = v
      case (.lockFairAfter, .duration(let v)): profile.lockFairAfter = v
      case (.lockWake, .duration(let v)): profile.lockWake = v
      case (.preemption, .duration(let v)): profile.preemption = v
      case (.resourceTrackerBoot, .duration(let v)): profile.resourceTrackerBoot = v
      case (.nativeChunk, .duration(let v)): profile.nativeChunk = v
      case (.nativeCall, .duration(let v)): profile.nativeCall = v
      case (.wakeup, .duration(let v)): profile.wakeup = v
      case (.sleepOvershoot, .duration(let v)): profile.sleepOvershoot = v
      case (.processStartFork, .duration(let v)): profile.processStartFork = v
      case (.processStartForkserver, .duration(let v)): profile.processStartForkserver = v
      case (.forkserverStart, .duration(let v)): profile.forkserverStart = v
      case (.processStartSpawn, .duration(let v)): profile.processStartSpawn = v
      case (.processStartParent, .duration(let v)): profile.processStartParent = v
      case (.processFirstStart, .duration(let v)): profile.processFirstStart = v
      case (.poolSetup, .duration(let v)): profile.poolSetup = v
      case (.poolDispatch, .duration(let v)): profile.poolDispatch = v
      case (.poolPerItem, .duration(let v)): profile.poolPerItem = v
      case (.poolMaintain, .duration(let v)): profile.poolMaintain = v
      case (.poolApplyAsync, .duration(let v)): profile.poolApplyAsync = v
      case (.poolWorkerCall, .duration(let v)): profile.poolWorkerCall = v
      case (.ppeWorkerCall, .duration(let v)): profile.ppeWorkerCall = v
      case (.ppeSubmit, .duration(let v)): profile.ppeSubmit = v
      case (.tpeSubmit, .duration(let v)): profile.tpeSubmit = v
      case (.resultCollect, .duration(let v)): profile.resultCollect = v
      case (.pickleSend, .number(let v)): profile.pickleSend = v
      case (.pipeReceive, .number(let v)): profile.pipeReceive = v
      case (.asyncioTaskCreate, .duration(let v)): profile.asyncioTaskCreate = v
      case (.asyncioStep, .duration(let v)): profile.asyncioStep = v
      case (.asyncioTimerOvershoot, .duration(let v)): profile.asyncioTimerOvershoot = v
      case (.subinterpreterCreate, .duration(let v)): profile.subinterpreterCreate = v
      case (.subinterpreterCall, .duration(let v)): profile.subinterpreterCall = v
      case (.freeThreadingSlowdown, .number(let v)): profile.freeThreadingSlowdown = v
      case (.poolTaskSend, .duration(let v)): profile.poolTaskSend = v
      case (.poolResultReceive, .duration(let v)): profile.poolResultReceive = v
      case (.poolSendPerItem, .duration(let v)): profile.poolSendPerItem = v
      case (.poolReceivePerItem, .duration(let v)): profile.poolReceivePerItem = v
      case (.ppeSubmitCaller, .duration(let v)): profile.ppeSubmitCaller = v
      case (.ppeSend, .duration(let v)): profile.ppeSend = v
      case (.ppeFeed, .duration(let v)): profile.ppeFeed = v
      case (.ppeResult, .duration(let v)): profile.ppeResult = v
      case (.forkserverChildBoot, .duration(let v)): profile.forkserverChildBoot = v
      case (.queuePut, .duration(let v)): profile.queuePut = v
      case (.queueGet, .duration(let v)): profile.queueGet = v
      case (.mpQueuePut, .duration(let v)): profile.mpQueuePut = v
      case (.mpQueueGet, .duration(let v)): profile.mpQueueGet = v
      case (.asyncioQueuePut, .duration(let v)): profile.asyncioQueuePut = v
      case (.asyncioQueueGet, .duration(let v)): profile.asyncioQueueGet = v
      default: break  // the loader only stores values of the key's kind
      }
    }
  }
}
