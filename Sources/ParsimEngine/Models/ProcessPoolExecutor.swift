/// `process_pool` — `concurrent.futures.ProcessPoolExecutor`
/// (`Lib/concurrent/futures/process.py`).
///
/// `submit` puts a work item in `_pending_work_items` and wakes the executor's manager thread;
/// the manager keeps at most `max_workers + 1` calls on the call queue (a `multiprocessing.Queue`:
/// its `put` appends to a buffer that the queue's feeder thread pickles into the pipe), and
/// sets each future when its result comes back through the result queue.
extension Simulation {
  mutating func startProcessPoolExecutor() {
    let fork = model.startMethod == .fork
    let tasks = source.queue
    let executor = processPoolPrograms(.model)

    // The caller: fs = [executor.submit(task) for ...]; then each f.result() in order.
    let main = programs.add { p in
      let collect = p.futureLabel()
      let submit = p.futureLabel()
      // The first submit starts the executor (_start_executor_manager_thread): with fork every
      // worker first (gh-90622), then the manager thread.
      p.emit(.jumpIf(.sourceExhausted, collect))
      p.emit(.take(tasks, limit: Int32(clamping: model.chunksize)))
      p.startExecutor(executor, fork: fork)
      p.emit(.jump(submit))
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, collect))
      p.emit(.take(tasks, limit: Int32(clamping: model.chunksize)))
      p.place(submit)
      p.emit(.pay(Charge(.ppeSubmitCaller)))  // submit(): the work item, the manager's wake-up
      p.emit(.submit(executor.inbox))
      if !fork { p.adjustProcessCount(executor, then: next) }
      p.emit(.jump(next))
      p.place(collect)
      p.collectEveryResult(model)
    }
    startMainThread(main)
  }

  /// A process pool's queues and the programs of its workers, manager and feeder threads.
  struct ProcessPool {
    var executor: Executor
    /// `self._call_queue`'s buffer, which its feeder thread empties into the pipe.
    var callBuffer: QueueID
    /// `self._call_queue`'s pipe: calls on their way to the workers.
    var callQueue: QueueID
    /// The manager's wake-ups: new work items, and the result queue.
    var inbox: QueueID
    var worker: ProgramID
    var manager: ProgramID
    var feeder: ProgramID
  }

  mutating func processPoolPrograms(_ executor: Executor) -> ProcessPool {
    let callQueue = newQueue()
    let inbox = newQueue()
    let callBuffer = newQueue()
    // _process_worker(call_queue, result_queue, ...): while True: call_item = call_queue.get(); ...
    let worker = programs.add { p in
      p.emit(.pay(Charge(.processBoot)))
      p.loopUntilRunFinished { p in
        p.emit(.take(callQueue, limit: .max))  //   call_item = call_queue.get(block=True)
        p.emit(.pay(.receive(.arguments)))  //   read from the pipe, unpickled
        p.emit(.runTasks(completeEach: false))  //   r = call_item.fn(*call_item.args, ...)
        p.emit(.pay(Charge(.ppeWorkerCall, pickles: .results)))  //   _sendback_result(result_queue, ...); the loop's own work
        p.emit(.putResult(inbox))
      }
    }
    // _ExecutorManagerThread.run: while True: add_call_item_to_queue(); wait_result_broken_or_wakeup(); ...
    let manager = programs.add { p in
      let exit = p.futureLabel()
      let pending = p.futureLabel()
      let fill = p.futureLabel()
      let next = p.label()
      p.emit(.take(inbox, limit: .max))
      p.emit(.jumpIf(.itemIsCall, pending))
      p.emit(.pay(.receive(.results)))  // result_reader.recv()
      p.emit(.pay(Charge(.ppeResult, perTask: .poolPerItem)))  // process_result_item: the future's result
      p.emit(.setResults)
      p.emit(.workerIdle(executor))
      p.emit(.jumpIf(.runFinished, exit))
      p.emit(.jump(fill))
      p.place(pending)
      p.emit(.holdPendingCall)  // self._pending_work_items[id] = w
      p.place(fill)  // add_call_item_to_queue: while not call_queue.full()
      p.emit(.jumpIf(.noCallToSend(buffer: callBuffer, pipe: callQueue, executor), next))
      p.emit(.takePendingCall)
      p.emit(.pay(Charge(.ppeSend)))  //   call_queue.put(_CallItem(...)): into its buffer
      p.emit(.put(callBuffer))
      p.emit(.jump(fill))
      p.place(exit)
      p.emit(.exit)
    }
    // multiprocessing.Queue._feed: while True: obj = buffer.popleft(); send_bytes(dumps(obj))
    let feeder = programs.add { p in
      let next = p.label()
      p.emit(.take(callBuffer, limit: .max))
      p.emit(.pay(Charge(.ppeFeed, pickles: .arguments)))
      p.emit(.put(callQueue))
      p.emit(.jump(next))
    }
    return ProcessPool(executor: executor, callBuffer: callBuffer, callQueue: callQueue, inbox: inbox, worker: worker,
      manager: manager, feeder: feeder)
  }
}

extension ProgramBuilder {
  /// `_start_executor_manager_thread`: with fork every worker first (gh-90622), then the
  /// executor's queues and pipes, and its manager thread.
  mutating func startExecutor(_ pool: Simulation.ProcessPool, fork: Bool) {
    if fork { startEveryWorker(pool.worker, as: .process, paying: .processStartParent, of: pool.executor) }
    emit(.pay(Charge(.poolSetup)))
    emit(.pay(Charge(.threadStart)))
    emit(.startHelper(pool.manager, .managerThread))
    // The call queue's feeder thread: CPython's manager starts it at its first put; parsim
    // starts it here, beside the manager, the caller paying its start.
    emit(.pay(Charge(.threadStart)))
    emit(.startHelper(pool.feeder, .queueFeeder))
    emit(.executorStarts(pool.executor))
  }

  /// `_adjust_process_count` for spawn and forkserver: a worker when none is idle.
  mutating func adjustProcessCount(_ pool: Simulation.ProcessPool, then next: Label) {
    emit(.jumpIf(.idleWorkerAcquired(pool.executor), next))
    emit(.jumpIf(.allWorkersStarted(pool.executor), next))
    emit(.pay(Charge(.processStartParent)))
    emit(.startWorker(pool.worker, .process, pool.executor))
  }
}
