import ParsimEngine
import ParsimScenario
import Testing

/// Exact event logs of tiny runs, in SimPy's "log" idiom: two tasks of 12 ms Python, 3 ms of
/// I/O and 1 ms of Python on two cores, under every model. Each log was checked by hand against
/// the model's rules (DESIGN.md, docs/engine.md) before it was pinned; the comments say what
/// each one shows.
@Suite struct EventLogTests {
  static let tiny = """
    name: tiny
    machine: {cores: 2}
    tasks: [{name: t, count: 2, steps: [{cpu: 12ms}, {io: 3ms}, {cpu: 1ms}]}]
    models: [serial, threading, thread_pool, dummy_pool, multiprocessing, process_pool, asyncio, free_threading, subinterpreters, {process_pool: {start_method: spawn}}]
    """

  // serial: 12 ms Python, 3 ms + 80 µs sleep overshoot, 1 ms, then the second task.
  // threading: the main thread starts two threads (97 µs each) holding the GIL; when it blocks in
  //   join() at 194 µs the seeded choice wakes Thread 1 (60 µs hand-off); Thread 2's first wait
  //   restarts at that switch (switch_number), so Thread 1 runs two intervals; from then on
  //   slices are 5.08 ms; a thread back from I/O waits for the other's slice (the convoy).
  // multiprocessing: two forks (600 µs of the parent each), the pool's set-up (2.4 ms), three
  //   helper threads; children boot 1.15 ms (Process 2 first waits for a core); the task handler
  //   pickles each chunk (15 µs), results come back through the result handler.
  // asyncio: two create_task calls, one loop step (2.3 µs) per resumption, the 1 ms Python of
  //   task 1 waits behind task 2's 12 ms in the ready queue.
  // free threading: 12 ms × 1.4 on both cores at once, no GIL.
  // executors (thread_pool, process_pool, subinterpreters): the caller takes each result in
  //   submission order, woken (15 µs) for each one not yet done, 1 µs per result under the GIL.
  static let golden: [String: (SimTime, [String])] = [
    "serial": (32160000, [
      "0-12000 Main thread python t 1",
      "12000-15080 Main thread io t 1",
      "15080-16080 Main thread python t 1",
      "16080-28080 Main thread python t 2",
      "28080-31160 Main thread io t 2",
      "31160-32160 Main thread python t 2",
    ]),
    "threading": (28529000, [
      "0-194 Main thread overhead",
      "97-254 Thread 1 gil_wait t 1",
      "194-10414 Thread 2 gil_wait t 2",
      "254-10354 Thread 1 python t 1",
      "10354-15554 Thread 1 gil_wait t 1",
      "10414-15494 Thread 2 python t 2",
      "15494-17514 Thread 2 gil_wait t 2",
      "15554-17454 Thread 1 python t 1",
      "17454-20534 Thread 1 io t 1",
      "17514-24434 Thread 2 python t 2",
      "20534-24494 Thread 1 gil_wait t 1",
      "24434-27514 Thread 2 io t 2",
      "24494-25494 Thread 1 python t 1",
      "27514-28514 Thread 2 python t 2",
    ]),
    "thread_pool": (28566000, [
      "0-230 Main thread overhead",
      "115-290 Worker thread 1 gil_wait t 1",
      "230-10450 Worker thread 2 gil_wait t 2",
      "290-10390 Worker thread 1 python t 1",
      "10390-15590 Worker thread 1 gil_wait t 1",
      "10450-15530 Worker thread 2 python t 2",
      "15530-17550 Worker thread 2 gil_wait t 2",
      "15590-17490 Worker thread 1 python t 1",
      "17490-20570 Worker thread 1 io t 1",
      "17550-24470 Worker thread 2 python t 2",
      "20570-24530 Worker thread 1 gil_wait t 1",
      "24470-27550 Worker thread 2 io t 2",
      "24530-25530 Worker thread 1 python t 1",
      "25545-25546 Main thread overhead",
      "27550-28550 Worker thread 2 python t 2",
      "28565-28566 Main thread overhead",
    ]),
    "dummy_pool": (28886200, [
      "0-485 Main thread overhead",
      "500-536 Task handler overhead",
      "533-596 Pool thread 1 gil_wait t 1",
      "551-10771 Pool thread 2 gil_wait t 2",
      "596-10711 Pool thread 1 python t 1",
      "10711-15911 Pool thread 1 gil_wait t 1",
      "10771-15851 Pool thread 2 python t 2",
      "15851-17856 Pool thread 2 gil_wait t 2",
      "15911-17796 Pool thread 1 python t 1",
      "17796-20876 Pool thread 1 io t 1",
      "17856-24776 Pool thread 2 python t 2",
      "20876-24836 Pool thread 1 gil_wait t 1",
      "24776-27856 Pool thread 2 io t 2",
      "24836-25836 Pool thread 1 python t 1",
      "25851-25851.200 Result handler overhead",
      "27856-28856 Pool thread 2 python t 2",
      "28871-28871.200 Result handler overhead",
    ]),
    "multiprocessing": (20056300, [
      "0-3891 Main thread overhead",
      "600-1750 Process 1 overhead",
      "1200-1750 Process 2 core_wait",
      "1750-2900 Process 2 overhead",
      "3906-3936.200 Task handler overhead",
      "3936.100-15936.100 Process 1 python t 1",
      "3951.200-15951.200 Process 2 python t 2",
      "15936.100-19016.100 Process 1 io t 1",
      "15951.200-19031.200 Process 2 io t 2",
      "19016.100-20016.100 Process 1 python t 1",
      "19031.200-20031.200 Process 2 python t 2",
      "20031.100-20041.300 Result handler overhead",
    ]),
    "process_pool": (20019700, [
      "0-3736 Main thread overhead",
      "600-1750 Process 1 overhead",
      "1200-1750 Process 2 core_wait",
      "1750-2900 Process 2 overhead",
      "3731.500-3796 Manager thread gil_wait",
      "3796-3874 Manager thread overhead",
      "3850-15850 Process 1 python t 1",
      "3889-15889 Process 2 python t 2",
      "15850-18930 Process 1 io t 1",
      "15889-18969 Process 2 io t 2",
      "18930-19930 Process 1 python t 1",
      "18969-19969 Process 2 python t 2",
      "19945-19964.700 Manager thread overhead",
      "19979.700-19980.700 Main thread overhead",
      "19984-20003.700 Manager thread overhead",
      "20018.700-20019.700 Main thread overhead",
    ]),
    "asyncio": (28108700, [
      "0-11.800 Event loop overhead",
      "5.900-11.800 t 1 loop_wait t 1",
      "11.800-14.100 Event loop overhead t 1",
      "11.800-12014.100 t 1 python t 1",
      "11.800-12014.100 t 2 loop_wait t 2",
      "14.100-12014.100 Event loop python t 1",
      "12014.100-12016.400 Event loop overhead t 2",
      "12014.100-15104.100 t 1 io t 1",
      "12014.100-24016.400 t 2 python t 2",
      "12016.400-24016.400 Event loop python t 2",
      "15104.100-24016.400 t 1 loop_wait t 1",
      "24016.400-24018.700 Event loop overhead t 1",
      "24016.400-25018.700 t 1 python t 1",
      "24016.400-27106.400 t 2 io t 2",
      "24018.700-25018.700 Event loop python t 1",
      "27106.400-27108.700 Event loop overhead t 2",
      "27106.400-28108.700 t 2 python t 2",
      "27108.700-28108.700 Event loop python t 2",
    ]),
    "free_threading": (21489000, [
      "0-194 Main thread overhead",
      "97-16897 Thread 1 python t 1",
      "194-16994 Thread 2 python t 2",
      "16897-19977 Thread 1 io t 1",
      "16994-20074 Thread 2 io t 2",
      "19977-21377 Thread 1 python t 1",
      "20074-21474 Thread 2 python t 2",
    ]),
    "subinterpreters": (24641000, [
      "0-230 Main thread overhead",
      "115-8430 Interpreter 1 overhead",
      "230-8545 Interpreter 2 overhead",
      "8430-20430 Interpreter 1 python t 1",
      "8545-20545 Interpreter 2 python t 2",
      "20430-23510 Interpreter 1 io t 1",
      "20545-23625 Interpreter 2 io t 2",
      "23510-24510 Interpreter 1 python t 1",
      "23625-24625 Interpreter 2 python t 2",
      "24525-24526 Main thread overhead",
      "24640-24641 Main thread overhead",
    ]),
    "process_pool_spawn": (65584700, [
      "0-3736 Main thread overhead",
      "2531.500-3796 Manager thread gil_wait",
      "3116.500-7736 Process 1 overhead",
      "3736-7796 Process 2 overhead",
      "3796-7736 Manager thread core_wait",
      "7736-7814 Manager thread overhead",
      "7736-7796 Process 1 core_wait",
      "7796-48876.500 Process 1 overhead",
      "7796-7814 Process 2 core_wait",
      "7814-49454 Process 2 overhead",
      "48876.500-60876.500 Process 1 python t 1",
      "49454-61454 Process 2 python t 2",
      "60876.500-63956.500 Process 1 io t 1",
      "61454-64534 Process 2 io t 2",
      "63956.500-64956.500 Process 1 python t 1",
      "64534-65534 Process 2 python t 2",
      "64971.500-64991.200 Manager thread overhead",
      "65006.200-65007.200 Main thread overhead",
      "65549-65568.700 Manager thread overhead",
      "65583.700-65584.700 Main thread overhead",
    ])
  ]

  @Test(arguments: ["serial", "threading", "thread_pool", "dummy_pool", "multiprocessing", "process_pool", "asyncio",
    "free_threading", "subinterpreters", "process_pool_spawn"])
  func exactLog(model name: String) throws {
    let s = scenario(Self.tiny)
    let spec = try #require(s.models.first { $0.kind.rawValue + ($0.startMethod.map { "_" + $0.rawValue } ?? "") == name })
    let r = run(s, spec)
    let (makespan, log) = try #require(Self.golden[name])
    #expect(r.metrics.makespan == makespan)
    let actual = try #require(r.trace).threadLog
    #expect(actual == log, "\(name):\n\(actual.joined(separator: "\n"))")
  }

  @Test func twoCPUThreadsAlternateInFiveMillisecondSlices() throws {
    let s = scenario("name: two\nmachine: {cores: 2}\ntasks: [{count: 2, steps: [{cpu: 100ms}]}]\nmodels: [threading]\n")
    let trace = try #require(run(s, s.models[0]).trace)
    let gil = trace.lanes.firstIndex { $0.kind == .gil }
    let held = trace.spans.filter { Int($0.lane) == gil }.map { $0.end - $0.start }
    // Between the first and last slices, every slice is the interval plus 80 µs.
    let middle = held.dropFirst(2).dropLast(2)
    #expect(middle.count > 10)
    #expect(middle.allSatisfy { $0 == 5_080_000 }, "\(held)")
  }
}
