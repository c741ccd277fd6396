import ParsimScenario

/// One model's run: its resolved parameters, its metrics, and its trace when one was recorded.
public struct ModelRun: Sendable {
  public var spec: ModelSpec
  public var model: ResolvedModel
  public var metrics: Metrics
  public var trace: Trace?
  public var events: Int
  /// Tasks whose results came back; fewer than `metrics.tasks` means the run deadlocked.
  public var completed: Int
  public var isDeadlocked: Bool { completed < metrics.tasks && stopped == nil }
  /// Set when the run was refused or stopped at the event budget (``Limits/events``): why,
  /// naming the scenario and the model. Its metrics and trace are then not a result.
  public var stopped: String?
}

/// Simulates scenarios: every model, with serial as the speed-up baseline.
public enum Simulator {
  /// Runs one model.
  ///
  /// - Parameters:
  ///   - recording: keep a ``Trace`` for charts; without it memory does not grow with the tasks.
  ///   - baseline: the serial makespan, for the speed-up.
  ///   - progress: called now and then on long runs with the model's label and the simulated time.
  public static func run(
    _ scenario: Scenario, model spec: ModelSpec, workload: Workload? = nil, recording: Bool, baseline: SimTime?,
    eventBudget: Int = Limits.events, spanBudget: Int = Limits.traceSpans, progress: ((String, SimTime) -> Void)? = nil
  ) -> ModelRun {
    let w = workload ?? Workload(scenario)
    let resolved = ResolvedModel(spec, scenario: scenario, taskCount: w.taskCount)
    let expected = EventBudget.estimate(scenario, model: resolved)
    if expected > Double(eventBudget) {
      return ModelRun(spec: spec, model: resolved, metrics: MetricsAccumulator().metrics(makespan: 0, cores: scenario.machine.cores,
        tasks: w.taskCount, baseline: nil, model: resolved), trace: nil, events: 0, completed: 0,
        stopped: EventBudget.message(scenario: scenario.name, model: resolved.label, events: expected, stoppedAt: nil, budget: eventBudget))
    }
    var sim = Simulation(scenario: scenario, model: spec, workload: w, recording: recording)
    sim.recorder.spanBudget = spanBudget
    let label = sim.model.label
    sim.run(eventBudget: eventBudget, progress: progress.map { p in { p(label, $0) } })
    if sim.eventCount >= eventBudget, sim.results.completed < w.taskCount {
      return ModelRun(spec: spec, model: sim.model, metrics: MetricsAccumulator().metrics(makespan: sim.now,
        cores: scenario.machine.cores, tasks: w.taskCount, baseline: nil, model: sim.model), trace: nil, events: sim.eventCount,
        completed: sim.results.completed,
        stopped: EventBudget.message(scenario: scenario.name, model: sim.model.label, events: Double(sim.eventCount), stoppedAt: sim.now, budget: eventBudget))
    }
    var acc = MetricsAccumulator()
    acc.stateTime = sim.recorder.stateTime.array
    acc.coreBusy = sim.recorder.coreBusy
    acc.gilHeld = sim.recorder.gilHeld
    acc.gilInterpreters = sim.interpreters.filter { $0.exists }.count
    acc.latencies = sim.recorder.latencies
    acc.coroutineTime = sim.recorder.coroutineTime
    if let i = sim.locks.held.indices.max(by: { sim.locks.held[$0] < sim.locks.held[$1] }), sim.locks.held[i] > 0 {
      acc.busiestLock = (w.lockNames[i], sim.locks.held[i])
    }
    if let i = sim.semaphores.full.indices.max(by: { sim.semaphores.full[$0] < sim.semaphores.full[$1] }), sim.semaphores.full[i] > 0 {
      acc.fullestSemaphore = (w.semaphores[i].name, w.semaphores[i].value, sim.semaphores.full[i])
    }
    let makespan = sim.finishedAt
    var metrics = acc.metrics(makespan: makespan, cores: scenario.machine.cores, tasks: w.taskCount,
      baseline: baseline, model: sim.model)
    metrics.stages = sim.stageMetrics(makespan: makespan)
    if !metrics.stages.isEmpty { metrics.explanation = Explanation.pipelineLine(metrics, model: sim.model, cores: scenario.machine.cores) }
    if let deadlock = sim.deadlock() {
      // A stuck run has no speed-up: its "makespan" is only when it stopped.
      metrics.deadlock = deadlock
      metrics.speedup = nil
      metrics.explanation = deadlock.sentence
    }
    var trace: Trace?
    if recording {
      trace = Trace(scenario: scenario.name, model: spec.kind.rawValue, label: sim.model.label, cores: scenario.machine.cores,
        makespan: makespan, taskCount: w.taskCount, lanes: sim.recorder.lanes, spans: sim.recorder.spans, marks: sim.recorder.marks,
        taskNames: w.taskNames(label: scenario.labels.task))
      trace?.cutAt = sim.recorder.traceCutAt
    }
    return ModelRun(spec: spec, model: sim.model, metrics: metrics, trace: trace, events: sim.eventCount,
      completed: sim.results.completed)
  }

  /// The serial makespan of a scenario, the speed-up baseline.
  public static func serialMakespan(_ scenario: Scenario, workload: Workload? = nil,
    progress: ((String, SimTime) -> Void)? = nil) -> SimTime
  {
    run(scenario, model: ModelSpec(.serial), workload: workload, recording: false, baseline: nil, progress: progress)
      .metrics.makespan
  }

  /// Runs the scenario's models (or the given ones), serial first as the baseline.
  public static func runAll(_ scenario: Scenario, models: [ModelSpec]? = nil, recording: Bool,
    eventBudget: Int = Limits.events, progress: ((String, SimTime) -> Void)? = nil) -> [ModelRun]
  {
    let w = Workload(scenario)
    let baseline = run(scenario, model: ModelSpec(.serial), workload: w, recording: false, baseline: nil,
      eventBudget: eventBudget, progress: progress).metrics.makespan
    return (models ?? scenario.models).map {
      run(scenario, model: $0, workload: w, recording: recording, baseline: baseline, eventBudget: eventBudget, progress: progress)
    }
  }
}
