import Foundation
import Yams

extension Walker {
  static let topKeys = ScenarioFormat.topKeys

  mutating func scenario(_ root: Node) -> Scenario? {
    guard let pairs = mapping(root, "the scenario", allowed: Self.topKeys, required: ["name"])
    else { return nil }
    var name: String?
    var scenario = Scenario(name: "", tasks: [])
    var ok = true
    var sweepNode: Node?
    var machineNode: Node?
    var tasksNode: Node?
    var pipelineNode: Node?
    var modelsGiven = false
    for (key, _, value) in pairs {
      switch key {
      case "name":
        name = scenarioName(value)
        if name == nil { ok = false }
      case "title": scenario.title = text(value, "title"); if scenario.title == nil { ok = false }
      case "description":
        scenario.description = text(value, "description")
        if scenario.description == nil { ok = false }
      case "seed":
        if let raw = scalarText(value, "a whole number for seed"),
          let seed = UInt64(raw.replacingUnderscores().trimmingSpaces())
        {
          scenario.seed = seed
        } else {
          if case .scalar = value, !Walker.isNull(value) {
            error(.outOfRange, "seed must be a whole number from 0 to \(UInt64.max)", at: value)
          }
          ok = false
        }
      case "machine":
        machineNode = value
        if let m = machine(value) { scenario.machine = m } else { ok = false }
      case "labels":
        if let l = labels(value) { scenario.labels = l } else { ok = false }
      case "semaphores":
        if let s = semaphores(value) { scenario.semaphores = s } else { ok = false }
      case "tasks":
        tasksNode = value
        if let t = taskGroups(value) { scenario.tasks = t } else { ok = false }
      case "pipeline":
        pipelineNode = value
        if let p = pipeline(value) { scenario.pipeline = p; scenario.tasks = p.taskGroups } else { ok = false }
      case "models":
        modelsGiven = true
        if let m = models(value) { scenario.models = m } else { ok = false }
      case "sweep":
        sweepNode = value
      default:  // charts
        if let c = charts(value) { scenario.charts = c } else { ok = false }
      }
    }
    switch (tasksNode, pipelineNode) {
    case (nil, nil) where !errors.contains(where: { ($0.hint ?? "").contains("'tasks'") || ($0.hint ?? "").contains("'pipeline'") }):
      error(.missingKey, "the scenario needs 'tasks' (independent tasks) or 'pipeline' (items through stages)", at: root)
      ok = false
    case (.some, .some(let p)):
      error(.invalidValue, "a scenario has tasks or a pipeline, not both", at: p, hint: "move one of them to a scenario of its own")
      ok = false
    case (nil, nil):
      ok = false  // a misspelt tasks or pipeline is reported already
    default:
      break
    }
    if let p = scenario.pipeline {
      if !modelsGiven { scenario.models = ModelSpec.pipelineDefaultSet } else { checkPipelineModels(scenario) }
      checkStageKinds(p, models: scenario.models, at: pipelineNode)
    }
    if let sweepNode {
      if let s = sweep(sweepNode, models: scenario.models, pipeline: scenario.pipeline) { scenario.sweep = s } else { ok = false }
    }
    checkSemaphoreNames(declared: scenario.semaphores)
    guard ok, let name, errors.isEmpty else { return nil }
    scenario.name = name
    versionWarnings(scenario)
    guard costsFitTheTimeLimit(scenario, at: machineNode, tasks: tasksNode ?? pipelineNode) else { return nil }
    return scenario
  }

  mutating func scenarioName(_ node: Node) -> String? {
    guard let name = text(node, "name") else { return nil }
    let valid = !name.isEmpty && name.count <= Limits.nameLength
      && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    guard valid else {
      let suggestion = String(
        name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(Limits.nameLength))
      error(
        .invalidValue,
        "the name '\(name)' must be 1 to \(Limits.nameLength) characters of a-z, 0-9 and '-' (it names output files)",
        at: node, hint: suggestion.isEmpty ? nil : "try '\(suggestion)'")
      return nil
    }
    return name
  }

  // MARK: semaphores

  /// `semaphores: {db: 4, http: 10}`: names and values, in the order written.
  mutating func semaphores(_ node: Node) -> [SemaphoreSpec]? {
    guard visit(node) else { return nil }
    guard case .mapping(let m) = node else {
      error(.typeMismatch, "expected a mapping of names to values for semaphores, found \(Self.kindName(node))", at: node,
        hint: "for example semaphores: {db: 4, http: 10}")
      return nil
    }
    guard m.count <= Limits.semaphores else {
      error(.limit, "more than \(Limits.semaphores) semaphores", at: node)
      return nil
    }
    var out: [SemaphoreSpec] = []
    var ok = true
    for (k, v) in m {
      guard let name = text(k, "a semaphore's name") else { ok = false; continue }
      if out.contains(where: { $0.name == name }) {
        error(.duplicate, "the semaphore '\(name)' is declared twice", at: k)
        ok = false
        continue
      }
      guard let value = integer(v, "the semaphore '\(name)'", 1...Limits.semaphoreValue) else { ok = false; continue }
      out.append(SemaphoreSpec(name: name, value: value))
    }
    return ok ? out : nil
  }

  /// Every `semaphore:` step names a declared semaphore.
  mutating func checkSemaphoreNames(declared: [SemaphoreSpec]) {
    let names = declared.map(\.name)
    for (name, node) in semaphoreUses where !names.contains(name) {
      let hint = closestMatch(to: name, in: names).map { "did you mean '\($0)'?" }
        ?? (names.isEmpty ? "declare it: semaphores: {\(name): 4}" : "declared: \(names.joined(separator: ", "))")
      error(.invalidValue, "unknown semaphore '\(name)'", at: node, hint: hint)
    }
  }

  // MARK: machine

  static let machineKeys = ScenarioFormat.machineKeys

  mutating func machine(_ node: Node) -> Machine? {
    guard let pairs = mapping(node, "machine", allowed: Self.machineKeys) else { return nil }
    var m = Machine()
    var ok = true
    var profileNode: Node?
    for (key, _, value) in pairs {
      switch key {
      case "cores":
        if let v = integer(value, "cores", 1...Limits.cores) { m.cores = v } else { ok = false }
      case "python":
        if let v = choice(value, "python version", PythonVersion.self) { m.python = v } else { ok = false }
      case "switch_interval":
        if let v = fixedDuration(value, "switch_interval") {
          if v < 1_000 || v > 1_000_000_000 {
            error(.outOfRange, "switch_interval must be from 1us to 1s", at: value)
            ok = false
          } else {
            m.switchInterval = v
          }
        } else { ok = false }
      case "start_method":
        if let v = choice(value, "start method", StartMethod.self) { m.startMethod = v } else { ok = false }
      case "profile":
        if let v = text(value, "profile") { m.profile = v; profileNode = value } else { ok = false }
      default:  // costs
        if let c = costs(value) { m.costs = c } else { ok = false }
      }
    }
    if let path = m.profile, let profileNode {
      let resolved = path.hasPrefix("/") ? path : ((baseDirectory ?? ".") as NSString).appendingPathComponent(path)
      do {
        m.profileCosts = try ScenarioLoader.loadProfile(file: resolved)
      } catch {
        if error.errors.count == 1, error.errors[0].code == .io {
          self.error(.io, "cannot read the profile '\(path)': \(error.errors[0].message)", at: profileNode,
            hint: "profiles are resolved relative to the scenario file; write one with 'parsim calibrate'")
        } else {
          self.error(.invalidValue, "the profile '\(path)' has errors (shown below)", at: profileNode)
          self.errors.append(contentsOf: error.errors)
        }
        ok = false
      }
    }
    return ok ? m : nil
  }

  /// A profile file: `costs:` plus free-form `about:` metadata.
  mutating func profile(_ root: Node) -> CostOverrides {
    guard let pairs = mapping(root, "the profile", allowed: ScenarioFormat.profileKeys, required: ["costs"])
    else { return CostOverrides() }
    for (key, _, value) in pairs where key == "costs" {
      return costs(value) ?? CostOverrides()
    }
    return CostOverrides()
  }

  mutating func costs(_ node: Node) -> CostOverrides? {
    let keys = CostKey.allCases.map(\.rawValue)
    guard let pairs = mapping(node, "costs", allowed: keys) else { return nil }
    var out = CostOverrides()
    var ok = true
    for (key, _, value) in pairs {
      guard let costKey = CostKey(rawValue: key) else { continue }
      let what = "cost '\(key)'"
      switch costKey.kind {
      case .duration:
        if let v = fixedDuration(value, what) { out[costKey] = .duration(v) } else { ok = false }
      case .probability:
        if let v = number(value, what, 0...1) { out[costKey] = .number(v) } else { ok = false }
      case .factor:
        // At most 10: with the 10^17 ns limit on a scenario's work, simulated time stays inside Int64.
        if let v = number(value, what, 0.1...10) { out[costKey] = .number(v) } else { ok = false }
      case .throughput:
        if let v = throughput(value, what) { out[costKey] = .number(v) } else { ok = false }
      case .policy:
        if let v = choice(value, "GIL waiter policy", GILWaiterPolicy.self) { out[costKey] = .policy(v) } else { ok = false }
      }
    }
    return ok ? out : nil
  }

  /// A throughput such as `364MB/s`, in bytes per second.
  mutating func throughput(_ node: Node, _ what: String) -> Double? {
    guard let raw = scalarText(node, "a throughput for \(what)") else { return nil }
    let parts = raw.split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[1].trimmingSpaces() == "s" else {
      error(.invalidValue, "expected a throughput like 300MB/s for \(what), found '\(raw)'", at: node)
      return nil
    }
    switch Units.parseSize(parts[0]) {
    case .success(let bytes) where bytes > 0: return Double(bytes)
    case .success: error(.outOfRange, "\(what) must be more than 0B/s", at: node)
    case .failure(let f):
      unitFailure(f, parts[0], what, "size", units: Units.sizeUnits, example: "300MB/s", at: node)
    }
    return nil
  }

  // MARK: labels and charts

  mutating func labels(_ node: Node) -> Labels? {
    guard let pairs = mapping(node, "labels", allowed: ScenarioFormat.labelKeys) else { return nil }
    var l = Labels()
    var ok = true
    for (key, _, value) in pairs {
      guard let v = text(value, "labels.\(key)") else { ok = false; continue }
      if key == "worker" { l.worker = v } else { l.task = v }
    }
    return ok ? l : nil
  }

  static let chartKeys = ScenarioFormat.chartKeys

  mutating func charts(_ node: Node) -> ChartOptions? {
    guard let pairs = mapping(node, "charts", allowed: Self.chartKeys) else { return nil }
    var c = ChartOptions()
    var ok = true
    for (key, _, value) in pairs {
      switch key {
      case "formats":
        let items: [Node]
        if case .scalar = value { items = [value] } else if let s = sequence(value, "formats") { items = s } else {
          ok = false; continue
        }
        var formats: [ChartOptions.Format] = []
        for item in items {
          guard let f = choice(item, "chart format", ChartOptions.Format.self) else { ok = false; continue }
          if !formats.contains(f) { formats.append(f) }
        }
        if formats.isEmpty, ok { error(.invalidValue, "formats needs at least one of svg, png, pdf", at: value); ok = false }
        c.formats = formats
      case "color":
        if let v = choice(value, "colour mode", ChartOptions.ColorMode.self) { c.color = v } else { ok = false }
      case "width":
        if let v = integer(value, "width", 200...8000) { c.width = v } else { ok = false }
      case "theme":
        if let v = choice(value, "theme", ChartOptions.Theme.self) { c.theme = v } else { ok = false }
      case "gil_lane":
        if let v = boolean(value, "gil_lane") { c.gilLane = v } else { ok = false }
      case "lock_lanes":
        if let v = boolean(value, "lock_lanes") { c.lockLanes = v } else { ok = false }
      default:
        if let v = boolean(value, "core_lanes") { c.coreLanes = v } else { ok = false }
      }
    }
    return ok ? c : nil
  }
}

extension Walker {
  /// `sweep: {model: threading, param: threads, values: [1, 2, 4, 8]}`.
  mutating func sweep(_ node: Node, models: [ModelSpec], pipeline: Pipeline? = nil) -> Sweep? {
    guard let pairs = mapping(node, "sweep", allowed: ScenarioFormat.sweepKeys, required: ScenarioFormat.sweepKeys)
    else { return nil }
    var model: (String, Node)?
    var param: (String, Node)?
    var values: [Int] = []
    var ok = true
    for (key, _, value) in pairs {
      switch key {
      case "model":
        if let m = text(value, "sweep.model") { model = (m, value) } else { ok = false }
      case "param":
        if let p = text(value, "sweep.param") { param = (p, value) } else { ok = false }
      default:
        guard let items = sequence(value, "sweep.values") else { ok = false; continue }
        if items.isEmpty || items.count > 64 {
          error(.invalidValue, "sweep.values needs 1 to 64 values", at: value)
          ok = false
        }
        for item in items {
          if let v = integer(item, "a sweep value", 1...Limits.workers) { values.append(v) } else { ok = false }
        }
      }
    }
    guard ok, let (m, mNode) = model, let (p, pNode) = param else { return nil }
    guard let spec = models.first(where: { $0.label == m }) ?? models.first(where: { $0.kind.rawValue == m }) else {
      let names = models.map { $0.label ?? $0.kind.rawValue }
      error(.invalidValue, "sweep.model '\(m)' is not one of this scenario's models", at: mNode,
        hint: closestMatch(to: m, in: names).map { "did you mean '\($0)'?" } ?? "models: \(names.joined(separator: ", "))")
      return nil
    }
    let allowed = Sweep.parameters(for: spec.kind, pipeline: pipeline)
    guard allowed.contains(p) else {
      error(.invalidValue, "'\(p)' is not a parameter of \(spec.kind.rawValue) that a sweep can vary", at: pNode,
        hint: closestMatch(to: p, in: allowed).map { "did you mean '\($0)'?" } ?? "parameters: \(allowed.joined(separator: ", "))")
      return nil
    }
    if p == "cores", let big = values.first(where: { $0 > Limits.cores }) {
      error(.outOfRange, "a sweep of cores goes up to \(Limits.cores), not \(big)", at: node)
      return nil
    }
    return Sweep(model: m, parameter: p, values: values)
  }
}

extension Walker {
  /// Models that the scenario's Python does not have: said with the model's location, and
  /// simulated all the same (as what the model stands for in the version that has it).
  mutating func versionWarnings(_ s: Scenario) {
    let python = s.machine.python
    for (spec, node) in zip(s.models, modelNodes) {
      switch spec.kind {
      case .subinterpreters where spec.python == nil && python != .v3_14 && python != .v3_14t:
        // concurrent.futures.InterpreterPoolExecutor is new in 3.14; a GIL per interpreter in
        // 3.12 (PEP 684), reachable before 3.14 only through private modules.
        warning("subinterpreters stands for InterpreterPoolExecutor, new in Python 3.14; this scenario's Python is \(python.rawValue)"
          + (python == .v3_11 ? ", where subinterpreters share one GIL" : ""), at: node,
          hint: "simulated as 3.14 would run it; say so with {subinterpreters: {python: \"3.14\"}}")
      case .freeThreading where spec.python == nil && !python.isFreeThreaded:
        warning("free_threading simulates the free-threaded build \(python.freeThreadedBuild.rawValue), not this scenario's Python \(python.rawValue)",
          at: node, hint: "name the build with {free_threading: {python: \"\(python.freeThreadedBuild.rawValue)\"}} to say so")
      default:
        break
      }
    }
  }
}

extension Walker {
  /// The "three years" limit with costs: the tasks' work (slowed by the free-threaded build's
  /// factor where a model runs one) plus every framework cost times how often it can be paid —
  /// per step, per task, per worker — must stay under ``Limits/totalDuration``, or simulated
  /// time could overflow. Past it: an error at the tasks when the work alone is too long, else
  /// at the machine, naming the cost that weighs most.
  mutating func costsFitTheTimeLimit(_ s: Scenario, at machine: Node?, tasks: Node?) -> Bool {
    let c = s.machine.resolvedCosts
    let limit = Double(Limits.totalDuration)
    let work = s.tasks.reduce(0.0) { $0 + Double(Step.upperBoundDuration($1.steps)) * Double($1.count) }
    let slowdown = s.models.contains { $0.kind == .freeThreading } ? max(1, c.freeThreadingSlowdown) : 1
    if work * slowdown > limit, let tasks {
      error(.limit, String(format: "the tasks' work, %.2f× slower in the free-threaded build, would run past 10^17 ns "
        + "(about three years)", slowdown), at: tasks, hint: "fewer tasks, shorter steps or fewer repeats")
      return false
    }
    // Transfers (pickling and pipe) of arguments and results: bytes over the throughput, each at
    // most Units.maxDuration, a few times per task (there and back, and a chunk's retries).
    func transfer(_ bytes: Int64, _ rate: Double) -> Double {
      rate > 0 ? min(Double(Units.maxDuration), Double(bytes) * 1e9 / rate) : 0
    }
    let transfers = s.tasks.reduce(0.0) {
      $0 + Double($1.count) * 2 * (transfer($1.args + $1.result, c.pickleSend) + transfer($1.args + $1.result, c.pipeReceive))
    }
    let perStep: [(CostKey, Int64)] = [(.sleepOvershoot, c.sleepOvershoot), (.wakeup, c.wakeup), (.asyncioStep, c.asyncioStep),
      (.nativeCall, c.nativeCall), (.lockWake, c.lockWake), (.preemption, c.preemption),
      (.asyncioTimerOvershoot, c.asyncioTimerOvershoot), (.gilHandoff, c.gilHandoff), (.gilSliceExtra, c.gilSliceExtra),
      (.switchInterval, c.switchInterval)]
    let perTask: [(CostKey, Int64)] = [(.poolDispatch, c.poolDispatch), (.poolPerItem, c.poolPerItem), (.poolMaintain, c.poolMaintain),
      (.poolApplyAsync, c.poolApplyAsync), (.poolWorkerCall, c.poolWorkerCall), (.ppeWorkerCall, c.ppeWorkerCall), (.ppeSubmit, c.ppeSubmit), (.tpeSubmit, c.tpeSubmit), (.resultCollect, c.resultCollect),
      (.asyncioTaskCreate, c.asyncioTaskCreate), (.subinterpreterCall, c.subinterpreterCall), (.threadStart, c.threadStart),
      (.threadBoot, c.threadBoot),
      (.wakeup, c.wakeup), (.poolTaskSend, c.poolTaskSend), (.poolResultReceive, c.poolResultReceive),
      (.poolSendPerItem, c.poolSendPerItem), (.poolReceivePerItem, c.poolReceivePerItem), (.ppeSubmitCaller, c.ppeSubmitCaller),
      (.ppeSend, c.ppeSend), (.ppeFeed, c.ppeFeed), (.ppeResult, c.ppeResult), (.queuePut, c.queuePut), (.queueGet, c.queueGet),
      (.mpQueuePut, c.mpQueuePut), (.mpQueueGet, c.mpQueueGet), (.asyncioQueuePut, c.asyncioQueuePut),
      (.asyncioQueueGet, c.asyncioQueueGet)]
    let perWorker: [(CostKey, Int64)] = [(.processStartFork, c.processStartFork), (.processStartForkserver, c.processStartForkserver),
      (.processStartSpawn, c.processStartSpawn), (.processStartParent, c.processStartParent), (.processFirstStart, c.processFirstStart), (.threadStart, c.threadStart), (.threadBoot, c.threadBoot),
      (.resourceTrackerBoot, c.resourceTrackerBoot),
      (.subinterpreterCreate, c.subinterpreterCreate), (.forkserverStart, c.forkserverStart), (.poolSetup, c.poolSetup),
      (.forkserverChildBoot, c.forkserverChildBoot)]
    let workers = Double(s.models.reduce(0) { $0 + ($1.workers ?? Limits.workers) })
    // How often each kind is paid at most: twice per step, four times per task, twice per worker.
    var terms = [(perStep, Double(s.expandedStepCount) * 2, "step"), (perTask, Double(s.taskCount) * 4, "task"),
      (perWorker, workers * 2, "worker")].map { costs, times, what -> (CostKey, Double, String) in
        let top = costs.max { $0.1 < $1.1 } ?? (.wakeup, 0)
        return (top.0, Double(top.1) * times, what)
      }
    terms.append((.pickleSend, transfers, "task"))
    let bound = work * slowdown + terms.reduce(0) { $0 + $1.1 }
    guard bound > limit, let heaviest = terms.max(by: { $0.1 < $1.1 }), let node = machine ?? tasks else { return true }
    let name = heaviest.0 == .pickleSend ? "pickling and piping its arguments and results (pickle_send, pipe_receive)" : heaviest.0.rawValue
    error(.limit, "the costs could carry the run past 10^17 ns (about three years): \(name), paid for each \(heaviest.2)",
      at: node, hint: "smaller costs, or fewer tasks and steps")
    return false
  }
}
