/// `asyncio`: `asyncio.gather` of one coroutine per task (`Lib/asyncio/base_events.py`),
/// each behind an `asyncio.Semaphore(limit)` when the model has a `limit`.
///
/// The loop thread's program is `BaseEventLoop._run_once`: create the tasks that arrived
/// (`create_task`), else step the next ready coroutine (`_ready.popleft()` and one
/// `asyncio_step`), else wait in the selector for a timer or an arrival. A coroutine that
/// reaches an `offload` step awaits `loop.run_in_executor`: the loop submits its steps to the
/// default thread executor (`asyncio.to_thread`) or to a process pool, and steps other
/// coroutines until the executor sets the future.
///
/// For a pipeline whose stages run in coroutines (`forPipeline`) the loop creates no task per
/// arrival: `asyncio.run(main())` runs the producer coroutine, which starts the workers and
/// takes each item itself, waiting in the selector for the next to arrive
/// (`PipelineCoroutine.swift`).
extension Simulation {
  mutating func startAsyncio(forPipeline: Bool = false) {
    let arrivals = source.queue
    queues[arrivals.index].wakesWithoutLatency = true  // the selector wakes the loop itself
    if let limit = model.limit { loop.admission = Semaphore(value: limit) }
    tasks.offloads = true
    // The loop's default executor: ThreadPoolExecutor() of min(32, cores + 4) threads.
    let threads = workload.offloadsToThreads ? threadPoolPrograms(.asyncioThreads, subinterpreters: false) : nil
    let processes = workload.offloadsToProcesses ? processPoolPrograms(.asyncioProcesses) : nil
    let fork = model.startMethod == .fork
    let main = programs.add { p in
      let ready = p.futureLabel()
      let idle = p.futureLabel()
      let exit = p.futureLabel()
      let offload = p.futureLabel()
      let next = p.label()
      if forPipeline {
        p.emit(.jumpIf(.noArrivalForProducer, ready))
        p.emit(.handArrivalToProducer)
      } else {
        p.emit(.jumpIf(.nothingArrived, ready))
        p.emit(.take(arrivals, limit: 1))
        p.emit(.pay(Charge(.asyncioTaskCreate)))  // loop.create_task(coro)
        p.emit(.createTask)
      }
      p.emit(.jump(next))
      p.place(ready)
      p.emit(.jumpIf(.noCoroutineReady, idle))
      p.emit(.takeReadyCoroutine)  // handle = self._ready.popleft()
      p.emit(.pay(Charge(.asyncioStep)))  // handle._run()
      p.emit(.stepCoroutine)
      p.emit(.jumpIf(.noOffloadRequested, next))
      p.emit(.jump(offload))
      p.place(idle)
      p.emit(.jumpIf(.loopDone, exit))
      p.emit(.select)  // event_list = self._selector.select(timeout)
      p.emit(.jump(next))
      // loop.run_in_executor(executor, func): executor.submit(func), wrapped in a future.
      p.place(offload)
      if let threads {
        let notThreads = p.futureLabel()
        p.emit(.jumpIf(.offloadToProcesses, notThreads))
        p.emit(.pay(Charge(.tpeSubmit)))
        p.emit(.submitOffload(threads.work))
        p.adjustThreadCount(threads, then: next)
        p.emit(.jump(next))
        p.place(notThreads)
      }
      if let processes {
        let started = p.futureLabel()
        p.emit(.jumpIf(.executorStarted(.asyncioProcesses), started))
        p.startExecutor(processes, fork: fork)
        p.place(started)
        p.emit(.pay(Charge(.ppeSubmitCaller)))
        p.emit(.submitOffload(processes.inbox))
        if !fork { p.adjustProcessCount(processes, then: next) }
      }
      p.emit(.jump(next))
      p.place(exit)
      p.emit(.exit)
    }
    let t = newThread(main, interpreter: .main, name: "Event loop")
    loop.thread = t
    if forPipeline { loop.producer = newPipelineCoroutine(.producer, name: "main() · producer") }
    advance(t)
  }
}
