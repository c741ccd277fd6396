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
  // threading: the main thread starts two threads (97 µs each) holding the GIL; Thread 1 waits
  //   from 97 µs, its first wait restarts when Thread 2 takes the GIL at 254 µs (switch_number),
  //   so Thread 2 runs two intervals; from then on slices are 5.08 ms with 60 µs hand-offs.
  // multiprocessing: two forks (600 µs of the parent each), three helper threads, children boot
  //   1.15 ms, Process 2 waits for a core, results come back through the result handler.
  // asyncio: two create_task calls, one loop step (2.3 µs) per resumption, the 1 ms Python of
  //   task 1 waits behind task 2's 12 ms in the ready queue.
  // free threading: 12 ms × 1.4 on both cores at once, no GIL.
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
      "97-10317 Thread 1 gil_wait t 1",
      "194-254 Thread 2 gil_wait t 2",
      "254-10257 Thread 2 python t 2",
      "10257-15457 Thread 2 gil_wait t 2",
      "10317-15397 Thread 1 python t 1",
      "15397-17514 Thread 1 gil_wait t 1",
      "15457-17454 Thread 2 python t 2",
      "17454-20534 Thread 2 io t 2",
      "17514-24434 Thread 1 python t 1",
      "20534-24494 Thread 2 gil_wait t 2",
      "24434-27514 Thread 1 io t 1",
      "24494-25494 Thread 2 python t 2",
      "27514-28514 Thread 1 python t 1",
    ]),
    "thread_pool": (28565000, [
      "0-230 Main thread overhead",
      "115-10335 Worker thread 1 gil_wait t 1",
      "230-290 Worker thread 2 gil_wait t 2",
      "290-10275 Worker thread 2 python t 2",
      "10275-15475 Worker thread 2 gil_wait t 2",
      "10335-15415 Worker thread 1 python t 1",
      "15415-17550 Worker thread 1 gil_wait t 1",
      "15475-17490 Worker thread 2 python t 2",
      "17490-20570 Worker thread 2 io t 2",
      "17550-24470 Worker thread 1 python t 1",
      "20570-24530 Worker thread 2 gil_wait t 2",
      "24470-27550 Worker thread 1 io t 1",
      "24530-25530 Worker thread 2 python t 2",
      "27550-28550 Worker thread 1 python t 1",
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
    "multiprocessing": (18756100, [
      "0-1491 Main thread overhead",
      "600-1750 Process 1 overhead",
      "1200-1491 Process 2 core_wait",
      "1491-2641 Process 2 overhead",
      "1506-1750 Task handler core_wait",
      "1750-1780.200 Task handler overhead",
      "1780.100-1780.200 Process 1 core_wait t 1",
      "1780.200-13780.200 Process 1 python t 1",
      "2641-14641 Process 2 python t 2",
      "13780.200-16860.200 Process 1 io t 1",
      "14641-17721 Process 2 io t 2",
      "16860.200-17860.200 Process 1 python t 1",
      "17721-18721 Process 2 python t 2",
      "17875.200-17880.300 Result handler overhead",
      "18736-18741.100 Result handler overhead",
    ]),
    "process_pool": (18615700, [
      "0-1336 Main thread overhead",
      "600-1750 Process 1 overhead",
      "1200-1336 Process 2 core_wait",
      "1331.500-1396 Manager thread gil_wait",
      "1336-2486 Process 2 overhead",
      "1396-1750 Manager thread core_wait",
      "1750-1828 Manager thread overhead",
      "1804-1828 Process 1 core_wait t 1",
      "1828-13828 Process 1 python t 1",
      "2486-14486 Process 2 python t 2",
      "13828-16908 Process 1 io t 1",
      "14486-17566 Process 2 io t 2",
      "16908-17908 Process 1 python t 1",
      "17566-18566 Process 2 python t 2",
      "17923-17942.700 Manager thread overhead",
      "18581-18600.700 Manager thread overhead",
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
    "subinterpreters": (24640000, [
      "0-230 Main thread overhead",
      "115-8430 Interpreter 1 overhead",
      "230-8545 Interpreter 2 overhead",
      "8430-20430 Interpreter 1 python t 1",
      "8545-20545 Interpreter 2 python t 2",
      "20430-23510 Interpreter 1 io t 1",
      "20545-23625 Interpreter 2 io t 2",
      "23510-24510 Interpreter 1 python t 1",
      "23625-24625 Interpreter 2 python t 2",
    ]),
    "process_pool_spawn": (63183700, [
      "0-1336 Main thread overhead",
      "131.500-1396 Manager thread gil_wait",
      "716.500-5336 Process 1 overhead",
      "1336-5396 Process 2 overhead",
      "1396-5336 Manager thread core_wait",
      "5336-5414 Manager thread overhead",
      "5336-5396 Process 1 core_wait",
      "5396-46476.500 Process 1 overhead",
      "5396-5414 Process 2 core_wait",
      "5414-47054 Process 2 overhead",
      "46476.500-58476.500 Process 1 python t 1",
      "47054-59054 Process 2 python t 2",
      "58476.500-61556.500 Process 1 io t 1",
      "59054-62134 Process 2 io t 2",
      "61556.500-62556.500 Process 1 python t 1",
      "62134-63134 Process 2 python t 2",
      "62571.500-62591.200 Manager thread overhead",
      "63149-63168.700 Manager thread overhead",
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
