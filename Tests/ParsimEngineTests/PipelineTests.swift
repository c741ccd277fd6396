import Foundation
import ParsimScenario
import Testing

@testable import ParsimEngine

/// Pipelines (`pipeline:`): hand-derived logs of backpressure and shutdown, queueing theory for
/// a one-stage pipeline (M/M/c and M/M/1/K), and Little's law on every stage.
@Suite struct PipelineTests {
  /// Every cost but the queue's zero; `native_chunk: 0`, a native step one release of the GIL:
  /// these tests check queues, not the GIL.
  static let quiet = """
    {thread_start: 0, thread_boot: 0, gil_handoff: 0, gil_slice_extra: 0, wakeup: 0, sleep_overshoot: 0, gil_waiter_policy: fifo, queue_put: 0, queue_get: 0, native_chunk: 0}
    """

  // A producer of three items (1 ms of Python each) into a queue of maxsize 1 feeding one worker
  // (10 ms of I/O each). At 1 ms item 1 goes straight to the waiting worker, which must take the
  // GIL back from `get()` while the producer runs Python: it waits until the producer blocks.
  // Item 2 fills the queue at 2 ms; item 3 finds it full at 3 ms, and the producer blocks until
  // the worker takes item 2 at 13 ms, which lets item 3 in. The sentinel then finds the queue
  // full too (item 3) and waits until 23 ms. Items leave at 13, 23 and 33 ms.
  @Test func aFullQueueBlocksTheProducer() throws {
    let s = scenario("""
      name: backpressure
      machine: {cores: 2, costs: \(Self.quiet)}
      pipeline:
        items: 3
        produce: [{cpu: 1ms}]
        stages: [{name: work, workers: 1, queue: 1, steps: [{io: 10ms}]}]
      models: [threading]
      """)
    let r = run(s, s.models[0])
    let lines = try #require(r.trace).threadLog
    #expect(lines == [
      "0-1000 Main thread (producer) python item 1",
      "1000-2000 Main thread (producer) python item 2",
      "1000-3000 work 1 gil_wait",
      "2000-3000 Main thread (producer) python item 3",
      "2000-13000 Queue → work · maxsize 1 held 1 waiting",
      "3000-13000 Main thread (producer) queue_full item 3",
      "3000-13000 work 1 io item 1",
      "13000-23000 Main thread (producer) queue_full",
      "13000-23000 Queue → work · maxsize 1 held 1 waiting",
      "13000-23000 work 1 io item 2",
      "23000-33000 work 1 io item 3",
    ])
    #expect(r.metrics.makespan == 33_000_000)
    let stage = try #require(r.metrics.stages.first)
    // Waits: item 1 none, item 2 from 2 to 13 ms, item 3 from 13 to 23 ms: 21 ms over 3 items.
    #expect(stage.items == 3)
    #expect(stage.meanWait == 7_000_000)
    // Full (one item in a queue of one) from 2 to 23 ms: 21 of 33 ms, and so its mean length.
    #expect(abs(stage.fullShare - 21.0 / 33) < 1e-12)
    #expect(abs(stage.meanLength - 21.0 / 33) < 1e-12)
  }

  // Two stages: a (2 workers, 1 ms of I/O) and b (1 worker, 10 ms). The producer puts both items
  // at 0, then a sentinel per a-worker, and joins them. At 1 ms both a-workers hand on their
  // items (b takes item 1, item 2 waits) and take their sentinels: they exit, the producer wakes,
  // puts b's sentinel behind item 2 and joins b, whose worker is still busy: b ends at 21 ms.
  @Test func sentinelsShutTheStagesDownInOrder() {
    let s = scenario("""
      name: shutdown
      machine: {cores: 2, costs: \(Self.quiet)}
      pipeline:
        items: 2
        stages:
          - {name: a, workers: 2, steps: [{io: 1ms}]}
          - {name: b, workers: 1, steps: [{io: 10ms}]}
      models: [threading]
      """)
    var sim = Simulation(scenario: s, model: s.models[0], recording: false)
    sim.run()
    #expect(sim.finishedAt == 21_000_000)
    #expect(sim.stages[0].alive == 0)  // both a-workers took their None and exited
    #expect(sim.stages[0].sentinelsSent == 2)
    #expect(sim.stages[1].sentinelsSent == 1)  // b's None is behind item 2
    #expect(sim.stages[1].alive == 1)
    #expect(sim.stages[1].joiner != nil)  // the producer joins b
    #expect(sim.results.completed == 2)
  }

  /// One stage of `c` workers fed by Poisson arrivals, exponential native service: M/M/c.
  static func mmc(_ c: Int) -> String {
    """
    name: mmc
    seed: 7
    machine:
      cores: \(c + 1)
      costs: \(quiet)
    pipeline:
      items: 400000
      arrivals: {rate: 3200/s}
      stages: [{name: serve, workers: \(c), steps: [{native: {exponential: 1ms}}]}]
    models: [threading]
    """
  }

  @Test func oneStageWithPoissonArrivalsIsErlangC() throws {
    // λ = 3200/s, μ = 1000/s, c = 4 (ρ = 0.8): Wq = C(c, λ/μ) / (cμ − λ) = 0.5964 / 800 s = 0.7455 ms. One more
    // core than workers, so that the producer never waits for one. 400,000 items: with 100,000
    // the sample mean of these correlated waits strays by up to 5% from seed to seed.
    let s = scenario(Self.mmc(4))
    let stage = try #require(run(s, s.models[0], recording: false).metrics.stages.first)
    let expected = QueueingTheoryTests.erlangC(servers: 4, load: 3.2) / (4 * 1000 - 3200) * 1e9
    #expect(abs(stage.meanWait - expected) / expected < 0.03, "mean wait \(stage.meanWait / 1e6) ms, Erlang C \(expected / 1e6) ms")
    #expect(abs(stage.utilization - 0.8) < 0.02)
  }

  // A producer whose work per item is exponential (rate λ) into a queue of maxsize m, one
  // exponential worker (rate μ). The producer blocks when it finds the queue full, so the items
  // in the system (queued, in service, and the one a blocked producer holds) are a birth-death
  // chain on 0…K with K = m + 2: births at λ below K, deaths at μ above 0. That is M/M/1/K:
  // P(n) = ρ^n (1 − ρ) / (1 − ρ^(K+1)); the producer is blocked P(K) of the time, and the queue
  // is full (m items) in states K − 1 and K.
  @Test func aBoundedQueueIsMM1K() throws {
    let s = scenario("""
      name: mm1k
      seed: 11
      machine: {cores: 2, costs: \(Self.quiet)}
      pipeline:
        items: 200000
        produce: [{io: {exponential: 1ms}}]
        stages: [{name: serve, workers: 1, queue: 2, steps: [{io: {exponential: 800us}}]}]
      models: [threading]
      """)
    let r = run(s, s.models[0])
    let rho = 1000.0 / 1250
    let k = 4
    func p(_ n: Int) -> Double { pow(rho, Double(n)) * (1 - rho) / (1 - pow(rho, Double(k + 1))) }
    let stage = try #require(r.metrics.stages.first)
    let full = p(k - 1) + p(k)  // 0.2742
    #expect(abs(stage.fullShare - full) / full < 0.03, "queue full \(stage.fullShare), M/M/1/K \(full)")
    // The producer's share of the run blocked on the full queue: P(K) = 0.1219.
    let trace = try #require(r.trace)
    let producer = Int32(try #require(trace.lanes.firstIndex { $0.name.hasPrefix("Main thread") }))
    let blocked = trace.spans.filter { $0.lane == producer && $0.state == .queueFull }.reduce(0) { $0 + $1.end - $1.start }
    let share = Double(blocked) / Double(r.metrics.makespan)
    #expect(abs(share - p(k)) / p(k) < 0.03, "producer blocked \(share), M/M/1/K \(p(k))")
    // Items in the queue (not in service, not held by the blocked producer).
    let lq = (1...(k - 1)).reduce(0.0) { $0 + Double($1 - 1) * p($1) } + 2 * p(k)
    #expect(abs(stage.meanLength - lq) / lq < 0.03, "mean queue length \(stage.meanLength), M/M/1/K \(lq)")
  }

  static let quietLoop = """
    {thread_start: 0, thread_boot: 0, gil_handoff: 0, gil_slice_extra: 0, wakeup: 0, sleep_overshoot: 0, queue_put: 0, queue_get: 0, asyncio_step: 0, asyncio_task_create: 0, asyncio_timer_overshoot: 0, asyncio_queue_put: 0, asyncio_queue_get: 0}
    """

  // The backpressure pipeline on an event loop (asyncio.Queue(maxsize=1), costs zero). main()
  // creates the worker's task and runs on without yielding: item 1 (0-1 ms) goes into the empty
  // queue, item 2 (1-2 ms) finds it full, so main() awaits and the worker runs at last: it takes
  // item 1 (waking main) and sleeps 10 ms. main() puts item 2, makes item 3 (2-3 ms) and finds
  // the queue full again. The idle loop's selector, asked at 3 ms to wait 9 ms, waits 10 (epoll's
  // second rounding: 9 * 1e-3 * 1e9 > 9 * 10^6 in floating point), so the worker wakes at 13 ms:
  // item 1 leaves, the worker takes item 2, main() puts item 3; then its sentinel waits for room
  // until 23 ms (10 ms waits are exact), and main() awaits the worker until item 3 leaves at 33 ms.
  @Test func aFullAsyncioQueueMakesTheProducerAwait() throws {
    let s = scenario("""
      name: backpressure
      machine: {cores: 2, costs: \(Self.quietLoop)}
      pipeline:
        items: 3
        produce: [{cpu: 1ms}]
        stages: [{name: work, workers: 1, queue: 1, steps: [{io: 10ms}]}]
      models: [asyncio]
      """)
    let r = run(s, s.models[0])
    let lines = try #require(r.trace).threadLog
    #expect(lines == [
      "0-1000 Event loop python item 1",
      "0-1000 main() · producer python item 1",
      "0-2000 work 1 loop_wait",  // created at 0, first run when main() awaits
      "1000-2000 Event loop python item 2",
      "1000-2000 main() · producer python item 2",
      "1000-2000 Queue → work · maxsize 1 held 1 waiting",
      "2000-3000 Event loop python item 3",
      "2000-3000 main() · producer python item 3",
      "2000-13000 Queue → work · maxsize 1 held 1 waiting",
      "2000-13000 work 1 io item 1",
      "3000-13000 main() · producer queue_full item 3",
      "13000-23000 main() · producer queue_full",  // the sentinel
      "13000-23000 Queue → work · maxsize 1 held 1 waiting",
      "13000-23000 work 1 io item 2",
      "23000-33000 work 1 io item 3",
    ])
    #expect(r.metrics.makespan == 33_000_000)
  }

  // Coroutines feeding a thread (threading, stage a run: coroutine; costs zero). main() starts a's
  // coroutine and b's thread, puts both items and a's sentinel on a's asyncio.Queue, and awaits
  // a. a's coroutine sleeps 1 ms per item and puts it on b's queue.Queue(maxsize=1): item 1 goes
  // to b's waiting thread at 1 ms, item 2 into the queue at 2 ms; then a returns, and main()
  // puts b's sentinel on the full queue: the whole loop blocks in put until b takes item 2 at
  // 11 ms, then in b's join until item 2 leaves at 21 ms.
  @Test func coroutinesFeedAThreadStage() throws {
    let s = scenario("""
      name: mixed
      machine: {cores: 2, costs: \(Self.quietLoop)}
      pipeline:
        items: 2
        stages:
          - {name: a, run: coroutine, steps: [{io: 1ms}]}
          - {name: b, queue: 1, steps: [{io: 10ms}]}
      models: [threading]
      """)
    let r = run(s, s.models[0])
    #expect(r.model.label == "threading (1 coroutine · 1 thread)")
    let lines = try #require(r.trace).threadLog
    #expect(lines == [
      "0-1000 Queue → a · unbounded held 1 waiting",  // item 2, until a takes it
      "0-1000 a 1 io item 1",
      "1000-2000 a 1 io item 2",
      "1000-11000 b 1 io item 1",
      "2000-11000 Event loop queue_full",  // put(None) on b's full queue blocks the loop
      "2000-11000 main() · producer queue_full",
      "2000-11000 Queue → b · maxsize 1 held 1 waiting",
      "11000-21000 b 1 io item 2",
    ])
    #expect(r.metrics.makespan == 21_000_000)
  }

  // Little's law, L = λW, on every stage of random pipelines under every model that runs them:
  // the queue's mean length equals its throughput times an item's mean wait in it.
  @Test(arguments: 0..<12) func littlesLawHoldsOnEveryStage(seed: Int) throws {
    var rng = SplitMix64(seed: UInt64(seed) &+ 99)
    func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    let kinds = ["cpu", "io", "native"]
    var stages: [String] = []
    for k in 0..<(1 + pick(3)) {
      stages.append("    - {name: s\(k), workers: \(1 + pick(4)), queue: \(pick(5)), steps: [{\(kinds[pick(3)]): {exponential: \(1 + pick(5))ms}}]}")
    }
    let yaml = """
      name: little
      seed: \(seed)
      machine: {costs: {native_chunk: 1ms}}
      pipeline:
        items: \(200 + pick(300))
        arrivals: {rate: \(200 + pick(800))/s}
        produce: [{cpu: 50us}]
        args: 1KB
        stages:
      \(stages.joined(separator: "\n"))
      models: [threading, multiprocessing, free_threading, asyncio]
      """
    let s = scenario(yaml)
    for model in s.models {
      let m = run(s, model, recording: false).metrics
      #expect(m.stages.count == stages.count)
      for stage in m.stages {
        let lw = stage.throughput * stage.meanWait / 1e9
        #expect(abs(stage.meanLength - lw) <= 1e-9 * max(1, lw), "\(model.kind) \(stage.name): L \(stage.meanLength), λW \(lw)")
        #expect(stage.items == m.tasks, "\(model.kind) \(stage.name) in\n\(yaml)")
      }
    }
  }
}
