/// `thread_pool` — `concurrent.futures.ThreadPoolExecutor` (`Lib/concurrent/futures/thread.py`)
/// — and `subinterpreters`, `InterpreterPoolExecutor` (3.14), the same executor whose workers
/// each run a subinterpreter with a GIL of its own.
extension Simulation {
  mutating func startThreadPoolExecutor() {
    let sub = model.kind == .subinterpreters
    let workQueue = newQueue(mergesSingles: true)  // self._work_queue = queue.SimpleQueue()
    let tasks = source.queue

    // _worker(executor_reference, work_queue, initializer, initargs):
    let worker = programs.add { p in
      if sub { p.emit(.pay(Charge(.subinterpreterCreate))) }  // the worker's interpreter
      p.loopUntilRunFinished { p in  // while True:
        p.emit(.take(workQueue, limit: 1))  //   work_item = work_queue.get(block=True)
        if sub { p.emit(.pay(Charge(.subinterpreterCall, pickles: .results))) }  // the call, its result
        p.emit(.runTasks(completeEach: true))  //   work_item.run(): the future's result is set
        p.emit(.workerIdle)  //   executor._idle_semaphore.release()
      }
    }

    // The caller: fs = [executor.submit(task) for task in tasks]; then each f.result() in order.
    let main = programs.add { p in
      let collect = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, collect))
      p.emit(.take(tasks, limit: 1))
      p.emit(.pay(Charge(.tpeSubmit, pickles: sub ? .arguments : .none)))  // submit(): the work item
      p.emit(.submit(workQueue))  //   self._work_queue.put(w)
      // _adjust_thread_count():
      p.emit(.jumpIf(.idleWorkerAcquired, next))  //   if self._idle_semaphore.acquire(timeout=0): return
      p.emit(.jumpIf(.allWorkersStarted, next))  //   if num_threads < self._max_workers:
      p.emit(.pay(Charge(.threadStart)))  //     t.start()
      p.emit(.startWorker(worker, sub ? .subinterpreter : .thread))
      p.emit(.jump(next))
      p.place(collect)
      p.emit(.collectResults)  // for f in fs: f.result()
      p.emit(.exit)
    }
    startMainThread(main)
  }
}
