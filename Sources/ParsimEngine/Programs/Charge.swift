/// A cost a thread pays in a `pay` instruction, from named cost keys only: a fixed part, a part
/// per task of the thread's item, and the item's arguments or results pickled and written into
/// a pipe (the sender's part) or read from it and unpickled (the receiver's).
struct Charge: Sendable {
  var fixed: Cost
  var perTask: Cost = .none
  var pickles: Payload = .none
  var unpickles: Payload = .none
  /// Paid with the GIL released: reading a pipe, which is `os.read` calls (`receive`).
  var releasesGIL = false

  init(_ fixed: Cost, perTask: Cost = .none, pickles: Payload = .none, unpickles: Payload = .none) {
    self.fixed = fixed
    self.perTask = perTask
    self.pickles = pickles
    self.unpickles = unpickles
  }

  /// A cost paid in CPU with the GIL released.
  static func withoutGIL(_ fixed: Cost, unpickles: Payload = .none) -> Charge {
    var c = Charge(fixed, unpickles: unpickles)
    c.releasesGIL = true
    return c
  }

  /// A payload read from a pipe and unpickled, with the GIL released.
  static func receive(_ payload: Payload) -> Charge { withoutGIL(.none, unpickles: payload) }
}

/// The cost keys a program can charge, each a `CostProfile` key (`docs/scenario-format.md`
/// lists their defaults and where they come from).
enum Cost: UInt8, Sendable {
  case none
  case threadStart, subinterpreterCreate, subinterpreterCall
  /// A thread started whose work parsim does not simulate (`multiprocessing.dummy.Pool`'s
  /// `_worker_handler`, which waits on its change notifier only): the caller pays its whole
  /// start, the new thread's boot and both wake-ups included.
  case threadStartedUnsimulated
  /// `Process.start()` in the parent, by start method (see `Process.swift`).
  case processStartParent
  /// A new process's boot, by start method (see `Process.swift`).
  case processBoot
  /// The resource tracker's start-up (spawn).
  case resourceTrackerBoot
  case poolSetup, poolTaskSend, poolSendPerItem, poolResultReceive, poolReceivePerItem, poolPerItem
  /// One pass of `Pool._handle_workers`' loop.
  case poolMaintain
  /// A worker's loop per call, beyond the call: Pool's `worker`, `_process_worker`.
  case poolWorkerCall, ppeWorkerCall
  /// `Pool.apply_async` in the caller: `pool_apply_async` less the `pool_dispatch` that the
  /// task and result handlers pay for the same call.
  case applyAsyncCaller
  case tpeSubmit, ppeSubmitCaller, ppeSend, ppeFeed, ppeResult, resultCollect
  case asyncioTaskCreate, asyncioStep
  /// A pipeline's queues: `queue.Queue`, `multiprocessing.Queue`, `asyncio.Queue`.
  case queuePut, queueGet, mpQueuePut, mpQueueGet, asyncioQueuePut, asyncioQueueGet
}

/// What a charge pickles or unpickles: nothing, a task's arguments, its results.
enum Payload: UInt8, Sendable {
  case none, arguments, results
}

extension Simulation {
  /// The time a charge costs thread `t` now (with its current item).
  mutating func amount(_ c: Charge, for t: ThreadID) -> SimTime {
    var total = cost(c.fixed)
    let item = threads[t].item
    if c.perTask != .none { total += cost(c.perTask) * SimTime(item.count) }
    if c.pickles != .none { total += transfer(bytes(c.pickles, of: item), costs.pickleSend) }
    if c.unpickles != .none { total += transfer(bytes(c.unpickles, of: item), costs.pipeReceive) }
    return total
  }

  /// The bytes of an item's arguments or results.
  func bytes(_ payload: Payload, of item: QueueItem) -> Int64 {
    payload == .none ? 0 : workload.bytes(Int(item.start), Int(item.count), result: payload == .results)
  }

  mutating func cost(_ c: Cost) -> SimTime {
    switch c {
    case .none: return 0
    case .threadStart: return costs.threadStart
    case .threadStartedUnsimulated: return costs.threadStart + costs.threadBoot + 2 * costs.wakeup
    case .subinterpreterCreate: return costs.subinterpreterCreate
    case .subinterpreterCall: return costs.subinterpreterCall
    case .processStartParent: return parentStartCost()
    case .processBoot: return processBoot
    case .resourceTrackerBoot: return costs.resourceTrackerBoot
    case .poolSetup: return costs.poolSetup
    case .poolTaskSend: return costs.poolTaskSend
    case .poolSendPerItem: return costs.poolSendPerItem
    case .poolResultReceive: return costs.poolResultReceive
    case .poolReceivePerItem: return costs.poolReceivePerItem
    case .poolPerItem: return costs.poolPerItem
    case .poolMaintain: return costs.poolMaintain
    case .poolWorkerCall: return costs.poolWorkerCall
    case .ppeWorkerCall: return costs.ppeWorkerCall
    case .applyAsyncCaller: return max(0, costs.poolApplyAsync - costs.poolDispatch)
    case .tpeSubmit: return costs.tpeSubmit
    case .ppeSubmitCaller: return costs.ppeSubmitCaller
    case .ppeSend: return costs.ppeSend
    case .ppeFeed: return costs.ppeFeed
    case .ppeResult: return costs.ppeResult
    case .resultCollect: return costs.resultCollect
    case .asyncioTaskCreate: return costs.asyncioTaskCreate
    case .asyncioStep: return costs.asyncioStep
    case .queuePut: return costs.queuePut
    case .queueGet: return costs.queueGet
    case .mpQueuePut: return costs.mpQueuePut
    case .mpQueueGet: return costs.mpQueueGet
    case .asyncioQueuePut: return costs.asyncioQueuePut
    case .asyncioQueueGet: return costs.asyncioQueueGet
    }
  }
}
