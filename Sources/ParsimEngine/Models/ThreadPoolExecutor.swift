/// `thread_pool` — `concurrent.futures.ThreadPoolExecutor` (`Lib/concurrent/futures/thread.py`)
/// — and `subinterpreters`, `InterpreterPoolExecutor` (3.14), the same executor whose workers
/// each run a subinterpreter with a GIL of its own.
extension Simulation {
  mutating func startThreadPoolExecutor() {
    let sub = model.kind == .subinterpreters
    let tasks = source.queue
    let pool = threadPoolPrograms(.model, subinterpreters: sub)

    // The caller: fs = [executor.submit(task) for task in tasks]; then each f.result() in order.
    let main = programs.add { p in
      let collect = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, collect))
      p.emit(.take(tasks, limit: 1))
      p.emit(.pay(Charge(.tpeSubmit, pickles: sub ? .arguments : .none)))  // submit(): the work item
      p.emit(.submit(pool.work))  //   self._work_queue.put(w)
      p.adjustThreadCount(pool, then: next)
      p.emit(.jump(next))
      p.place(collect)
      p.collectEveryResult(model)
    }
    startMainThread(main)
  }

  /// A thread pool's work queue and its workers' program.
  struct ThreadPool {
    var executor: Executor
    /// `self._work_queue = queue.SimpleQueue()`.
    var work: QueueID
    var worker: ProgramID
    var subinterpreters: Bool
  }

  mutating func threadPoolPrograms(_ executor: Executor, subinterpreters sub: Bool) -> ThreadPool {
    let work = newQueue(mergesSingles: true)
    // _worker(executor_reference, work_queue, initializer, initargs):
    let worker = programs.add { p in
      if sub { p.emit(.pay(Charge(.subinterpreterCreate))) }  // the worker's interpreter
      p.loopUntilRunFinished { p in  // while True:
        p.emit(.take(work, limit: 1))  //   work_item = work_queue.get(block=True)
        // the call, its result pickled and unpickled (no pipe: both charged to the worker)
        if sub { p.emit(.pay(Charge(.subinterpreterCall, pickles: .results, unpickles: .results))) }
        p.emit(.runTasks(completeEach: true))  //   work_item.run(): the future's result is set
        p.emit(.workerIdle(executor))  //   executor._idle_semaphore.release()
      }
    }
    return ThreadPool(executor: executor, work: work, worker: worker, subinterpreters: sub)
  }
}

extension ProgramBuilder {
  /// `_adjust_thread_count()`: reuse an idle worker, else start one up to `max_workers`.
  mutating func adjustThreadCount(_ pool: Simulation.ThreadPool, then next: Label) {
    emit(.jumpIf(.idleWorkerAcquired(pool.executor), next))  // if self._idle_semaphore.acquire(timeout=0): return
    emit(.jumpIf(.allWorkersStarted(pool.executor), next))  // if num_threads < self._max_workers:
    emit(.pay(Charge(.threadStart)))  //   t.start()
    emit(.startWorker(pool.worker, pool.subinterpreters ? .subinterpreter : .thread, pool.executor))
  }
}
