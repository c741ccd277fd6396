import ParsimEngine
import ParsimScenario
import Testing

/// Scenarios whose binding limit is known by construction: the explanation must name it.
@Suite struct ExplanationTests {
  func explain(_ yaml: String, _ model: ModelSpec) -> String {
    let s = scenario(yaml)
    return Simulator.runAll(s, models: [model], recording: false)[0].metrics.explanation
  }

  @Test func theGIL() {
    // 4 threads of pure Python on 4 cores: only the GIL stops them running at once.
    let e = explain("name: g\nmachine: {cores: 4}\ntasks: [{count: 4, steps: [{cpu: 100ms}]}]\nmodels: [threading]\n",
      ModelSpec(.threading))
    #expect(e.hasPrefix("The GIL bounds it"), "\(e)")
  }

  @Test func theCores() {
    // 8 processes of pure Python on 2 cores: the cores are the limit, not the 8 workers.
    let e = explain("name: c\nmachine: {cores: 2}\ntasks: [{count: 8, steps: [{cpu: 100ms}]}]\nmodels: [multiprocessing]\n",
      ModelSpec(.multiprocessing, workers: 8, chunksize: 1))
    #expect(e.hasPrefix("The 2 cores bound it"), "\(e)")
  }

  @Test func theWorkers() {
    // 64 waits of 50 ms with 4 workers on 4 cores: only 4 waits overlap at once.
    let e = explain("name: w\nmachine: {cores: 4}\ntasks: [{count: 64, steps: [{io: 50ms}]}]\nmodels: [thread_pool]\n",
      ModelSpec(.threadPool, workers: 4))
    #expect(e.hasPrefix("Only 4 tasks run at once: max_workers=4 bounds it"), "\(e)")
  }

  @Test func twoProcessesOnFourCores() {
    // Python in 2 processes on 4 cores: the processes are the limit, the cores half idle.
    let e = explain("name: p\nmachine: {cores: 4}\ntasks: [{count: 8, steps: [{cpu: 100ms}]}]\nmodels: [multiprocessing]\n",
      ModelSpec(.multiprocessing, workers: 2, chunksize: 1))
    #expect(e.hasPrefix("Only 2 tasks run at once: processes=2 bounds it"), "\(e)")
  }

  @Test func aSemaphoreLimit() {
    let e = explain("name: s\ntasks: [{count: 100, steps: [{io: 20ms}]}]\nmodels: [asyncio]\n", ModelSpec(.asyncio, limit: 5))
    #expect(e.hasPrefix("Only 5 tasks run at once: the semaphore's limit of 5 bounds it"), "\(e)")
  }

  @Test func aLock() {
    // Each task waits 10 ms holding one lock: the lock serialises them, though threads could overlap the waits.
    let e = explain("name: l\ntasks: [{count: 8, steps: [{lock: db, steps: [{io: 10ms}]}]}]\nmodels: [threading]\n",
      ModelSpec(.threading))
    #expect(e.hasPrefix("The lock 'db' bounds it"), "\(e)")
  }

  @Test func theEventLoop() {
    // Coroutines that mostly compute: the loop's one thread is the limit.
    let e = explain("name: e\ntasks: [{count: 20, steps: [{cpu: 10ms}, {io: 1ms}]}]\nmodels: [asyncio]\n", ModelSpec(.asyncio))
    #expect(e.hasPrefix("The event loop bounds it"), "\(e)")
  }

  @Test func overlappedWaitsAndTheSlowestTask() {
    // Three downloads of 1 s at once: the run is as long as one of them.
    let e = explain("name: o\ntasks: [{count: 3, steps: [{io: 1s}]}]\nmodels: [threading]\n", ModelSpec(.threading))
    #expect(e.hasPrefix("The slowest task bounds it"), "\(e)")
    #expect(e.contains("; 100% of thread time was I/O"), "\(e)")
  }
}

/// Runs that would take hours are refused before they start, naming the scenario and model.
@Suite struct EventBudgetTests {
  @Test func aRunPastTheEventBudgetIsRefusedAtOnce() {
    // Two threads of 24 h of Python at a 1 µs switch interval: 8.6 × 10^10 GIL switches.
    let s = scenario("name: long\nmachine: {switch_interval: 1us}\ntasks: [{count: 2, steps: [{cpu: 24h}]}]\nmodels: [threading]\n")
    let r = Simulator.run(s, model: ModelSpec(.threading), recording: false, baseline: nil)
    let why = try? #require(r.stopped)
    #expect(why?.contains("scenario 'long', model 'threading (2 threads)'") == true, "\(why ?? "")")
    #expect(r.events == 0)
    #expect(!r.isDeadlocked)
    // The same work at the default 5 ms interval runs.
    let fine = scenario("name: ok\ntasks: [{count: 2, steps: [{cpu: 10s}]}]\nmodels: [threading]\n")
    #expect(Simulator.run(fine, model: ModelSpec(.threading), recording: false, baseline: nil).stopped == nil)
  }
}

/// A recorded trace stops at its span budget; the metrics still cover the whole run.
@Suite struct TraceBudgetTests {
  @Test func aTraceStopsAtItsBudgetAndTheMetricsDoNot() throws {
    let s = scenario("name: b\ntasks: [{count: 50, steps: [{repeat: 20, steps: [{cpu: 1ms}, {io: 1ms}]}]}]\nmodels: [threading]\n")
    let full = Simulator.run(s, model: ModelSpec(.threading), recording: true, baseline: nil)
    let cut = Simulator.run(s, model: ModelSpec(.threading), recording: true, baseline: nil, spanBudget: 500)
    let fullTrace = try #require(full.trace)
    let cutTrace = try #require(cut.trace)
    #expect(fullTrace.spans.count > 2_000 && fullTrace.cutAt == nil)
    let at = try #require(cutTrace.cutAt)
    #expect(at > 0 && at < cutTrace.makespan)
    // Spans open at the cut may still close when their lanes end: a few past the budget.
    #expect(cutTrace.spans.count <= 500 + cutTrace.lanes.count)
    #expect(cut.metrics == full.metrics)
  }
}
