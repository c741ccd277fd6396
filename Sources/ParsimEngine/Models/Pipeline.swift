import ParsimScenario

/// A pipeline (`pipeline:`) under each model that applies: the items from the source through
/// every stage, joined by queues.
///
/// - `serial`: one loop, each item through every stage in turn.
/// - `threading`, `free_threading`: a thread per stage worker and `queue.Queue(maxsize)`s
///   (`ThreadPipeline`, below).
/// - `multiprocessing`: a `multiprocessing.Process` per stage worker and
///   `multiprocessing.Queue(maxsize)`s, items pickled (the same program, other costs).
///
/// asyncio (coroutines on `asyncio.Queue`s) is not simulated yet: the loader refuses it.
extension Simulation {
  mutating func startPipeline() {
    guard let shapes = workload.stages else { return }
    stages = shapes.map { StageState(queue: newQueue(maxsize: $0.maxsize)) }
    stageStats = shapes.map { _ in StageStats() }
    for k in stages.indices { queues[stages[k].queue.index].stage = Int32(k) }
    switch model.kind {
    case .serial: startSerialPipeline()
    case .multiprocessing: startThreadPipeline(processes: true)
    default: startThreadPipeline(processes: false)
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

  /// Threads (or processes) joined by queues:
  ///
  ///     def worker(inbox, outbox):                # each stage's workers
  ///         while (item := inbox.get()) is not None:
  ///             stage(item)
  ///             outbox.put(item)                  # the last stage: the item is done
  ///     workers = [Thread(target=worker, ...) for each stage, for each of its workers]
  ///     for w in workers: w.start()
  ///     for item in source:                       # the main thread produces
  ///         produce(item); queues[0].put(item)
  ///     for stage in stages:                      # shutdown by sentinel, stage by stage
  ///         for _ in stage.workers: stage.queue.put(None)
  ///         for w in stage.workers: w.join()
  ///
  /// `multiprocessing.Queue.put` pickles the item (its feeder thread writes it to the pipe),
  /// `get` reads and unpickles it; `queue.Queue` moves a reference.
  mutating func startThreadPipeline(processes: Bool) {
    let shapes = workload.stages ?? []
    let put = processes ? Charge(.mpQueuePut, pickles: .arguments) : Charge(.queuePut)
    let get = processes ? Charge(.mpQueueGet) : Charge(.queueGet)
    let kind: Worker = processes ? .process : .thread
    var workers: [ProgramID] = []
    for (k, shape) in shapes.enumerated() {
      let inbox = stages[k].queue
      let outbox = k + 1 < stages.count ? stages[k + 1].queue : nil
      workers.append(programs.add { p in
        if processes { p.emit(.pay(Charge(.processBoot))) }  // the child starts up
        let exit = p.futureLabel()
        let next = p.label()
        p.emit(.take(inbox, limit: 1))  // item = inbox.get()
        p.emit(.pay(get))
        p.emit(.jumpIf(.itemIsSentinel, exit))  // is None: break
        p.emit(.runStage(GroupID(shape.group)))
        if let outbox {
          p.emit(.pay(put))
          p.emit(.offer(outbox))  // outbox.put(item)
        } else {
          p.emit(.itemLeaves)
        }
        p.emit(.jump(next))
        p.place(exit)
        p.emit(.stageWorkerExits(StageID(k)))
        p.emit(.exit)
      })
    }
    let source = self.source.queue
    let first = stages[0].queue
    let main = programs.add { p in
      for k in shapes.indices {  // for w in workers: w.start()
        let started = p.futureLabel()
        let next = p.label()
        p.emit(.jumpIf(.stageWorkersStarted(StageID(k)), started))
        p.emit(.pay(Charge(processes ? .processStartParent : .threadStart)))
        p.emit(.startStageWorker(workers[k], StageID(k), kind))
        p.emit(.jump(next))
        p.place(started)
      }
      let shutdown = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, shutdown))
      p.emit(.take(source, limit: 1))  // for item in source:
      p.emit(.runStage(GroupID(0)))  //   produce(item)
      p.emit(.pay(put))
      p.emit(.offer(first))  //   queues[0].put(item)
      p.emit(.jump(next))
      p.place(shutdown)
      for k in shapes.indices {
        let sent = p.futureLabel()
        let again = p.label()
        p.emit(.jumpIf(.sentinelsSent(StageID(k)), sent))
        p.emit(.pay(put))
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
