import ParsimScenario

/// A pipeline (`pipeline:`) under each model that applies: the items from the source through
/// every stage, joined by queues.
///
/// - `serial`: one loop, each item through every stage in turn (a stage's `run` is ignored).
/// - otherwise each stage's workers are the model's kind (`threading`, `free_threading`:
///   threads; `multiprocessing`: processes; `asyncio`: coroutines) unless the stage sets `run`.
///   With no coroutine stage the main thread produces (`startThreadPipeline`, below); with one,
///   the main thread runs an event loop whose `main()` coroutine produces
///   (`PipelineCoroutine.swift`). Coroutine stages come first (the loader says so).
/// - Each queue is the kind its two ends need: an `asyncio.Queue` into a coroutine stage, a
///   `multiprocessing.Queue` (items pickled) where a process puts or gets, else a `queue.Queue`.
extension Simulation {
  mutating func startPipeline() {
    guard let shapes = workload.stages else { return }
    let kinds = shapes.map { $0.run ?? model.kind.pipelineWorkerKind ?? .thread }
    let loopProduces = model.kind != .serial && kinds.contains(.coroutine)
    stages = kinds.indices.map { k in
      let putter: StageRun = k > 0 ? kinds[k - 1] : loopProduces ? .coroutine : .thread
      let queueKind: StageRun = kinds[k] == .coroutine ? .coroutine : kinds[k] == .process || putter == .process ? .process : .thread
      return StageState(queue: newQueue(maxsize: shapes[k].maxsize), kind: kinds[k], queueKind: queueKind)
    }
    stageStats = shapes.map { _ in StageStats() }
    for k in stages.indices { queues[stages[k].queue.index].stage = Int32(k) }
    if model.kind == .serial {
      startSerialPipeline()
      return
    }
    stageWorkerPrograms = stages.indices.map { stages[$0].kind == .coroutine ? nil : stageWorkerProgram($0) }
    if loopProduces {
      startAsyncio(forPipeline: true)
    } else {
      startThreadPipeline()
    }
  }

  /// `serial`:
  ///
  ///     for item in source:
  ///         produce(item); fetch(item); parse(item); store(item)
  mutating func startSerialPipeline() {
    let source = self.source.queue
    let groups = (workload.stages ?? []).map { GroupID($0.group) }
    let main = programs.add { p in
      let exit = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, exit))
      p.emit(.take(source, limit: 1))
      p.emit(.runStage(GroupID(0)))
      for g in groups { p.emit(.runStage(g)) }
      p.emit(.itemLeaves)
      p.emit(.jump(next))
      p.place(exit)
      p.emit(.exit)
    }
    startMainThread(main)
  }

  /// A thread or process worker of stage `k`:
  ///
  ///     def worker(inbox, outbox):
  ///         while (item := inbox.get()) is not None:
  ///             stage(item)
  ///             outbox.put(item)                  # the last stage: the item is done
  ///
  /// `multiprocessing.Queue.put` pickles the item (its feeder thread writes it to the pipe),
  /// `get` reads and unpickles it; `queue.Queue` moves a reference.
  mutating func stageWorkerProgram(_ k: Int) -> ProgramID {
    let process = stages[k].kind == .process
    let inbox = stages[k].queue
    let get = queueGetCharge(StageID(k))
    let outbox = k + 1 < stages.count ? (stages[k + 1].queue, queuePutCharge(StageID(k + 1))) : nil
    let group = GroupID(workload.stages?[k].group ?? k + 1)
    return programs.add { p in
      if process { p.emit(.pay(Charge(.processBoot))) }  // the child starts up
      let exit = p.futureLabel()
      let next = p.label()
      p.emit(.take(inbox, limit: 1))  // item = inbox.get()
      p.emit(.pay(get))
      p.emit(.jumpIf(.itemIsSentinel, exit))  // is None: break
      p.emit(.runStage(group))
      if let (queue, put) = outbox {
        p.emit(.pay(put))
        p.emit(.offer(queue))  // outbox.put(item)
      } else {
        p.emit(.itemLeaves)
      }
      p.emit(.jump(next))
      p.place(exit)
      p.emit(.stageWorkerExits(StageID(k)))
      p.emit(.exit)
    }
  }

  /// The main thread produces, the stages' threads (or processes) consume:
  ///
  ///     workers = [Thread(target=worker, ...) for each stage, for each of its workers]
  ///     for w in workers: w.start()
  ///     for item in source:                       # the main thread produces
  ///         produce(item); queues[0].put(item)
  ///     for stage in stages:                      # shutdown by sentinel, stage by stage
  ///         for _ in stage.workers: stage.queue.put(None)
  ///         for w in stage.workers: w.join()
  mutating func startThreadPipeline() {
    let source = self.source.queue
    let first = stages[0].queue
    let starts = stages.indices.compactMap { k in stageWorkerPrograms[k].map { ($0, stages[k].kind == .process) } }  // every stage: no coroutines here
    let puts = stages.indices.map { queuePutCharge(StageID($0)) }
    let main = programs.add { p in
      for (k, (program, process)) in starts.enumerated() {  // for w in workers: w.start()
        let started = p.futureLabel()
        let next = p.label()
        p.emit(.jumpIf(.stageWorkersStarted(StageID(k)), started))
        p.emit(.pay(Charge(process ? .processStartParent : .threadStart)))
        p.emit(.startStageWorker(program, StageID(k), process ? .process : .thread))
        p.emit(.jump(next))
        p.place(started)
      }
      let shutdown = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, shutdown))
      p.emit(.take(source, limit: 1))  // for item in source:
      p.emit(.runStage(GroupID(0)))  //   produce(item)
      p.emit(.pay(puts[0]))
      p.emit(.offer(first))  //   queues[0].put(item)
      p.emit(.jump(next))
      p.place(shutdown)
      for k in starts.indices {
        let sent = p.futureLabel()
        let again = p.label()
        p.emit(.jumpIf(.sentinelsSent(StageID(k)), sent))
        p.emit(.pay(puts[k]))
        p.emit(.putSentinel(StageID(k)))  // q.put(None)
        p.emit(.jump(again))
        p.place(sent)
        p.emit(.joinStage(StageID(k)))  // for w in stage's workers: w.join()
      }
      p.emit(.exit)
    }
    startMainThread(main, name: "Main thread (producer)")
  }
}
