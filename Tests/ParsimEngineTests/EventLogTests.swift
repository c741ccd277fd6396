import ParsimEngine
import ParsimScenario
import Testing

/// Exact event logs of one mechanism each, in SimPy's "log" idiom: a scenario of two or three
/// tasks with every cost but the ones under test set to zero, and its log derived by hand in
/// the comment above it, so that a reader can check it without running anything. Times are in
/// µs; a log line is "start-end lane state task" (`Support.swift`).
@Suite struct EventLogTests {
  /// Zero for every cost not under test, and FIFO GIL hand-offs, so the arithmetic is short.
  static let quiet = """
    {thread_start: 0, thread_boot: 0, gil_handoff: 0, gil_slice_extra: 0, wakeup: 0, sleep_overshoot: 0, gil_waiter_policy: fifo}
    """

  func log(_ yaml: String) throws -> (makespan: SimTime, lines: [String]) {
    let s = scenario(yaml)
    let r = run(s, s.models[0])
    return (r.metrics.makespan, try #require(r.trace).threadLog)
  }

  // A forced GIL switch (ceval_gil.c, switch interval 5 ms): two threads of 12 ms Python.
  // At 0 the main thread starts Thread 1 and waits in start() with the GIL released: Thread 1
  // boots (cost 0), takes the GIL and runs. The main thread, woken, waits for the GIL: at 5 ms
  // it asks, Thread 1 drops, and the main thread starts Thread 2, waiting in start() again:
  // Thread 2 finds the GIL free and takes it (a switch), ahead of Thread 1, which began waiting
  // before that switch and so waits on at 10 ms. The main thread, waiting from that switch,
  // asks at 10 ms: Thread 2 drops (7 ms left) and the first waiter, Thread 1, runs 10 → 15 ms.
  // At 15 ms the main thread asks again: it takes the GIL, joins (releasing it), and Thread 2
  // runs its 7 ms (15 → 22 ms); Thread 1, dropped at 15 ms, runs its last 2 ms to 24 ms.
  @Test func aForcedGILSwitch() throws {
    let (makespan, lines) = try log("""
      name: switch
      machine: {cores: 2, costs: \(Self.quiet)}
      tasks: [{name: t, count: 2, steps: [{cpu: 12ms}]}]
      models: [threading]
      """)
    #expect(lines == [
      "0-5000 Main thread gil_wait",
      "0-5000 Thread 1 python t 1",
      "5000-15000 Main thread gil_wait",
      "5000-10000 Thread 1 gil_wait t 1",
      "5000-10000 Thread 2 python t 2",
      "10000-15000 Thread 1 python t 1",
      "10000-15000 Thread 2 gil_wait t 2",
      "15000-22000 Thread 1 gil_wait t 1",
      "15000-22000 Thread 2 python t 2",
      "22000-24000 Thread 1 python t 1",
    ])
    #expect(makespan == 24_000_000)
  }

  // The convoy: a thread back from 1 ms of I/O needs the GIL for 1 ms of Python, beside a
  // thread running 20 ms of Python. The main thread, back from starting that thread at 0,
  // waits for the GIL too and asks at 5 ms: the CPU thread drops, the main thread takes the GIL
  // and joins, and the I/O thread, waiting since 1 ms, runs 5 → 6 ms; the CPU thread, dropped
  // at 5 ms with 15 ms left, ends at 21 ms. (Alone, the I/O thread would have asked at 6 ms.)
  @Test func theConvoy() throws {
    let (makespan, lines) = try log("""
      name: convoy
      machine: {cores: 2, costs: \(Self.quiet)}
      tasks:
        - {name: io, steps: [{io: 1ms}, {cpu: 1ms}]}
        - {name: cpu, steps: [{cpu: 20ms}]}
      models: [threading]
      """)
    #expect(lines == [
      "0-5000 Main thread gil_wait",
      "0-1000 Thread 1 io io 1",
      "0-5000 Thread 2 python cpu 1",
      "1000-5000 Thread 1 gil_wait io 1",
      "5000-6000 Thread 1 python io 1",
      "5000-6000 Thread 2 gil_wait cpu 1",
      "6000-21000 Thread 2 python cpu 1",
    ])
    #expect(makespan == 21_000_000)
  }

  // The OS scheduler on one core, no GIL (free threading at Python's own speed): Thread 1 runs
  // 10 ms of Python; Thread 2 waits 2 ms of I/O, then runs 1 ms; every cost 0 but `preemption`
  // (10 µs). At 0 the main thread starts Thread 1 and waits in start(); Thread 1 takes the core;
  // the main thread, woken at once, is not a wake-up granularity (1 ms) behind it and waits for
  // the core. At 4 ms Thread 1's time slice ends and the main thread, which has run less, takes
  // the core (Thread 1 is preempted); it starts Thread 2, which begins its I/O (4 → 6 ms), and
  // joins. Thread 1 is back at 4 ms and pays the preemption: 6 ms + 10 µs left. At 6 ms Thread 2
  // wakes having run nothing, Thread 1 has run 6 ms: it preempts Thread 1 and runs 6 → 7 ms.
  // Thread 1 is back at 7 ms with 4.01 ms + 10 µs left: 7 → 11.02 ms.
  @Test func preemptedThreadsPayForTheirCores() throws {
    let (makespan, lines) = try log("""
      name: preempt
      machine: {cores: 1, costs: {thread_start: 0, thread_boot: 0, wakeup: 0, sleep_overshoot: 0, preemption: 10us,
                free_threading_slowdown: 1.0}}
      tasks:
        - {name: cpu, steps: [{cpu: 10ms}]}
        - {name: sleeper, steps: [{io: 2ms}, {cpu: 1ms}]}
      models: [{free_threading: {threads: 2}}]
      """)
    #expect(lines == [
      "0-4000 Main thread core_wait",
      "0-4000 Thread 1 python cpu 1",
      "4000-6000 Thread 1 python cpu 1",
      "4000-6000 Thread 2 io sleeper 1",
      "6000-7000 Thread 1 core_wait cpu 1",
      "6000-7000 Thread 2 python sleeper 1",
      "7000-11020 Thread 1 python cpu 1",
    ])
    #expect(makespan == 11_020_000)
  }

  // One Pool chunk there and back: Pool(1).map over one task of 10 ms, fork. The parent's
  // start() blocks 1 ms; the child boots 3 − 1 = 2 ms (1 → 3 ms). The parent's pool_setup
  // (4 ms) takes it to 5 ms; it starts _worker_handler (0.1 ms: 5.1; the thread is scheduled
  // at 5.15 and wakes the parent at 5.2 ms) and the task handler (5.2 → 5.3 ms; it wakes the
  // parent at 5.4 ms), then the result handler (5.4 → 5.5 ms; back at 5.6 ms), and puts the
  // chunk on _taskqueue. The task handler wakes (5.65 ms), pickles it (½ × 40 = 20 µs: 5.67)
  // into the pipe; the worker wakes at 5.72, runs 10 ms to 15.72, and its loop's own work
  // (pool_worker_call, 8 µs) sends the result at 15.728; the result handler and the worker
  // handler, which waits on the result pipe too, wake at 15.778: the result handler reads it
  // and runs its Python for it (½ × 40 = 20 µs) to 15.798; the worker handler's passes
  // (pool_maintain, 15 µs) end at 15.793 (unread) and 15.808 (read), the second cut at 15.798
  // where the run ends with the last result set; the caller wakes at 15.848.
  @Test func onePoolChunkThereAndBack() throws {
    let (makespan, lines) = try log("""
      name: chunk
      machine:
        cores: 2
        costs: {process_start_parent: 1ms, process_first_start: 0ns, process_start_fork: 3ms, pool_setup: 4ms, thread_start: 100us, thread_boot: 0ns,
                pool_dispatch: 40us, pool_per_item: 0ns, wakeup: 50us, pool_maintain: 15us, pool_worker_call: 8us}
      tasks: [{name: t, steps: [{cpu: 10ms}]}]
      models: [{multiprocessing: {processes: 1}}]
      """)
    #expect(lines == [
      "0-5100 Main thread overhead",
      "1000-3000 Process 1 overhead",
      "5200-5300 Main thread overhead",
      "5400-5500 Main thread overhead",
      "5650-5670 Task handler overhead",
      "5720-15720 Process 1 python t 1",
      "15720-15728 Process 1 overhead",
      "15778-15798 Worker handler overhead",
      "15778-15798 Result handler overhead",
    ])
    #expect(makespan == 15_848_000)
  }

  // The same chunk with 4 MB of arguments and 2 MB of result: each side of a pipe pays its own
  // part. The task handler pickles and writes the arguments (20 µs + 4 MB at pickle_send
  // 2 GB/s = 2 ms: 5.65 → 7.67 ms); the worker wakes at 7.72 and reads and unpickles them
  // (4 MB at pipe_receive 1 GB/s = 4 ms: 11.72), runs 10 ms (21.72), and its loop's own work
  // (8 µs) and the result pickled and written (2 MB at 2 GB/s = 1 ms) take it to 22.728; the
  // result handler wakes at 22.778 and reads it (2 MB at 1 GB/s = 2 ms, the GIL released:
  // 24.778), then runs its Python for it (20 µs: 24.798); the worker handler, woken at 22.778
  // too, loops until the result is read, ceil(2020 / 15) = 135 passes of 15 µs to 24.803 (cut at
  // 24.798, where the run ends with the last result set); the caller wakes at 24.848.
  @Test func aPipeChargesTheSenderAndTheReceiver() throws {
    let (makespan, lines) = try log("""
      name: chunk
      machine:
        cores: 2
        costs: {process_start_parent: 1ms, process_first_start: 0ns, process_start_fork: 3ms, pool_setup: 4ms, thread_start: 100us, thread_boot: 0ns,
                pool_dispatch: 40us, pool_per_item: 0ns, wakeup: 50us, pickle_send: 2GB/s, pipe_receive: 1GB/s,
                pool_maintain: 15us, pool_worker_call: 8us}
      tasks: [{name: t, args: 4MB, result: 2MB, steps: [{cpu: 10ms}]}]
      models: [{multiprocessing: {processes: 1}}]
      """)
    #expect(lines == [
      "0-5100 Main thread overhead",
      "1000-3000 Process 1 overhead",
      "5200-5300 Main thread overhead",
      "5400-5500 Main thread overhead",
      "5650-7670 Task handler overhead",
      "7720-11720 Process 1 overhead",
      "11720-21720 Process 1 python t 1",
      "21720-22728 Process 1 overhead",
      "22778-24798 Worker handler overhead",
      "22778-24798 Result handler overhead",
    ])
    #expect(makespan == 24_848_000)
  }

  // An executor's result collection in submission order: ThreadPoolExecutor(2), task 1 waits
  // 10 ms, task 2 5 ms. Submits cost 0.1 ms and each thread start 0.2 ms, then the caller waits
  // in start(): worker 1 is scheduled 50 µs later and starts its wait at 0.35 ms, waking the
  // caller at 0.4 ms; worker 2 starts at 0.75 ms, and the caller, back at 0.8 ms, blocks on task
  // 1's result. Task 2 is done at 5.75 ms, but the caller waits for task 1 (10.35 ms), wakes at
  // 10.4 ms and takes both results at 1 ms each: 12.4 ms.
  @Test func anExecutorCollectsResultsInSubmissionOrder() throws {
    let (makespan, lines) = try log("""
      name: collect
      machine:
        cores: 2
        costs: {tpe_submit: 100us, thread_start: 200us, thread_boot: 0ns, result_collect: 1ms, wakeup: 50us, sleep_overshoot: 0ns}
      tasks:
        - {name: slow, steps: [{io: 10ms}]}
        - {name: fast, steps: [{io: 5ms}]}
      models: [{thread_pool: {max_workers: 2}}]
      """)
    #expect(lines == [
      "0-300 Main thread overhead",
      "350-10350 Worker thread 1 io slow 1",
      "400-700 Main thread overhead",
      "750-5750 Worker thread 2 io fast 1",
      "10400-12400 Main thread overhead",
    ])
    #expect(makespan == 12_400_000)
  }

  // A semaphore hand-off under asyncio (limit 1): two coroutines of 10 ms I/O. create_task costs
  // 1 ms each (0 → 2 ms), a loop step 0.5 ms. Task 1 passes the semaphore at 2.5 ms and sleeps
  // until 12.5 ms; task 2, stepped at 2.5 → 3 ms, waits for it. The loop goes into its selector
  // at 3 ms, whose timeout rounds up to whole milliseconds: 9.5 → 10 ms, so task 1 wakes at
  // 13 ms. Its last step (13 → 13.5 ms) releases the semaphore to task 2, ready at once:
  // stepped 13.5 → 14 ms, it sleeps 10 ms (a whole number, from the moment the loop goes idle)
  // and ends after one more step, at 24.5 ms.
  @Test func aSemaphoreHandOff() throws {
    let (makespan, lines) = try log("""
      name: sem
      machine: {costs: {asyncio_task_create: 1ms, asyncio_step: 500us, asyncio_timer_overshoot: 0ns}}
      tasks: [{name: t, count: 2, steps: [{io: 10ms}]}]
      models: [{asyncio: {limit: 1}}]
      """)
    #expect(lines.filter { $0.contains(" t 2 ") && !$0.contains("Event loop") } == [
      "2000-2500 t 2 loop_wait t 2",
      "2500-3000 t 2 python t 2",
      "3000-13500 t 2 lock_wait t 2",
      "13500-14000 t 2 python t 2",
      "14000-24000 t 2 io t 2",
      "24000-24500 t 2 python t 2",
    ])
    #expect(makespan == 24_500_000)
  }

  // A lock hand-off between threads: two tasks each hold lock 'a' for 10 ms of I/O. Each start()
  // costs two wake-ups (the new thread is scheduled 50 µs on, and wakes its caller 50 µs before
  // that returns): Thread 1 runs at 0.05 ms and takes the lock, Thread 2 at 0.15 ms and waits.
  // Thread 1 releases at 10.05 ms, paying the futex call that wakes Thread 2 (lock_wake,
  // 4.7 µs, holding the GIL); Thread 2 wakes 50 µs later, takes it, and its I/O ends at 20.1 ms;
  // the joining caller wakes at 20.15 ms.
  @Test func aLockHandOff() throws {
    let (makespan, lines) = try log("""
      name: lock
      machine: {cores: 2, costs: {thread_start: 0ns, thread_boot: 0ns, wakeup: 50us, sleep_overshoot: 0ns}}
      tasks: [{name: t, count: 2, steps: [{lock: a, steps: [{io: 10ms}]}]}]
      models: [threading]
      """)
    #expect(lines == [
      "50-10050 Thread 1 io t 1",
      "150-10100 Thread 2 lock_wait t 2",
      "10050-10054.700 Thread 1 python t 1",
      "10100-20100 Thread 2 io t 2",
    ])
    #expect(makespan == 20_150_000)
  }

  // A C call keeps the GIL to its end: the main thread, back from starting the c_call's thread,
  // asks for the GIL at 5 ms, and a thread back from 1 ms of I/O at 6 ms, but the 20 ms c_call
  // checks no drop request. When the call returns and its thread ends, at 20 ms, the main thread
  // takes the GIL and joins, and the I/O thread runs 20 → 21 ms (a cpu step would have let them
  // in at 5 ms, as in `theConvoy`).
  @Test func aCCallKeepsTheGILUntilItReturns() throws {
    let (makespan, lines) = try log("""
      name: ccall
      machine: {cores: 2, costs: \(Self.quiet)}
      tasks:
        - {name: io, steps: [{io: 1ms}, {cpu: 1ms}]}
        - {name: sum, steps: [{c_call: 20ms}]}
      models: [threading]
      """)
    #expect(lines == [
      "0-20000 Main thread gil_wait",
      "0-1000 Thread 1 io io 1",
      "0-20000 Thread 2 python sum 1",
      "1000-20000 Thread 1 gil_wait io 1",
      "20000-21000 Thread 1 python io 1",
    ])
    #expect(makespan == 21_000_000)
  }

  // Between two C calls the thread runs bytecode and checks the eval breaker: the main thread's
  // request made at 5 ms is honoured when the first 10 ms call returns; the main thread takes the
  // GIL and joins, the I/O thread (waiting since 1 ms) runs 10 → 11 ms, and the second call runs
  // 11 → 21 ms.
  @Test func aDropRequestIsHonouredBetweenTwoCCalls() throws {
    let (makespan, lines) = try log("""
      name: ccalls
      machine: {cores: 2, costs: \(Self.quiet)}
      tasks:
        - {name: io, steps: [{io: 1ms}, {cpu: 1ms}]}
        - {name: sum, steps: [{c_call: 10ms}, {c_call: 10ms}]}
      models: [threading]
      """)
    #expect(lines == [
      "0-10000 Main thread gil_wait",
      "0-1000 Thread 1 io io 1",
      "0-10000 Thread 2 python sum 1",
      "1000-10000 Thread 1 gil_wait io 1",
      "10000-11000 Thread 1 python io 1",
      "10000-11000 Thread 2 gil_wait sum 1",
      "11000-21000 Thread 2 python sum 1",
    ])
    #expect(makespan == 21_000_000)
  }

  // A semaphore of 2 units, three tasks of 10 ms I/O holding one each, the threads starting
  // 0.1 ms apart (two 50 µs wake-ups each): thread 1 takes a unit at 0.05 ms, thread 2 at
  // 0.15 ms; thread 3 waits from 0.25 ms. At 10.05 ms thread 1's release returns its unit and
  // wakes thread 3 to try again (threading.Semaphore is a Condition: no hand-over); thread 3
  // wakes 50 µs later and takes it, as thread 2 returns the other at 10.15 ms. Thread 3 is done
  // at 20.1 ms; the joining caller wakes at 20.15 ms.
  @Test func aSemaphoreHandOffBetweenThreads() throws {
    let s = scenario("""
      name: sem
      machine: {cores: 2, costs: {thread_start: 0ns, thread_boot: 0ns, wakeup: 50us, sleep_overshoot: 0ns}}
      semaphores: {pool: 2}
      tasks: [{name: t, count: 3, steps: [{semaphore: pool, steps: [{io: 10ms}]}]}]
      models: [threading]
      """)
    let r = run(s, s.models[0])
    let trace = try #require(r.trace)
    #expect(trace.threadLog == [
      "50-10050 Thread 1 io t 1",
      "150-10150 Thread 2 io t 2",
      "250-10100 Thread 3 lock_wait t 3",
      "10100-20100 Thread 3 io t 3",
    ])
    #expect(trace.log.filter { $0.contains("Semaphore pool") } == [
      "50-150 Semaphore pool · 2 units held 1 in use",
      "150-10050 Semaphore pool · 2 units held 2 in use",
      "10050-10100 Semaphore pool · 2 units held 1 in use",
      "10100-10150 Semaphore pool · 2 units held 2 in use",
      "10150-20100 Semaphore pool · 2 units held 1 in use",
    ])
    #expect(r.metrics.makespan == 20_150_000)
  }

  // Lock calls are Python, and a thread woken from acquire() takes the GIL back before its next
  // step, even when that step is I/O. Thread 1, back from its 10 ms of I/O at 10 ms, needs the
  // GIL to release lock 'l', held by thread 3's 30 ms of Python: its request at 15 ms drops it;
  // it releases (a 4.7 µs futex call) and wakes thread 2, which takes the lock and waits for the
  // GIL behind thread 3 (FIFO). Thread 3 took it at 15.0047 ms, a switch after thread 2 began
  // waiting, so thread 2 asks only at 25 ms; its I/O runs 25 → 35 ms, and thread 3 finishes its
  // last 5.0047 ms at 30.0047 ms. (The main thread, back from starting thread 3 at 0, asks at
  // 5 ms, takes the GIL and joins: thread 3 loses no time.)
  @Test func aThreadWokenFromAcquireTakesTheGILBack() throws {
    let (makespan, lines) = try log("""
      name: relock
      machine: {cores: 2, costs: \(Self.quiet)}
      tasks:
        - {name: a, steps: [{lock: l, steps: [{io: 10ms}]}]}
        - {name: b, steps: [{lock: l, steps: [{io: 10ms}]}]}
        - {name: c, steps: [{cpu: 30ms}]}
      models: [threading]
      """)
    #expect(lines == [
      "0-5000 Main thread gil_wait",
      "0-10000 Thread 1 io a 1",
      "0-15000 Thread 2 lock_wait b 1",
      "0-5000 Thread 3 python c 1",
      "5000-15000 Thread 3 python c 1",
      "10000-15000 Thread 1 gil_wait a 1",
      "15000-15004.700 Thread 1 python a 1",
      "15000-25000 Thread 2 gil_wait b 1",
      "15000-15004.700 Thread 3 gil_wait c 1",
      "15004.700-25000 Thread 3 python c 1",
      "25000-35000 Thread 2 io b 1",
      "25000-30004.700 Thread 3 python c 1",
    ])
    #expect(makespan == 35_000_000)
  }

  // asyncio.to_thread: two coroutines each wait 10 ms, then offload 5 ms of parsing to the
  // loop's default executor (every framework cost zero). At 10 ms the loop submits both and
  // starts two executor threads; they share the GIL: worker 1 parses 10 → 15 ms, worker 2 15 →
  // 20 ms. Worker 1 sets task 1's future at 15 ms and drops the GIL, signalling worker 2; the
  // loop, woken by the future at that moment, finds the GIL free first (take_gil's fast path)
  // and ends task 1 at 15 ms; worker 2 then parses to 20 ms, when task 2 ends. Task 1's lines:
  @Test func anOffloadToTheDefaultExecutor() throws {
    let s = scenario("""
      name: offload
      machine:
        cores: 2
        costs: {asyncio_task_create: 0ns, asyncio_step: 0ns, asyncio_timer_overshoot: 0ns, tpe_submit: 0ns,
                thread_start: 0ns, thread_boot: 0ns, wakeup: 0ns, gil_handoff: 0ns, gil_slice_extra: 0ns, gil_waiter_policy: fifo}
      tasks: [{name: t, count: 2, steps: [{io: 10ms}, {offload: thread, steps: [{cpu: 5ms}]}]}]
      models: [asyncio]
      """)
    let r = run(s, s.models[0])
    let trace = try #require(r.trace)
    #expect(trace.threadLog.filter { $0.hasSuffix(" t 1") } == [
      "0-10000 t 1 io t 1",
      "10000-15000 t 1 executor_wait t 1",
      "10000-15000 asyncio worker 1 python t 1",
    ])
    #expect(r.metrics.makespan == 20_000_000)
    // Outside asyncio the offloaded steps run inline: serial is 2 × (10 + 5) ms.
    let inline = scenario("""
      name: inline
      machine: {costs: {sleep_overshoot: 0ns}}
      tasks: [{name: t, count: 2, steps: [{io: 10ms}, {offload: process, steps: [{cpu: 5ms}]}]}]
      models: [serial]
      """)
    #expect(run(inline, inline.models[0]).metrics.makespan == 30_000_000)
  }

  // The caller's on_result work, by api: ThreadPoolExecutor(2), a slow task (30 ms of I/O)
  // submitted first, then three fast ones (5 ms each, on the second worker: done at 5, 10 and
  // 15 ms), and 2 ms of Python on each result. `map` takes results in submission order: it
  // waits for the slow one until 30 ms, then works through all four, 30 → 38 ms.
  // `as_completed` takes each as it is done: 5 → 7, 10 → 12, 15 → 17, and the slow one 30 → 32.
  @Test(arguments: [("map", 38_000_000 as SimTime, ["30000-32000 Main thread python slow 1", "32000-34000 Main thread python fast 1",
    "34000-36000 Main thread python fast 2", "36000-38000 Main thread python fast 3"]),
    ("as_completed", 32_000_000 as SimTime, ["5000-7000 Main thread python fast 1", "10000-12000 Main thread python fast 2",
    "15000-17000 Main thread python fast 3", "30000-32000 Main thread python slow 1"])])
  func theCallersWorkOnEachResultFollowsItsAPI(api: String, makespan: SimTime, lines: [String]) throws {
    let s = scenario("""
      name: api
      machine:
        cores: 2
        costs: {tpe_submit: 0ns, thread_start: 0ns, thread_boot: 0ns, wakeup: 0ns, result_collect: 0ns, sleep_overshoot: 0ns}
      tasks:
        - {name: slow, steps: [{io: 30ms}], on_result: [{cpu: 2ms}]}
        - {name: fast, count: 3, steps: [{io: 5ms}], on_result: [{cpu: 2ms}]}
      models: [{thread_pool: {max_workers: 2, api: \(api)}}]
      """)
    let r = run(s, s.models[0])
    #expect(try #require(r.trace).threadLog.filter { $0.contains("Main thread") } == lines)
    #expect(r.metrics.makespan == makespan)
  }

  // take_gil's fast path: a thread that finds the GIL free takes it, even past the waiter that
  // drop_gil signalled. Thread starts and hand-offs take 60 µs here. Thread 1 runs from
  // 0.06 ms; the main thread, woken at 0.12 ms, waits for the GIL. Thread 1 releases it for
  // 10 µs of native code at 1.06 ms (signalling the main thread, due to take it 60 µs later),
  // and is back at 1.07 ms: it takes the free GIL first and finishes its second 1 ms at
  // 2.07 ms. The main thread gets the GIL at 2.13 ms and starts thread 2, which runs from
  // 2.19 ms; the main thread, back at 2.25 ms, asks at 7.25 ms, gets it at 7.31 ms (a forced
  // hand-off) and joins; thread 2 gets it back at 7.37 ms and runs its last 14.94 ms, to
  // 22.31 ms; the joining main thread wakes at 22.37 ms.
  @Test func aThreadBackFromAShortReleaseTakesTheFreeGIL() throws {
    let (makespan, lines) = try log("""
      name: fastpath
      machine: {cores: 2, costs: {thread_start: 0ns, thread_boot: 0ns, gil_handoff: 60us, gil_slice_extra: 0ns, wakeup: 60us, gil_waiter_policy: fifo}}
      tasks:
        - {name: short, steps: [{cpu: 1ms}, {native: 10us}, {cpu: 1ms}]}
        - {name: long, steps: [{cpu: 20ms}]}
      models: [threading]
      """)
    #expect(lines == [
      "60-1060 Thread 1 python short 1",
      "120-2130 Main thread gil_wait",
      "1060-1070 Thread 1 native short 1",
      "1070-2070 Thread 1 python short 1",
      "2190-7250 Thread 2 python long 1",
      "2250-7310 Main thread gil_wait",
      "7250-7370 Thread 2 gil_wait long 1",
      "7370-22310 Thread 2 python long 1",
    ])
    #expect(makespan == 22_370_000)
  }

  // threading.Lock is a sem_t (3.11, 3.12): a release frees the lock and wakes one waiter to try
  // again, in C inside sem_wait with the GIL still released. Thread 1 (running from 0.05 ms: a
  // start() is two 50 µs wake-ups) holds lock 'a' for 10 ms of I/O, releases it at 10.05 ms
  // (4.7 µs of futex call: lock_wake) and takes it straight back for 10 more, to 20.0547 ms;
  // thread 2 (waiting from 0.15 ms), woken at 10.1 ms, finds it taken and waits on; woken at
  // 20.1047 ms, it takes it for its own 10 ms; the joining caller wakes 50 µs after that.
  @Test func aThreadLockReleaseLetsTheReleaserTakeItBack() throws {
    let (makespan, lines) = try log("""
      name: barge
      machine: {cores: 2, costs: {thread_start: 0ns, thread_boot: 0ns, wakeup: 50us, sleep_overshoot: 0ns}}
      tasks:
        - {name: twice, steps: [{lock: a, steps: [{io: 10ms}]}, {lock: a, steps: [{io: 10ms}]}]}
        - {name: once, steps: [{lock: a, steps: [{io: 10ms}]}]}
      models: [threading]
      """)
    #expect(lines == [
      "50-10050 Thread 1 io twice 1",
      "150-20104.700 Thread 2 lock_wait once 1",
      "10050-10054.700 Thread 1 python twice 1",
      "10054.700-20054.700 Thread 1 io twice 1",
      "20054.700-20059.400 Thread 1 python twice 1",
      "20104.700-30104.700 Thread 2 io once 1",
    ])
    #expect(makespan == 30_154_700)
  }

  // The same two threads on 3.13, whose threading.Lock is a PyMutex: a release hands the lock
  // straight to a waiter that has waited 1 ms (mutex_unpark's time_to_be_fair). Thread 2, waiting
  // since 0.15 ms, is handed the lock at 10.05 ms and wakes 50 µs later; thread 1, after the
  // futex call (4.7 µs), acquires again and waits. At 20.1 ms thread 2 hands it to thread 1
  // (waiting since 10.0547 ms), which wakes at 20.15 ms and holds it to 30.15 ms; the joining
  // caller wakes at 30.2 ms.
  @Test func aPyMutexHandsTheLockToALongWaiter() throws {
    let (makespan, lines) = try log("""
      name: fair
      machine: {cores: 2, python: "3.13", costs: {thread_start: 0ns, thread_boot: 0ns, wakeup: 50us, sleep_overshoot: 0ns}}
      tasks:
        - {name: twice, steps: [{lock: a, steps: [{io: 10ms}]}, {lock: a, steps: [{io: 10ms}]}]}
        - {name: once, steps: [{lock: a, steps: [{io: 10ms}]}]}
      models: [threading]
      """)
    #expect(lines == [
      "50-10050 Thread 1 io twice 1",
      "150-10100 Thread 2 lock_wait once 1",
      "10050-10054.700 Thread 1 python twice 1",
      "10054.700-20150 Thread 1 lock_wait twice 1",
      "10100-20100 Thread 2 io once 1",
      "20100-20104.700 Thread 2 python once 1",
      "20150-30150 Thread 1 io twice 1",
    ])
    #expect(makespan == 30_200_000)
  }

  // C code that releases the GIL per call (native_chunk 1 ms), taking it back between calls
  // for 100 µs of Python (native_call), beside 20 ms of Python. The hashing thread's first call
  // runs 0 → 1 ms; then it waits for the GIL, held by the Python thread. The main thread, back
  // from starting that thread and waiting since 0, asks at 5 ms, takes the GIL and joins; the
  // hashing thread (waiting since 1 ms) takes it, runs its 100 µs of Python and its second call
  // (5 → 6.1 ms) while the Python thread, waiting since 5 ms, gets the GIL back at 5.1 ms. From
  // 6.1 ms the hashing thread waits a whole interval: at 11.1 ms it asks, and runs its last call
  // to 12.2 ms. The Python thread has run 5 + 6 ms by 11.1 ms and finishes its last 9 ms at
  // 20.2 ms. With one release for the whole step it would have been done at 3 ms.
  @Test func chunkedNativeCodeWaitsForTheGILBetweenCalls() throws {
    let (makespan, lines) = try log("""
      name: chunks
      machine:
        cores: 2
        costs: {thread_start: 0, thread_boot: 0, gil_handoff: 0, gil_slice_extra: 0, wakeup: 0, gil_waiter_policy: fifo,
                native_chunk: 1ms, native_call: 100us}
      tasks:
        - {name: hash, steps: [{native: 3ms}]}
        - {name: spin, steps: [{cpu: 20ms}]}
      models: [threading]
      """)
    #expect(lines == [
      "0-5000 Main thread gil_wait",
      "0-1000 Thread 1 native hash 1",
      "0-5000 Thread 2 python spin 1",
      "1000-5000 Thread 1 gil_wait hash 1",
      "5000-6100 Thread 1 native hash 1",
      "5000-5100 Thread 2 gil_wait spin 1",
      "5100-11100 Thread 2 python spin 1",
      "6100-11100 Thread 1 gil_wait hash 1",
      "11100-12200 Thread 1 native hash 1",
      "11100-11200 Thread 2 gil_wait spin 1",
      "11200-20200 Thread 2 python spin 1",
    ])
    #expect(makespan == 20_200_000)
  }

  @Test func twoCPUThreadsAlternateInFiveMillisecondSlices() throws {
    let s = scenario("name: two\nmachine: {cores: 2}\ntasks: [{count: 2, steps: [{cpu: 100ms}]}]\nmodels: [threading]\n")
    let trace = try #require(run(s, s.models[0]).trace)
    let gil = trace.lanes.firstIndex { $0.kind == .gil }
    let held = trace.spans.filter { Int($0.lane) == gil }.map { $0.end - $0.start }
    // Past the start-up (the main thread's two starts, each a thread_start slice and the new
    // thread's first slice, until the main thread asks for the GIL back; then its join) and
    // before the last two, every slice is the interval plus 80 µs.
    let middle = held.dropFirst(5).dropLast(2)
    #expect(middle.count > 10)
    #expect(middle.allSatisfy { $0 == 5_080_000 }, "\(held)")
  }
}
