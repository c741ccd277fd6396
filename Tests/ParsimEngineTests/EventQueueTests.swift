import ParsimScenario
import Testing

@testable import ParsimEngine

/// The kernel's event queue, tested as swift-collections tests its heap: against a sorted
/// oracle, over thousands of seeded random sequences of operations.
@Suite struct EventQueueTests {
  /// What the queue must give back: the earliest time first, and among equal times the event
  /// scheduled first (SimPy's `(time, eid)` order).
  struct Oracle {
    var pending: [(time: SimTime, order: Int, target: Int32)] = []
    mutating func popMin() -> (time: SimTime, order: Int, target: Int32)? {
      guard let i = pending.indices.min(by: { (pending[$0].time, pending[$0].order) < (pending[$1].time, pending[$1].order) })
      else { return nil }
      return pending.remove(at: i)
    }
  }

  @Test func popsInTimeThenScheduleOrderForThousandsOfSeeds() {
    var failures = 0
    for seed in UInt64(0)..<3_000 {
      var rng = SplitMix64(seed: seed)
      var queue = EventQueue(capacity: 4)
      var oracle = Oracle()
      var scheduled = 0
      // Few distinct times, so that many events share one; pops and compactions interleaved.
      let times = Int(rng.next() % 8) + 1
      let steps = Int(rng.next() % 200) + 1
      for _ in 0..<steps {
        switch rng.next() % 10 {
        case 0..<6:
          let time = SimTime(rng.next() % UInt64(times)) * 1_000
          queue.schedule(.wake, at: time, target: Int32(scheduled))
          oracle.pending.append((time, scheduled, Int32(scheduled)))
          scheduled += 1
        case 6..<9:
          let got = queue.pop()
          let want = oracle.popMin()
          if got?.target != want?.target || got?.time != want?.time { failures += 1 }
        default:
          // Drop the events whose targets are multiples of a random k, as compaction drops stale ones.
          let k = Int32(rng.next() % 3) + 2
          queue.removeAll { $0.target % k == 0 }
          oracle.pending.removeAll { $0.target % k == 0 }
        }
        if queue.count != oracle.pending.count { failures += 1 }
      }
      // Drain: everything left comes out in oracle order.
      while let want = oracle.popMin() {
        let got = queue.pop()
        if got?.target != want.target || got?.time != want.time { failures += 1 }
      }
      if queue.pop() != nil { failures += 1 }
    }
    #expect(failures == 0)
  }

  @Test func eventsAtOneTimeComeOutInTheOrderScheduled() {
    var queue = EventQueue(capacity: 1)
    for i in Int32(0)..<100 { queue.schedule(.wake, at: 5, target: i) }
    var out: [Int32] = []
    while let e = queue.pop() { out.append(e.target) }
    #expect(out == Array(0..<100))
  }
}

/// `concurrent/futures/process.py`: `self._call_queue = _SafeQueue(max_size=self._max_workers +
/// EXTRA_QUEUED_CALLS)` with `EXTRA_QUEUED_CALLS = 1`, and `add_call_item_to_queue` stops when
/// `call_queue.full()`: at most `max_workers + 1` calls wait that no worker has taken yet.
@Suite struct ProcessPoolCallQueueTests {
  @Test func theCallQueueFillsToMaxWorkersPlusOneCallsNotYetTaken() throws {
    // One worker, ten 50 ms tasks submitted at once: while the worker runs one call, the
    // manager fills the queue with two more (1 + 1), never three.
    let s = try ScenarioLoader.load(yaml: """
      name: ppe
      tasks: [{count: 10, steps: [{cpu: 50ms}]}]
      models: [{process_pool: {max_workers: 1}}]
      """, file: "ppe.yaml")
    var sim = Simulation(scenario: s, model: s.models[0], recording: false)
    sim.run()
    // The queues of a process pool model: the task source, the call queue, the manager's inbox.
    let callQueue = 1
    #expect(sim.queues[callQueue].longest == 2)
    #expect(sim.results.completed == 10)
  }
}
