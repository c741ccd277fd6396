import Yams

extension Walker {
  static let groupKeys = ScenarioFormat.groupKeys
  static let stepKinds = ScenarioFormat.stepKinds

  mutating func taskGroups(_ node: Node) -> [TaskGroup]? {
    guard let items = sequence(node, "tasks") else { return nil }
    guard !items.isEmpty else {
      error(.invalidValue, "tasks needs at least one task group", at: node)
      return nil
    }
    guard items.count <= Limits.taskGroups else {
      error(.limit, "more than \(Limits.taskGroups) task groups", at: node)
      return nil
    }
    var groups: [TaskGroup] = []
    var ok = true
    var seen: [String: Int] = [:]
    var totalTasks = 0
    var totalSteps = 0
    var totalDuration: Int64 = 0
    for (index, item) in items.enumerated() {
      guard let group = taskGroup(item, index: index) else { ok = false; continue }
      if let first = seen[group.name] {
        error(.duplicate, "two task groups are named '\(group.name)'", at: item,
          hint: "the first is group \(first + 1); give each group its own name")
        ok = false
      }
      seen[group.name] = index
      totalTasks += group.count
      let (steps, o) = group.expandedStepsPerTask.multipliedReportingOverflow(by: group.count)
      totalSteps = o ? Int.max : totalSteps.addingReportingOverflow(steps).overflow ? Int.max : totalSteps + steps
      if totalTasks > Limits.tasks {
        error(.limit, "the scenario has more than \(Limits.tasks) tasks", at: item)
        return nil
      }
      let (work, o1) = Step.upperBoundDuration(group.steps).multipliedReportingOverflow(by: Int64(group.count))
      let lastArrival = group.arrivals.lastArrivalBound(count: group.count)
      let (sum, o2) = totalDuration.addingReportingOverflow(o1 ? .max : work)
      totalDuration = o2 ? .max : sum
      if totalDuration > Limits.totalDuration || lastArrival > Limits.totalDuration {
        error(.limit, "the tasks would run for more than 10^17 ns (about three years) one after another",
          at: item, hint: "fewer tasks, shorter steps or fewer repeats")
        return nil
      }
      if totalSteps > Limits.totalSteps {
        error(.limit, "the scenario runs more than \(Limits.totalSteps) steps over all tasks", at: item,
          hint: "fewer tasks, or fewer repeats per task")
        return nil
      }
      groups.append(group)
    }
    return ok ? groups : nil
  }

  mutating func taskGroup(_ node: Node, index: Int) -> TaskGroup? {
    guard let pairs = mapping(node, "a task group", allowed: Self.groupKeys, required: ["steps"]) else {
      return nil
    }
    var group = TaskGroup(name: "task\(index + 1)", steps: [])
    var ok = true
    var countNode: Node?
    var atCount: Int?
    var arrivalsNode: Node?
    for (key, _, value) in pairs {
      switch key {
      case "name":
        if let v = text(value, "task group name") { group.name = v } else { ok = false }
      case "count":
        countNode = value
        if let v = integer(value, "count", 1...Limits.tasks) { group.count = v } else { ok = false }
      case "arrivals":
        arrivalsNode = value
        if let a = arrivals(value) {
          group.arrivals = a
          if case .at(let times) = a { atCount = times.count }
        } else { ok = false }
      case "args":
        if let v = size(value, "args") { group.args = v } else { ok = false }
      case "result":
        if let v = size(value, "result") { group.result = v } else { ok = false }
      case "on_result":
        if let s = steps(value, depth: 1) {
          if let bad = Step.firstLockOrSemaphore(s) ?? (Step.containsOffload(s) ? "offload" : nil) {
            error(.invalidValue, "on_result is the caller's own work on a result: it cannot take the \(bad)", at: value)
            ok = false
          } else if s.isEmpty {
            error(.invalidValue, "on_result needs at least one step (or leave it out)", at: value)
            ok = false
          }
          group.onResult = s
        } else { ok = false }
      default:
        if let s = steps(value, depth: 1) {
          group.steps = s
          if s.isEmpty { error(.invalidValue, "steps needs at least one step", at: value); ok = false }
        } else { ok = false }
      }
    }
    if let atCount {
      if let countNode, group.count != atCount, ok {
        error(.invalidValue, "count is \(group.count) but arrivals.at lists \(atCount) times", at: countNode,
          hint: "drop count: the number of times in 'at' sets it")
        ok = false
      }
      group.count = atCount
    }
    _ = arrivalsNode
    let perTask = group.expandedStepsPerTask
    if ok, perTask > Limits.stepsPerTask {
      error(.limit, "one task runs \(perTask == Int.max ? "too many" : String(perTask)) steps; the limit is \(Limits.stepsPerTask)",
        at: node, hint: "lower the repeat counts")
      return nil
    }
    return ok ? group : nil
  }

  mutating func arrivals(_ node: Node) -> Arrivals? {
    guard let pairs = mapping(node, "arrivals", allowed: ScenarioFormat.arrivalKeys) else { return nil }
    guard pairs.count == 1, let (key, _, value) = pairs.first else {
      if errors.isEmpty || !pairs.isEmpty {
        error(.invalidValue, "arrivals takes exactly one of every, rate, at", at: node)
      }
      return nil
    }
    switch key {
    case "every":
      guard let v = fixedDuration(value, "arrivals.every") else { return nil }
      return .every(v)
    case "rate":
      guard let raw = scalarText(value, "a rate like 20/s for arrivals.rate") else { return nil }
      switch Units.parseRate(raw) {
      case .success(let r): return .rate(perSecond: r)
      case .failure(.unknownUnit(let u)):
        error(.invalidValue, "unknown rate unit '\(u)'", at: value, hint: "write e.g. 20/s; units: s, ms, min, h")
      case .failure(.missingUnit):
        error(.invalidValue, "a rate needs a time unit, e.g. '\(raw)/s'", at: value)
      case .failure(.negative):
        error(.outOfRange, "the rate must be more than zero", at: value)
      case .failure(.tooLarge):
        error(.limit, "the rate '\(raw)' is above 1e9 per second", at: value)
      case .failure(.notANumber):
        error(.typeMismatch, "expected a rate like 20/s, found '\(raw)'", at: value)
      }
      return nil
    default:
      guard let items = sequence(value, "arrivals.at") else { return nil }
      guard !items.isEmpty else {
        error(.invalidValue, "arrivals.at needs at least one time", at: value)
        return nil
      }
      guard items.count <= Limits.listEntries else {
        error(.limit, "arrivals.at lists more than \(Limits.listEntries) times", at: value)
        return nil
      }
      var times: [Int64] = []
      for item in items {
        if let t = fixedDuration(item, "arrivals.at") { times.append(t) }
      }
      return times.count == items.count ? .at(times) : nil
    }
  }

  mutating func steps(_ node: Node, depth: Int, held: [String] = []) -> [Step]? {
    guard let items = sequence(node, "steps") else { return nil }
    if depth > Limits.stepDepth {
      error(.limit, "steps are nested more than \(Limits.stepDepth) levels deep", at: node)
      return nil
    }
    var out: [Step] = []
    var ok = true
    for item in items {
      if let s = step(item, depth: depth, held: held) { out.append(s) } else { ok = false }
    }
    return ok ? out : nil
  }

  mutating func step(_ node: Node, depth: Int, held: [String]) -> Step? {
    if case .scalar(let s) = node, !Walker.isNull(node) {
      let hint = closestMatch(to: s.string, in: Self.stepKinds).map { "did you mean '{\($0): …}'?" }
      error(.typeMismatch, "a step is a mapping such as '{cpu: 10ms}', found '\(s.string)'", at: node,
        hint: hint ?? "kinds of step: \(Self.stepKinds.joined(separator: ", "))")
      return nil
    }
    guard let pairs = mapping(node, "a step", allowed: Self.stepKinds + ["steps"]) else { return nil }
    let kinds = pairs.filter { $0.0 != "steps" }
    let nested = pairs.first { $0.0 == "steps" }
    guard kinds.count == 1, let (kind, keyNode, value) = kinds.first else {
      if kinds.count > 1 {
        error(.invalidValue, "a step has exactly one kind, found \(kinds.map(\.0).joined(separator: " and "))",
          at: kinds[1].1, hint: "write each as its own list item")
      } else if pairs.count == kinds.count + (nested == nil ? 0 : 1), !pairs.isEmpty || !errorsMention(node) {
        error(.invalidValue, "a step needs one of \(Self.stepKinds.joined(separator: ", "))", at: node)
      }
      return nil
    }
    switch kind {
    case "cpu", "io", "native", "blocking", "c_call":
      if let nested {
        error(.invalidValue, "only lock, semaphore, offload and repeat steps take nested steps", at: nested.1)
        return nil
      }
      guard let d = duration(value, kind) else { return nil }
      switch kind {
      case "cpu": return .cpu(d)
      case "io": return .io(d)
      case "native": return .native(d)
      case "c_call": return .cCall(d)
      default: return .blocking(d)
      }
    case "lock":
      guard let name = text(value, "the lock's name") else { return nil }
      if held.contains(name) {
        error(.invalidValue, "the lock '\(name)' is taken again while it is held: locks are not reentrant, so this deadlocks",
          at: value, hint: "use another lock name, or move these steps out of the outer lock")
        return nil
      }
      guard let nested else {
        error(.missingKey, "a lock step needs 'steps' to run under the lock", at: keyNode)
        return nil
      }
      guard let inner = steps(nested.2, depth: depth + 1, held: held + [name]) else { return nil }
      return .lock(name, inner)
    case "offload":
      guard let where_ = choice(value, "offload", OffloadKind.self) else { return nil }
      if held.contains(Self.offloadMarker) {
        error(.invalidValue, "an offload cannot hold another offload: its steps already run in the executor", at: keyNode)
        return nil
      }
      guard let nested else {
        error(.missingKey, "an offload step needs 'steps' to run in the executor", at: keyNode)
        return nil
      }
      guard let inner = steps(nested.2, depth: depth + 1, held: held + [Self.offloadMarker]) else { return nil }
      if let bad = Step.firstLockOrSemaphore(inner) {
        error(.invalidValue, "an offloaded function cannot take the \(bad): asyncio's locks and semaphores belong to the loop",
          at: nested.1, hint: "take it around the offload step instead")
        return nil
      }
      return .offload(where_, inner)
    case "semaphore":
      guard let name = text(value, "the semaphore's name") else { return nil }
      semaphoreUses.append((name, value))
      guard let nested else {
        error(.missingKey, "a semaphore step needs 'steps' to run holding a unit", at: keyNode)
        return nil
      }
      guard let inner = steps(nested.2, depth: depth + 1, held: held) else { return nil }
      return .semaphore(name, inner)
    default:
      guard let count = integer(value, "repeat", 1...Limits.repeatCount) else { return nil }
      guard let nested else {
        error(.missingKey, "a repeat step needs 'steps' to repeat", at: keyNode)
        return nil
      }
      guard let inner = steps(nested.2, depth: depth + 1, held: held) else { return nil }
      let expanded = Step.expandedCount([.repeat(count, inner)])
      if expanded > Limits.stepsPerTask {
        error(.limit, "this repeat expands to \(expanded == Int.max ? "too many" : String(expanded)) steps; one task may run at most \(Limits.stepsPerTask)",
          at: value, hint: "lower the repeat count")
        return nil
      }
      return .repeat(count, inner)
    }
  }

  /// Marks, in the held names passed down the steps, that they are inside an offload (a name a
  /// lock cannot have: it holds a NUL).
  static let offloadMarker = "\u{0}offload"

  func errorsMention(_ node: Node) -> Bool {
    let loc = location(node)
    return errors.contains { $0.location.line >= loc.line }
  }

  // MARK: models

  mutating func models(_ node: Node) -> [ModelSpec]? {
    guard let items = sequence(node, "models") else { return nil }
    guard !items.isEmpty else {
      error(.invalidValue, "models needs at least one model", at: node,
        hint: "or leave models out to run the default set")
      return nil
    }
    guard items.count <= Limits.models else {
      error(.limit, "more than \(Limits.models) models", at: node)
      return nil
    }
    var out: [ModelSpec] = []
    var ok = true
    for item in items {
      guard let spec = model(item) else { ok = false; continue }
      modelNodes.append(item)
      if let label = spec.label, out.contains(where: { $0.label == label }) {
        error(.duplicate, "two models have the label '\(label)'", at: item)
        ok = false
      } else if out.contains(spec) {
        error(.duplicate, "this model is listed twice with the same parameters", at: item,
          hint: "give one a different label or different parameters")
        ok = false
      }
      out.append(spec)
    }
    return ok ? out : nil
  }

  mutating func model(_ node: Node) -> ModelSpec? {
    let names = ModelKind.allCases.map(\.rawValue)
    func kind(_ w: inout Walker, _ keyNode: Node, _ name: String) -> ModelKind? {
      if let k = ModelKind(rawValue: name) { return k }
      w.error(.invalidValue, "unknown model '\(name)'", at: keyNode,
        hint: closestMatch(to: name, in: names).map { "did you mean '\($0)'?" }
          ?? "models: \(names.joined(separator: ", "))")
      return nil
    }
    if case .scalar(let s) = node {
      guard visit(node) else { return nil }
      return kind(&self, node, s.string).map { ModelSpec($0) }
    }
    guard visit(node) else { return nil }
    guard case .mapping(let m) = node, m.count == 1, let (keyNode, value) = m.first,
      case .scalar(let keyScalar) = keyNode
    else {
      error(.typeMismatch, "a model is a name such as 'serial' or a mapping such as '{threading: {threads: 3}}'", at: node)
      return nil
    }
    guard let k = kind(&self, keyNode, keyScalar.string) else { return nil }
    var spec = ModelSpec(k)
    if Walker.isNull(value) { return spec }
    guard let pairs = mapping(value, "\(k.rawValue) parameters", allowed: k.parameterKeys + ScenarioFormat.modelCommonKeys) else {
      return nil
    }
    var ok = true
    for (key, _, v) in pairs {
      switch key {
      case "label":
        if let l = text(v, "label") {
          if l.isEmpty { error(.invalidValue, "a label cannot be empty", at: v); ok = false }
          spec.label = l
        } else { ok = false }
      case "threads", "max_workers", "processes", "workers":
        if let n = integer(v, key, 1...Limits.workers) { spec.workers = n } else { ok = false }
      case "chunksize":
        if let n = integer(v, key, 1...Limits.tasks) { spec.chunksize = n } else { ok = false }
      case "start_method":
        if let s = choice(v, "start method", StartMethod.self) { spec.startMethod = s } else { ok = false }
      case "limit":
        if let n = integer(v, key, 1...Limits.tasks) { spec.limit = n } else { ok = false }
      case "api":
        let allowed = ResultAPI.values(for: spec.kind)
        if let a = choice(v, "api", ResultAPI.self) {
          if !allowed.contains(a) {
            error(.invalidValue, "\(spec.kind.rawValue) takes api \(allowed.map(\.rawValue).joined(separator: ", ")), not \(a.rawValue)", at: v)
            ok = false
          }
          spec.api = a
        } else { ok = false }
      case "offload_workers":
        if let n = integer(v, key, 1...Limits.workers) { spec.offloadWorkers = n } else { ok = false }
      default:  // python
        if let p = choice(v, "python version", PythonVersion.self) {
          if spec.kind == .freeThreading, !p.isFreeThreaded {
            error(.invalidValue, "free_threading needs a free-threaded build, 3.13t or 3.14t", at: v)
            ok = false
          }
          if spec.kind == .subinterpreters, p != .v3_14, p != .v3_14t {
            error(.invalidValue, "InterpreterPoolExecutor is new in Python 3.14: write 3.14 or 3.14t", at: v)
            ok = false
          }
          spec.python = p
        } else { ok = false }
      }
    }
    return ok ? spec : nil
  }
}
