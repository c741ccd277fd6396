import ParsimScenario

/// One leaf step of a task program, or the control that repeats or locks steps.
@usableFromInline
struct Op: Sendable {
  @usableFromInline enum Code: UInt8, Sendable {
    case cpu, io, native, blocking, cCall, lockAcquire, lockRelease, semaphoreAcquire, semaphoreRelease, offloadBegin, offloadEnd, repeatBegin, repeatEnd, end
  }
  @usableFromInline var code: Code
  /// cpu/io/native/blocking: index into the group's specs; locks: lock id; repeatBegin: count;
  /// repeatEnd: the index of the op after its repeatBegin.
  @usableFromInline var argument: Int32
  /// repeatBegin/repeatEnd: nesting depth of the repeat.
  @usableFromInline var depth: Int32
}

/// A scenario's task groups flattened for the engine: step trees compiled to op arrays, task
/// ids assigned in list order (group 0's tasks, then group 1's, …), lock names numbered.
public struct Workload: Sendable {
  @usableFromInline struct Group: Sendable {
    var name: String
    var count: Int
    var firstTask: Int
    var arrivals: Arrivals
    var args: Int64
    var result: Int64
    @usableFromInline var ops: [Op]
    @usableFromInline var specs: [DurationSpec]
    var sortedAt: [Int64]
    /// Where the group's `on_result` steps start in `ops`, or -1 for none.
    var onResultStart: Int32
  }

  @usableFromInline var groups: [Group]
  /// Each group's first task id, as plain data for the hot path.
  let firstTasks: [Int]
  public let taskCount: Int
  public let lockNames: [String]
  /// Some task has an `offload` step of this kind.
  public let offloadsToThreads: Bool
  public let offloadsToProcesses: Bool
  /// The scenario's semaphores, in the order declared.
  public let semaphores: [SemaphoreSpec]
  /// The deepest repeat nesting of any group (the counters a task cursor needs).
  @usableFromInline let repeatDepth: Int
  /// True when every task is there at time 0 (a `map` over a list).
  public let allAtStart: Bool
  /// A pipeline's stages; nil for a scenario of independent tasks. Group 0 is then the
  /// producer's work per item and group `k + 1` stage `k`'s, every group `items` long and
  /// numbered from task 0: a task id is an item.
  public let stages: [StageShape]?
  public let seed: UInt64

  public init(_ scenario: Scenario) {
    var groups: [Group] = []
    var locks: [String] = []
    var next = 0
    var depth = 0
    for g in scenario.tasks {
      if scenario.pipeline != nil { next = 0 }  // every group of a pipeline is the same items
      var ops: [Op] = []
      var specs: [DurationSpec] = []
      var maxDepth = 0
      func emit(_ steps: [Step], _ d: Int) {
        for step in steps {
          switch step {
          case .cpu(let s), .io(let s), .native(let s), .blocking(let s), .cCall(let s):
            let code: Op.Code
            switch step {
            case .cpu: code = .cpu
            case .io: code = .io
            case .native: code = .native
            case .cCall: code = .cCall
            default: code = .blocking
            }
            if let i = specs.firstIndex(of: s) {
              ops.append(Op(code: code, argument: Int32(i), depth: 0))
            } else {
              specs.append(s)
              ops.append(Op(code: code, argument: Int32(specs.count - 1), depth: 0))
            }
          case .lock(let name, let inner):
            let id: Int
            if let i = locks.firstIndex(of: name) { id = i } else { locks.append(name); id = locks.count - 1 }
            ops.append(Op(code: .lockAcquire, argument: Int32(id), depth: 0))
            emit(inner, d)
            ops.append(Op(code: .lockRelease, argument: Int32(id), depth: 0))
          case .offload(let kind, let inner):
            ops.append(Op(code: .offloadBegin, argument: kind == .thread ? 0 : 1, depth: 0))
            emit(inner, d)
            ops.append(Op(code: .offloadEnd, argument: 0, depth: 0))
          case .semaphore(let name, let inner):
            // The loader checked that every name is declared.
            let id = Int32(scenario.semaphores.firstIndex { $0.name == name } ?? 0)
            ops.append(Op(code: .semaphoreAcquire, argument: id, depth: 0))
            emit(inner, d)
            ops.append(Op(code: .semaphoreRelease, argument: id, depth: 0))
          case .repeat(let n, let inner):
            maxDepth = max(maxDepth, d + 1)
            ops.append(Op(code: .repeatBegin, argument: Int32(n), depth: Int32(d)))
            let body = ops.count
            emit(inner, d + 1)
            ops.append(Op(code: .repeatEnd, argument: Int32(body), depth: Int32(d)))
          }
        }
      }
      emit(g.steps, 0)
      ops.append(Op(code: .end, argument: 0, depth: 0))
      // The caller's on_result steps follow, with an end of their own.
      var onResultStart: Int32 = -1
      if !g.onResult.isEmpty {
        onResultStart = Int32(ops.count)
        emit(g.onResult, 0)
        ops.append(Op(code: .end, argument: 0, depth: 0))
      }
      depth = max(depth, maxDepth)
      var sortedAt: [Int64] = []
      if case .at(let ts) = g.arrivals { sortedAt = ts.sorted() }
      groups.append(Group(name: g.name, count: g.count, firstTask: next, arrivals: g.arrivals, args: g.args,
        result: g.result, ops: ops, specs: specs, sortedAt: sortedAt, onResultStart: onResultStart))
      next += g.count
    }
    self.groups = groups
    firstTasks = groups.map(\.firstTask)
    taskCount = scenario.pipeline?.items ?? next
    stages = scenario.pipeline.map { p in
      p.stages.enumerated().map { StageShape(name: $1.name, workers: $1.workers, maxsize: $1.queue, run: $1.run, group: $0 + 1) }
    }
    lockNames = locks
    semaphores = scenario.semaphores
    offloadsToThreads = groups.contains { $0.ops.contains { $0.code == .offloadBegin && $0.argument == 0 } }
    offloadsToProcesses = groups.contains { $0.ops.contains { $0.code == .offloadBegin && $0.argument == 1 } }
    repeatDepth = depth
    seed = scenario.seed
    allAtStart = scenario.tasks.allSatisfy { $0.arrivals == .allAtStart }
  }

  /// A pipeline stage as the engine runs it.
  public struct StageShape: Sendable {
    public var name: String
    public var workers: Int
    /// The maxsize of the queue feeding it (0: unbounded).
    public var maxsize: Int
    /// Its kind of worker when it is not the model's.
    public var run: StageRun?
    /// Its steps' group.
    var group: Int
  }

  /// The group a task id belongs to.
  ///
  /// - Complexity: O(log groups), O(1) with one group.
  @inline(__always)
  func group(of task: Int) -> Int {
    let n = firstTasks.count
    if n == 1 || stages != nil { return 0 }  // a pipeline's groups share their ids: name the group
    var lo = 0
    var hi = n - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if firstTasks[mid] <= task { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// Sum of `bytes` over the tasks `start..<start+count`.
  func bytes(_ start: Int, _ count: Int, result: Bool) -> Int64 {
    var total: Int64 = 0
    var t = start
    let end = start + count
    while t < end {
      let g = group(of: t)
      let gEnd = min(end, groups[g].firstTask + groups[g].count)
      total += Int64(gEnd - t) * (result ? groups[g].result : groups[g].args)
      t = gEnd
    }
    return total
  }

  /// "Customer 3" style names for every task: with a task label, numbered across all groups
  /// (the customers of every group are customers); without one, by group name and index.
  public func taskNames(label: String?) -> [String] {
    var names: [String] = []
    names.reserveCapacity(taskCount)
    if stages != nil {  // a pipeline's tasks are its items
      return (0..<taskCount).map { "\(label ?? "item") \($0 + 1)" }
    }
    for g in groups {
      for i in 0..<g.count {
        names.append(label.map { "\($0) \(g.firstTask + i + 1)" } ?? "\(g.name) \(i + 1)")
      }
    }
    return names
  }
}
