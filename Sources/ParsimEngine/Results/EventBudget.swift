import ParsimScenario

/// How many events a model's run may take (``Limits/events``), and an estimate made before the
/// run, so that a scenario that would simulate for hours is refused in a moment.
enum EventBudget {
  /// A lower estimate of a run's events: a few per step and per task, one per GIL switch
  /// interval of Python while threads share a GIL, and one per OS time slice of computing while
  /// more threads than cores want to run.
  static func estimate(_ scenario: Scenario, model: ResolvedModel) -> Double {
    let costs = scenario.machine.resolvedCosts
    var events = 0.0
    var python = 0.0
    var compute = 0.0
    var native = 0.0
    for group in scenario.tasks {
      let n = Double(group.count)
      events += n * (Double(group.expandedStepsPerTask) * 2 + 4)
      let (p, c) = Step.meanComputeTime(group.steps)
      python += n * p
      native += n * c
      compute += n * (p + c)
    }
    if costs.nativeChunk > 0 { events += 2 * native / Double(costs.nativeChunk) }  // a call and a re-take each
    let sharesAGIL: Set<ModelKind> = [.threading, .threadPool, .dummyPool, .asyncio]
    if sharesAGIL.contains(model.kind), model.workers > 1 {
      events += python / Double(max(1, costs.switchInterval))
    }
    if model.workers > scenario.machine.cores, model.kind != .asyncio {
      events += compute / Double(Cores.timeslice)
    }
    if model.kind == .multiprocessing, costs.poolMaintain > 0, costs.pipeReceive > 0 {
      // Pool's worker handler loops until each result is read: a pass and a GIL take each.
      let results = scenario.tasks.reduce(0.0) { $0 + Double($1.count) * Double($1.result) }
      events += 2 * (results * 1e9 / costs.pipeReceive) / Double(costs.poolMaintain)
    }
    return events
  }

  /// Why a run is refused or stopped, naming the scenario and the model.
  static func message(scenario: String, model: String, events: Double, stoppedAt: SimTime?, budget: Int = Limits.events) -> String {
    let figure = events >= 1e9 ? String(format: "%.1f billion", events / 1e9) : String(format: "%.0f million", events / 1e6)
    let what = stoppedAt.map { "stopped at \(formatDuration(Double($0))) of simulated time after \(figure) events" }
      ?? "would need about \(figure) events"
    return "scenario '\(scenario)', model '\(model)': \(what), past the limit of \(budget / 1_000_000) million "
      + "(a GIL switch every switch_interval, an OS time slice every 4 ms, a native_chunk of C code and a pool_maintain pass while a Pool's result is unread are each an event): "
      + "make the work shorter, the switch interval longer, or the tasks fewer"
  }
}
