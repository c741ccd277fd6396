import ParsimEngine
import ParsimScenario
import Testing

/// The engine against CPython's documented and measured behaviour (reference/cpython-model.md).
@Suite struct CPythonBehaviourTests {
  static func makespan(_ yaml: String, _ model: Int = 0) -> Double {
    let s = scenario(yaml)
    return Double(run(s, s.models[model], recording: false).metrics.makespan)
  }

  @Test(arguments: [1, 2, 4], [2, 4, 8])
  func cpuBoundThreadsTakeAsLongAsSerial(cores: Int, threads: Int) {
    let yaml = """
      name: cpu
      machine: {cores: \(cores)}
      tasks: [{count: \(threads), steps: [{cpu: 100ms}]}]
      models: [serial, {threading: {threads: \(threads)}}]
      """
    let serial = Self.makespan(yaml, 0)
    let threaded = Self.makespan(yaml, 1)
    #expect(abs(threaded / serial - 1) < 0.03, "\(threads) threads on \(cores) cores: \(threaded / serial)")
  }

  @Test(arguments: [(1, 2), (2, 2), (4, 2), (2, 4), (4, 4)])
  func processesDivideCPUWork(processes: Int, cores: Int) {
    let yaml = """
      name: procs
      machine: {cores: \(cores)}
      tasks: [{count: 8, steps: [{cpu: 100ms}]}]
      models: [serial, {multiprocessing: {processes: \(processes), chunksize: 1}}]
      """
    let serial = Self.makespan(yaml, 0)
    let pool = Self.makespan(yaml, 1)
    let ideal = serial / Double(min(processes, cores))
    // Start-up: the parent forks each process (0.6 ms), a child boots in 1.15 ms, three helper threads.
    let startup = Double(processes) * 0.6e6 + 1.15e6 + 3 * 97e3
    #expect(pool >= ideal, "\(pool) < \(ideal)")
    #expect(pool <= ideal * 1.03 + startup, "\(processes) processes on \(cores) cores: \(pool / 1e6) ms, ideal \(ideal / 1e6) ms")
  }

  @Test(arguments: ["threading", "asyncio", "thread_pool: {max_workers: 100}"])
  func pureIOOverlapsFully(model: String) {
    let yaml = """
      name: io
      tasks: [{count: 100, steps: [{io: 1s}]}]
      models: [\(model.contains(":") ? "{\(model)}" : model)]
      """
    let m = Self.makespan(yaml)
    // At least the 1 s every task waits; at most 2% more (thread starts, wake-ups, overshoot).
    #expect(m >= 1e9 && m < 1.02e9, "\(model): \(m / 1e6) ms for 100 × 1 s of I/O")
  }

  static func ticker(withCruncher: Bool, interval: String = "5ms") -> String {
    """
    name: convoy
    machine: {switch_interval: \(interval)}
    tasks:
      - name: ticker
        steps: [{repeat: 200, steps: [{io: 1ms}, {cpu: 5us}]}]
    \(withCruncher ? "  - name: cruncher\n    steps: [{cpu: 3s}]" : "")
    models: [threading]
    """
  }

  @Test func aTickerBesideACPUBoundThreadPaysOneSwitchIntervalPerSleep() {
    // Reference §2c: time.sleep(0.001) in a loop takes 1.08 ms alone and 6.28 ms per iteration
    // beside one CPU-bound thread.
    let alone = scenario(Self.ticker(withCruncher: false))
    let contended = scenario(Self.ticker(withCruncher: true))
    let aloneIter = run(alone, alone.models[0]).metrics.latencyMean / 200
    let trace = run(contended, contended.models[0]).trace!
    let tickerDone = trace.marks.first { $0.kind == .completion && $0.task == 0 }!.time
    let contendedIter = Double(tickerDone) / 200
    #expect(abs(aloneIter - 1.08e6) / 1.08e6 < 0.03, "alone: \(aloneIter / 1e6) ms")
    #expect(abs(contendedIter - 6.28e6) / 6.28e6 < 0.03, "beside a CPU thread: \(contendedIter / 1e6) ms")
  }

  @Test func aShorterSwitchIntervalShortensTheConvoy() {
    // Reference §2c: about 2.19 ms per iteration at a 1 ms interval.
    let s = scenario(Self.ticker(withCruncher: true, interval: "1ms"))
    let trace = run(s, s.models[0]).trace!
    let iter = Double(trace.marks.first { $0.kind == .completion && $0.task == 0 }!.time) / 200
    #expect(abs(iter - 2.19e6) / 2.19e6 < 0.05, "\(iter / 1e6) ms")
  }

  @Test func aBlockingCallInsideAsyncioDelaysEveryCoroutine() {
    func tickerEnd(_ blocker: String) -> SimTime {
      let s = scenario("""
        name: block
        tasks:
          - name: ticker
            steps: [{repeat: 100, steps: [{io: 1ms}]}]
          - name: blocker
            steps: [{io: 10ms}, {\(blocker): 50ms}]
        models: [asyncio]
        """)
      let trace = run(s, s.models[0]).trace!
      return trace.marks.first { $0.kind == .completion && $0.task == 0 }!.time
    }
    let delay = Double(tickerEnd("blocking") - tickerEnd("io"))
    #expect(delay > 48e6 && delay < 51e6, "the ticker was delayed \(delay / 1e6) ms by a 50 ms blocking call")
  }

  @Test func nativeCodeRunsInParallelUnderThreads() {
    let yaml = """
      name: native
      machine: {cores: 2}
      tasks: [{count: 4, steps: [{native: 100ms}]}]
      models: [serial, {threading: {threads: 2}}]
      """
    let ratio = Self.makespan(yaml, 1) / Self.makespan(yaml, 0)
    #expect(abs(ratio - 0.5) < 0.01, "\(ratio)")  // reference §2(+): sha256 of 8 MiB gave 0.53
  }

  @Test func freeThreadingRunsThreadsInParallelButSlower() {
    let yaml = """
      name: ft
      machine: {cores: 4}
      tasks: [{count: 4, steps: [{cpu: 100ms}]}]
      models: [serial, {free_threading: {threads: 4, python: 3.13t}}, {free_threading: {threads: 4, python: 3.14t}}]
      """
    let serial = Self.makespan(yaml, 0)
    #expect(abs(Self.makespan(yaml, 1) / serial - 1.4 / 4) < 0.01)
    #expect(abs(Self.makespan(yaml, 2) / serial - 1.1 / 4) < 0.01)
  }

  @Test func threadPoolCreatesThreadsLazily() {
    // A burst of submits creates threads up to max_workers; spaced-out short tasks reuse one.
    let burst = scenario("name: b\ntasks: [{count: 3, steps: [{io: 10ms}]}]\nmodels: [{thread_pool: {max_workers: 5}}]\n")
    let spaced = scenario("name: s\ntasks: [{count: 5, arrivals: {every: 50ms}, steps: [{io: 1ms}]}]\nmodels: [{thread_pool: {max_workers: 5}}]\n")
    let threads = { (s: Scenario) in run(s, s.models[0]).trace!.lanes.filter { $0.name.hasPrefix("Worker thread") }.count }
    #expect(threads(burst) == 3)
    #expect(threads(spaced) == 1)
  }

  @Test func anIdleLoopSleepsWholeMilliseconds() {
    // selectors.EpollSelector.select rounds its timeout up to a whole millisecond: a loop with
    // nothing else to do wakes 1 ms after a 300 µs asyncio.sleep, so three of them take 3 ms
    // (not 0.9 ms); 2 ms sleeps are whole already: 6 ms. Every other cost zero.
    func makespan(_ sleep: String) -> SimTime {
      let s = scenario("""
        name: sub
        machine: {costs: {asyncio_task_create: 0ns, asyncio_step: 0ns, asyncio_timer_overshoot: 0ns}}
        tasks: [{steps: [{repeat: 3, steps: [{io: \(sleep)}]}]}]
        models: [asyncio]
        """)
      return run(s, s.models[0], recording: false).metrics.makespan
    }
    #expect(makespan("300us") == 3_000_000)
    #expect(makespan("2ms") == 6_000_000)
    // epoll.poll rounds the whole milliseconds up once more through nanoseconds in floating
    // point: measured here (scripts/pyfacts/epoll_rounding.py), poll(0.017) waits 17 ms,
    // poll(0.018) 19 ms, poll(0.019) 19 ms, poll(0.026) 27 ms.
    #expect(makespan("17ms") == 3 * 17_000_000)
    #expect(makespan("18ms") == 3 * 19_000_000)
    #expect(makespan("19ms") == 3 * 19_000_000)
    #expect(makespan("26ms") == 3 * 27_000_000)
  }

  @Test func spawnStartsTheResourceTracker() throws {
    // resource_tracker.ensure_running() at the first spawned start: a process of its own whose
    // start-up is CPU. On one core every start-up and the task run one after another, so a
    // 10 ms tracker makes the run exactly 10 ms longer (with no CPU lost to the time slices'
    // preemptions, `preemption` 0); fork starts none.
    func run(_ method: String, tracker: String) -> (SimTime, [String]) {
      let s = scenario("""
        name: tracker
        machine:
          cores: 1
          costs: {process_start_parent: 0ns, process_start_spawn: 10ms, process_start_fork: 10ms, pool_setup: 0ns,
                  thread_start: 0ns, thread_boot: 0ns, wakeup: 0ns, pool_dispatch: 0ns, pool_per_item: 0ns,
                  resource_tracker_boot: \(tracker), preemption: 0ns}
        tasks: [{steps: [{cpu: 20ms}]}]
        models: [{multiprocessing: {processes: 1, start_method: \(method)}}]
        """)
      let r = ParsimEngineTests.run(s, s.models[0])
      return (r.metrics.makespan, r.trace?.lanes.map(\.name) ?? [])
    }
    let (with, lanes) = run("spawn", tracker: "10ms")
    let (without, _) = run("spawn", tracker: "0ns")
    #expect(with - without == 10_000_000)
    #expect(lanes.contains("Resource tracker"))
    #expect(!run("fork", tracker: "10ms").1.contains("Resource tracker"))
  }

  @Test func theCallQueuesFeederThreadPicklesEachCall() throws {
    // ProcessPoolExecutor's call queue is a multiprocessing.Queue: the manager's put appends to
    // its buffer, and its feeder thread (Queue._feed) pickles each call into the pipe. Three
    // calls with ppe_feed 1 ms and 1 MB of arguments at pickle_send 1 GB/s: the feeder pays
    // 3 × (1 + 1) = 6 ms; the manager's put (ppe_send 0) nothing (threads boot in 0 here).
    let s = scenario("""
      name: feeder
      machine: {cores: 2, costs: {ppe_submit: 0ns, ppe_feed: 1ms, pickle_send: 1GB/s, thread_boot: 0ns, pool_per_item: 0ns}}
      tasks: [{count: 3, args: 1MB, steps: [{cpu: 1ms}]}]
      models: [{process_pool: {max_workers: 1}}]
      """)
    let trace = try #require(run(s, s.models[0]).trace)
    func overhead(_ name: String) throws -> SimTime {
      let lane = try #require(trace.lanes.firstIndex { $0.name == name })
      return trace.spans.filter { Int($0.lane) == lane && $0.state == .overhead }.reduce(0) { $0 + $1.end - $1.start }
    }
    let feeder = try overhead("Queue feeder"), manager = try overhead("Manager thread")
    #expect(feeder == 6_000_000, "\(feeder)")
    #expect(manager == 0, "\(manager)")
  }

  @Test func theFirstProcessStartImportsItsPopenModule() throws {
    // multiprocessing imports popen_fork / popen_spawn_posix at a program's first
    // Process.start(): that start blocks the parent process_first_start longer, the others do
    // not. On one core with every other cost 0, two starts make the run exactly that much
    // longer, once, for fork and spawn; forkserver's first start is inside forkserver_start.
    func makespan(_ method: String, first: String) -> SimTime {
      let s = scenario("""
        name: first
        machine:
          cores: 1
          costs: {process_start_parent: 1ms, process_start_spawn: 1ms, process_start_fork: 1ms, process_start_forkserver: 1ms,
                  forkserver_start: 0ns, pool_setup: 0ns, thread_start: 0ns, thread_boot: 0ns, wakeup: 0ns, pool_dispatch: 0ns,
                  pool_per_item: 0ns, resource_tracker_boot: 0ns, pool_maintain: 0ns, process_first_start: \(first)}
        tasks: [{count: 2, steps: [{cpu: 20ms}]}]
        models: [{multiprocessing: {processes: 2, start_method: \(method)}}]
        """)
      return ParsimEngineTests.run(s, s.models[0]).metrics.makespan
    }
    #expect(makespan("fork", first: "2ms") - makespan("fork", first: "0ns") == 2_000_000)
    #expect(makespan("spawn", first: "2ms") - makespan("spawn", first: "0ns") == 2_000_000)
    #expect(makespan("forkserver", first: "2ms") == makespan("forkserver", first: "0ns"))
  }

  @Test func executorsDefaultToMin32CoresPlus4Workers() {
    // ThreadPoolExecutor: max_workers = min(32, (os.process_cpu_count() or 1) + 4); the
    // InterpreterPoolExecutor inherits it. Pools default to the cores.
    for cores in [2, 40] {
      let s = scenario("name: w\nmachine: {cores: \(cores)}\ntasks: [{steps: [{cpu: 1ms}]}]\nmodels: [thread_pool, subinterpreters, process_pool]\n")
      let workers = s.models.map { ResolvedModel($0, scenario: s, taskCount: 1).workers }
      #expect(workers == [min(32, cores + 4), min(32, cores + 4), cores])
    }
  }

  @Test func poolMapChunksizeFollowsThePoolRule() {
    let s = scenario("name: c\nmachine: {cores: 2}\ntasks: [{count: 10000, steps: [{cpu: 1us}]}]\nmodels: [multiprocessing, {multiprocessing: {processes: 3}}, process_pool, dummy_pool]\n")
    let chunks = s.models.map { ResolvedModel($0, scenario: s, taskCount: 10000).chunksize }
    #expect(chunks == [1250, 834, 1, 1250])
  }

  @Test func asyncioLimitBoundsConcurrency() throws {
    let s = scenario("name: l\ntasks: [{count: 20, steps: [{io: 10ms}]}]\nmodels: [{asyncio: {limit: 3}}]\n")
    let trace = try #require(run(s, s.models[0]).trace)
    var points: [(SimTime, Int)] = []
    for span in trace.spans where span.state == .io && trace.lanes[Int(span.lane)].kind == .coroutine {
      points.append((span.start, 1))
      points.append((span.end, -1))
    }
    points.sort { ($0.0, $0.1) < ($1.0, $1.1) }
    var level = 0
    var peak = 0
    for (_, d) in points { level += d; peak = max(peak, level) }
    #expect(peak == 3)
    #expect(abs(Double(trace.makespan) - 7 * 10.09e6) < 0.5e6)  // ceil(20 / 3) rounds of 10 ms + overshoot
  }

  @Test func locksSerialiseTheirCriticalSections() {
    let yaml = """
      name: lock
      machine: {cores: 4}
      tasks: [{count: 4, steps: [{lock: db, steps: [{io: 10ms}]}]}]
      models: [{threading: {threads: 4}}]
      """
    let m = Self.makespan(yaml)
    #expect(m >= 40e6 && m < 42e6, "\(m / 1e6) ms")
  }

  @Test func aSemaphoreBoundsConcurrencyUnderEveryModel() throws {
    // 12 tasks of 10 ms I/O through a semaphore of 3: four rounds, 40 ms and a little.
    for model in ["threading", "thread_pool: {max_workers: 12}", "asyncio", "multiprocessing: {processes: 12}"] {
      let s = scenario("""
        name: sem
        semaphores: {db: 3}
        tasks: [{count: 12, steps: [{semaphore: db, steps: [{io: 10ms}]}]}]
        models: [\(model.contains(":") ? "{\(model)}" : model)]
        """)
      let r = run(s, s.models[0])
      let trace = try #require(r.trace)
      // At most 3 tasks are in their I/O at once.
      var points: [(SimTime, Int)] = []
      for span in trace.spans where span.state == .io {
        points.append((span.start, 1))
        points.append((span.end, -1))
      }
      points.sort { ($0.0, $0.1) < ($1.0, $1.1) }
      var level = 0
      var peak = 0
      for (_, d) in points { level += d; peak = max(peak, level) }
      #expect(peak == 3, "\(model): \(peak) at once")
      let sleeps = trace.spans.filter { $0.state == .io }.count
      #expect(sleeps == 12, "\(model)")
    }
  }

  @Test func aThreadRetakingTheGILItHeldIsNoSwitch() throws {
    // ceval_gil.c, take_gil: `if (tstate != gil->last_holder) { ...; ++gil->switch_number; }`.
    // Thread 1 runs 1 ms of Python then 10 µs of native code, 20 times, and (gil_fast_regrab 1)
    // takes the GIL back each time before a woken waiter can. The main thread, back from
    // starting it at 0, waits for the GIL: thread 1's re-takes are no switches, so its timed
    // wait (from 0.12 ms: a start and a hand-off take 60 µs each here) finds switch_number
    // unchanged at 5.12 ms and it asks. It takes the GIL (a forced hand-off, 60 µs) and starts
    // thread 2, which runs from about 5.24 ms, not after thread 1's 20 ms.
    let s = scenario("""
      name: regrab
      machine:
        cores: 2
        costs: {thread_start: 0ns, thread_boot: 0ns, gil_slice_extra: 0ns, gil_fast_regrab: 1, gil_waiter_policy: fifo, wakeup: 60us}
      tasks:
        - {name: chunks, steps: [{repeat: 20, steps: [{cpu: 1ms}, {native: 10us}]}]}
        - {name: cpu, steps: [{cpu: 5ms}]}
      models: [threading]
      """)
    let trace = try #require(run(s, s.models[0]).trace)
    let first = try #require(trace.spans.filter { $0.task == 1 && $0.state == .python }.map(\.start).min())
    #expect(first >= 5_000_000 && first <= 5_400_000, "thread 2 first ran at \(first)")
  }

  @Test func poolsWorkerHandlerWakesOnEachResultAndLoopsUntilItIsRead() throws {
    // Pool._get_sentinels lists outqueue._reader: Pool._handle_workers wakes on every result
    // and passes through its loop (_maintain_pool, wait()) until the result handler has read
    // it. No CPU is lost to preemptions here (`preemption` 0). One worker: the result handler
    // and the worker handler wake with each result, three threads for two cores (the two that
    // mostly sleep take them at once, one preempting the worker); the result handler reads a
    // result with no bytes and runs its Python for it (pool_result_receive, 10 µs): the worker
    // handler's passes of 7 µs end at 7 µs (still unread) and 14 µs (read): two passes, 14 µs
    // for each of the first 99 results and 10 µs for the last (the run ends as it is set,
    // cutting the pass): 1.396 ms of its CPU. Two workers, results of 2 MB: each takes 2 ms to
    // read (pipe_receive 1 GB/s), 2.01 ms with the Python: ceil(2010 / 7) = 288 passes,
    // 2.016 ms a result, 40 × 2.016 = 80.64 ms, less the moments it waits for a core
    // (scripts/pyfacts/pool_worker_handler.py measures 2.2–4.8 passes per result of 200 µs
    // tasks on two busy cores, and 2.0–2.3 ms of that thread's CPU per 2 MB result).
    func handlerCPU(_ tasks: String, processes: Int) throws -> SimTime {
      let s = scenario("""
        name: handler
        machine: {cores: 2, costs: {pool_maintain: 7us, pipe_receive: 1GB/s, pool_task_send: 0ns, pool_result_receive: 10us,
          pool_per_item: 0ns, thread_boot: 0ns, preemption: 0ns}}
        tasks: [\(tasks)]
        models: [{multiprocessing: {processes: \(processes), chunksize: 1}}]
        """)
      let trace = try #require(run(s, s.models[0]).trace)
      let lane = try #require(trace.lanes.firstIndex { $0.name == "Worker handler" })
      return trace.spans.filter { Int($0.lane) == lane && $0.state == .overhead }.reduce(0) { $0 + $1.end - $1.start }
    }
    let small = try handlerCPU("{count: 100, steps: [{cpu: 1ms}]}", processes: 1)
    #expect(small == 99 * 14_000 + 10_000, "\(small)")
    let big = try handlerCPU("{count: 40, result: 2MB, steps: [{cpu: 5ms}]}", processes: 2)
    #expect(big <= 80_640_000 && big >= 78_200_000, "\(big)")  // within 3% below
  }

  @Test func onResultWorkRunsWhereEachModelRunsIt() {
    // Four tasks of 10 ms I/O, each result followed by 5 ms of Python (every framework cost
    // zero). serial: 4 × (10 + 5) = 60 ms. threading: the threads wait together (0 → 10 ms),
    // then do their 5 ms one after another under the GIL: 30 ms. asyncio: each coroutine goes
    // on into its on_result work, one at a time on the loop: 30 ms. ThreadPoolExecutor(4)'s
    // caller takes the four results at 10 ms and works through them: 30 ms.
    let s = scenario("""
      name: onresult
      machine:
        cores: 4
        costs: {thread_start: 0ns, thread_boot: 0ns, gil_handoff: 0ns, wakeup: 0ns, sleep_overshoot: 0ns, tpe_submit: 0ns, result_collect: 0ns,
                asyncio_task_create: 0ns, asyncio_step: 0ns, asyncio_timer_overshoot: 0ns, gil_waiter_policy: fifo}
      tasks: [{count: 4, steps: [{io: 10ms}], on_result: [{cpu: 5ms}]}]
      models: [serial, threading, asyncio, {thread_pool: {max_workers: 4}}]
      """)
    let makespans = s.models.map { run(s, $0, recording: false).metrics.makespan }
    #expect(makespans == [60_000_000, 30_000_000, 30_000_000, 30_000_000])
  }

  @Test func aSemaphoreTakenTwiceByOneTaskDeadlocks() {
    let s = scenario("""
      name: sem
      semaphores: {one: 1}
      tasks: [{count: 2, steps: [{semaphore: one, steps: [{semaphore: one, steps: [{cpu: 1ms}]}]}]}]
      models: [threading]
      """)
    let r = run(s, s.models[0])
    #expect(r.isDeadlocked)
    #expect(r.metrics.deadlock?.waits.contains { $0.contains("waits for semaphore 'one', all 1 in use") } == true)
  }

  @Test func locksTakenInOppositeOrdersDeadlockAndSayTheyDid() {
    let s = scenario("""
      name: dl
      tasks:
        - {name: ab, steps: [{lock: a, steps: [{io: 5ms}, {lock: b, steps: [{cpu: 1ms}]}]}]}
        - {name: ba, steps: [{lock: b, steps: [{io: 5ms}, {lock: a, steps: [{cpu: 1ms}]}]}]}
      models: [threading]
      """)
    let r = run(s, s.models[0])
    #expect(r.isDeadlocked)
    #expect(r.completed == 0)
    #expect(r.metrics.explanation.hasPrefix("Deadlock"))
  }
}
