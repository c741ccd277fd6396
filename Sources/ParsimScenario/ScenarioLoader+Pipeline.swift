import Yams

extension Walker {
  /// `pipeline:`: items from a source through stages joined by queues.
  mutating func pipeline(_ node: Node) -> Pipeline? {
    guard let pairs = mapping(node, "pipeline", allowed: ScenarioFormat.pipelineKeys, required: ["items", "stages"]) else {
      return nil
    }
    var p = Pipeline(items: 1, stages: [])
    var ok = true
    for (key, _, value) in pairs {
      switch key {
      case "items":
        if let n = integer(value, "items", 1...Limits.tasks) { p.items = n } else { ok = false }
      case "arrivals":
        if let a = arrivals(value) {
          if case .at = a {
            error(.invalidValue, "a pipeline's arrivals are every or rate; at lists belong to task groups", at: value)
            ok = false
          }
          p.arrivals = a
        } else { ok = false }
      case "produce":
        if let s = pipelineSteps(value, "produce") { p.produce = s } else { ok = false }
      case "args":
        if let v = size(value, "args") { p.args = v } else { ok = false }
      default:  // stages
        if let s = stages(value) { p.stages = s } else { ok = false }
      }
    }
    guard ok else { return nil }
    guard fitsTheLimits(p, at: node) else { return nil }
    return p
  }

  mutating func stages(_ node: Node) -> [PipelineStage]? {
    guard let items = sequence(node, "stages") else { return nil }
    guard !items.isEmpty else {
      error(.invalidValue, "a pipeline needs at least one stage", at: node)
      return nil
    }
    guard items.count <= Limits.taskGroups else {
      error(.limit, "more than \(Limits.taskGroups) stages", at: node)
      return nil
    }
    var out: [PipelineStage] = []
    var ok = true
    for (index, item) in items.enumerated() {
      guard let pairs = mapping(item, "a stage", allowed: ScenarioFormat.stageKeys, required: ["steps"]) else { ok = false; continue }
      var stage = PipelineStage(name: "stage\(index + 1)", steps: [])
      var nameNode: Node?
      for (key, _, value) in pairs {
        switch key {
        case "name":
          nameNode = value
          if let n = text(value, "stage name") { stage.name = n } else { ok = false }
        case "workers":
          if let n = integer(value, "workers", 1...Limits.workers) { stage.workers = n } else { ok = false }
        case "queue":
          if let n = integer(value, "queue (the maxsize of the queue feeding the stage; 0: unbounded)", 0...Limits.tasks) {
            stage.queue = n
          } else { ok = false }
        case "run":
          if let r = choice(value, "run", StageRun.self) {
            stage.run = r
            stageRunNodes[index] = value
          } else { ok = false }
        default:
          if let s = pipelineSteps(value, "steps") {
            stage.steps = s
            if s.isEmpty { error(.invalidValue, "a stage needs at least one step", at: value); ok = false }
          } else { ok = false }
        }
      }
      let valid = !stage.name.isEmpty && stage.name.count <= Limits.nameLength
        && stage.name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
      if !valid {
        error(.invalidValue, "the stage name '\(stage.name)' must be 1 to \(Limits.nameLength) characters of a-z, 0-9, '-' and '_' (it names sweep parameters such as \(stage.name).workers)",
          at: nameNode ?? item)
        ok = false
      } else if stage.name == Pipeline.produceGroup {
        error(.invalidValue, "'\(Pipeline.produceGroup)' names the producer's work; call the stage something else", at: nameNode ?? item)
        ok = false
      } else if out.contains(where: { $0.name == stage.name }) {
        error(.duplicate, "two stages are named '\(stage.name)'", at: nameNode ?? item)
        ok = false
      }
      out.append(stage)
    }
    return ok ? out : nil
  }

  /// A pipeline's steps: the full vocabulary but `offload`, which is asyncio's way of handing
  /// work to another kind of worker (a stage's workers are the model's).
  mutating func pipelineSteps(_ node: Node, _ what: String) -> [Step]? {
    guard let s = steps(node, depth: 1) else { return nil }
    if Step.containsOffload(s) {
      error(.invalidValue, "offload steps belong to task groups under asyncio; a pipeline stage's steps run in its own workers", at: node)
      return nil
    }
    if what == "produce", let bad = Step.firstLockOrSemaphore(s) {
      error(.invalidValue, "the producer's work cannot take the \(bad)", at: node, hint: "put it in a stage")
      return nil
    }
    return s
  }

  /// The same totals as for task groups: steps, work and the last arrival.
  mutating func fitsTheLimits(_ p: Pipeline, at node: Node) -> Bool {
    var totalSteps = 0
    var work: Int64 = 0
    for g in p.taskGroups {
      let perItem = g.expandedStepsPerTask
      if perItem > Limits.stepsPerTask {
        error(.limit, "the \(g.name) steps of one item run \(perItem == Int.max ? "too many" : String(perItem)) steps; the limit is \(Limits.stepsPerTask)",
          at: node, hint: "lower the repeat counts")
        return false
      }
      let (steps, o) = perItem.multipliedReportingOverflow(by: p.items)
      totalSteps = o || totalSteps.addingReportingOverflow(steps).overflow ? Int.max : totalSteps + steps
      let (w, o1) = Step.upperBoundDuration(g.steps).multipliedReportingOverflow(by: Int64(p.items))
      let (sum, o2) = work.addingReportingOverflow(o1 ? .max : w)
      work = o2 ? .max : sum
    }
    if totalSteps > Limits.totalSteps {
      error(.limit, "the pipeline runs more than \(Limits.totalSteps) steps over all items and stages", at: node,
        hint: "fewer items, or fewer repeats")
      return false
    }
    let lastArrival = p.arrivals.lastArrivalBound(count: p.items)
    if work > Limits.totalDuration || lastArrival > Limits.totalDuration {
      error(.limit, "the pipeline's work would run for more than 10^17 ns (about three years) one step after another", at: node,
        hint: "fewer items or shorter steps")
      return false
    }
    return true
  }

  /// The models of a pipeline scenario: those that apply, with a stage's workers set per stage.
  mutating func checkPipelineModels(_ s: Scenario) {
    for (spec, node) in zip(s.models, modelNodes) {
      if !ModelKind.pipelineModels.contains(spec.kind) {
        let alternative: String
        switch spec.kind {
        case .threadPool, .dummyPool, .subinterpreters: alternative = "threading"
        default: alternative = "multiprocessing"
        }
        let why = "\(spec.kind.rawValue) hands independent tasks to a pool; it does not apply to a pipeline"
        error(.invalidValue, why, at: node,
          hint: "a pipeline runs under \(ModelKind.pipelineModels.map(\.rawValue).joined(separator: ", ")); try \(alternative)")
      } else if spec.workers != nil || spec.chunksize != nil || spec.limit != nil || spec.api != nil || spec.offloadWorkers != nil {
        error(.invalidValue, "a pipeline's workers are set per stage (stages: - workers: N), not on the model", at: node,
          hint: "\(spec.kind.rawValue) takes \(["label"] + spec.kind.pipelineParameterKeys) here")
      }
    }
  }

  /// Under every model, coroutine stages come before thread and process stages: coroutines
  /// take items from the producer or from coroutines (`Pipeline.coroutineAfterThreads`).
  mutating func checkStageKinds(_ p: Pipeline, models: [ModelSpec], at pipelineNode: Node?) {
    var reported = Set<Int>()
    for spec in models {
      guard let kinds = p.workerKinds(under: spec.kind), let k = Pipeline.coroutineAfterThreads(kinds),
        reported.insert(k).inserted
      else { continue }
      let before = kinds[..<k].lastIndex { $0 != .coroutine } ?? 0
      let node = stageRunNodes[k] ?? stageRunNodes[before] ?? modelNodes.first ?? pipelineNode
      guard let node else { continue }
      error(.invalidValue,
        "under \(spec.kind.rawValue), stage '\(p.stages[k].name)' runs in coroutines after stage '\(p.stages[before].name)' runs in \(kinds[before].word(2)): coroutines take items only from the producer or from coroutines (a thread cannot await an asyncio.Queue)",
        at: node, hint: "put coroutine stages first (fetch in coroutines, then parse in processes), or give the stage run: thread")
    }
  }
}
