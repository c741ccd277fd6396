/// `multiprocessing` — `multiprocessing.Pool` (`Lib/multiprocessing/pool.py`) — and
/// `dummy_pool`, `multiprocessing.dummy.Pool`: the same pool with threads for workers.
///
/// The caller's `map` cuts the list into chunks onto `_taskqueue`; the task handler thread
/// pickles each chunk into `_inqueue`, the pipe the workers read; each worker runs a chunk
/// and sends its results through `_outqueue`, which the result handler thread reads and sets.
extension Simulation {
  mutating func startPool() {
    let dummy = model.kind == .dummyPool
    let tasks = source.queue
    let taskQueue = newQueue()  // self._taskqueue = queue.SimpleQueue()
    let inqueue = newQueue()  // self._inqueue: a pipe (a queue for dummy)
    let outqueue = newQueue()  // self._outqueue

    // worker(inqueue, outqueue, ...): while True: task = get(); result = func(*args); put(result)
    let worker = programs.add { p in
      if !dummy { p.emit(.pay(Charge(.processBoot))) }  // the child starts up
      p.loopUntilRunFinished { p in
        p.emit(.take(inqueue, limit: .max))  //   task = get()   (a whole chunk)
        if !dummy { p.emit(.pay(Charge(.none, unpickles: .arguments))) }  //   read from the pipe, unpickled
        p.emit(.runTasks(completeEach: false))  //   result = (True, func(*args, **kwds))
        if !dummy { p.emit(.pay(Charge(.none, pickles: .results))) }  // pickled into the pipe
        p.emit(.putResult(outqueue))  //   put((job, i, result))
      }
    }

    // Pool._handle_tasks: for task in iter(taskqueue.get, None): put(task)
    let taskHandler = programs.add { p in
      let next = p.label()
      p.emit(.take(taskQueue, limit: .max))
      p.emit(.pay(dummy ? Charge(.tpeSubmit) : Charge(.poolTaskSend, perTask: .poolSendPerItem, pickles: .arguments)))
      p.emit(.put(inqueue))
      p.emit(.jump(next))
    }

    // Pool._handle_results: while 1: task = get(); cache[job]._set(i, obj)
    let resultHandler = programs.add { p in
      p.loopUntilRunFinished { p in
        p.emit(.take(outqueue, limit: .max))
        p.emit(.pay(dummy ? Charge(.none, perTask: .poolPerItem)
          : Charge(.poolResultReceive, perTask: .poolReceivePerItem, unpickles: .results)))
        p.emit(.setResults)
      }
    }

    // with Pool(processes) as pool: pool.map(task, tasks, chunksize)  (apply_async as tasks arrive)
    let streaming = model.streaming
    let main = programs.add { p in
      // Pool.__init__: self._repopulate_pool(): w.start() for each worker
      p.startEveryWorker(worker, as: dummy ? .thread : .process, paying: dummy ? .threadStart : .processStartParent)
      if !dummy { p.emit(.pay(Charge(.poolSetup))) }  // its queues, pipes and locks
      p.emit(.pay(Charge(.threadStartedUnsimulated)))  // _worker_handler (replaces workers that exit: not simulated)
      p.emit(.pay(Charge(.threadStart)))  // _task_handler
      p.emit(.startHelper(taskHandler, .taskHandler))
      p.emit(.pay(Charge(.threadStart)))  // _result_handler
      p.emit(.startHelper(resultHandler, .resultHandler))
      let join = p.futureLabel()
      if streaming {
        let next = p.label()  // for each arrival: pool.apply_async(task, (t,))
        p.emit(.jumpIf(.sourceExhausted, join))
        p.emit(.take(tasks, limit: 1))
        p.emit(.pay(Charge(.applyAsyncCaller)))
        p.emit(.submit(taskQueue))
        p.emit(.jump(next))
      } else {
        p.emit(.putChunks(taskQueue))  // _map_async: self._taskqueue.put(task_batches)
      }
      p.place(join)
      if model.collectsResults {
        p.takeEveryResult()  // for r in pool.imap(...) (or map's list, or each .get()): on_result(r)
      } else {
        p.emit(.join)  // .get(): wait for every result
      }
    }
    startMainThread(main)
  }
}
