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
        if !dummy { p.emit(.pay(.receive(.arguments))) }  //   read from the pipe, unpickled
        p.emit(.runTasks(completeEach: false))  //   result = (True, func(*args, **kwds))
        if !dummy { p.emit(.pay(Charge(.poolWorkerCall, pickles: .results))) }  // the loop's own work; pickled into the pipe
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
        if !dummy { p.emit(.pay(.receive(.results))) }  // the pipe's bytes read, the GIL released
        p.emit(.pay(dummy ? Charge(.none, perTask: .poolPerItem) : Charge(.poolResultReceive, perTask: .poolReceivePerItem)))
        // Connection._recv_bytes reads the 4-byte header, unpacks it in Python (the GIL taken
        // back), then reads the payload: the pipe stays readable until the result handler has
        // had the GIL, counted here after its Python for the result.
        if !dummy { p.emit(.messageRead(outqueue)) }
        p.emit(.setResults)
      }
    }

    // Pool._handle_workers: while ...: _maintain_pool(); wait([*worker sentinels, outqueue._reader,
    // change_notifier._reader]): it wakes on every result, and loops until the result handler
    // has read it.
    let workerHandler = programs.add { p in
      let wait = p.label()
      p.emit(.waitForMessage(outqueue))
      let pass = p.label()
      // _maintain_pool(); the sentinels; wait(): at once while a result is unread. Its CPU is
      // charged without the GIL: the pass drops it in each of its system calls (a waitpid per
      // worker, two polls), where a thread waiting for it takes it within microseconds in
      // CPython; a deterministic simulation of those short releases would phase-lock that
      // waiter out until a forced switch.
      p.emit(.pay(.withoutGIL(.poolMaintain)))
      p.emit(.jumpIf(.pipeReadable(outqueue), pass))
      p.emit(.jump(wait))
    }

    // with Pool(processes) as pool: pool.map(task, tasks, chunksize)  (apply_async as tasks arrive)
    let streaming = model.streaming
    let main = programs.add { p in
      // Pool.__init__: self._repopulate_pool(): w.start() for each worker
      p.startEveryWorker(worker, as: dummy ? .thread : .process, paying: dummy ? .threadStart : .processStartParent)
      if !dummy { p.emit(.pay(Charge(.poolSetup))) }  // its queues, pipes and locks
      if dummy {
        p.emit(.pay(Charge(.threadStartedUnsimulated)))  // _worker_handler: waits on its change notifier only
      } else {
        p.emit(.pay(Charge(.threadStart)))  // _worker_handler
        p.emit(.startHelper(workerHandler, .workerHandler))
      }
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
