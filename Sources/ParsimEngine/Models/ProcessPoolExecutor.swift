/// `process_pool` — `concurrent.futures.ProcessPoolExecutor`
/// (`Lib/concurrent/futures/process.py`).
///
/// `submit` puts a work item in `_pending_work_items` and wakes the executor's manager thread;
/// the manager keeps at most `max_workers + 1` calls on the call queue (a pipe), and sets each
/// future when its result comes back through the result queue. The queue feeder thread is
/// folded into the manager here.
extension Simulation {
  mutating func startProcessPoolExecutor() {
    let fork = model.startMethod == .fork
    let tasks = source.queue
    let callQueue = newQueue()  // self._call_queue
    let managerInbox = newQueue()  // the manager's wake-ups: new work items, and the result queue

    // _process_worker(call_queue, result_queue, ...): while True: call_item = call_queue.get(); ...
    let worker = programs.add { p in
      p.emit(.pay(Charge(.processBoot)))
      p.loopUntilRunFinished { p in
        p.emit(.take(callQueue, limit: .max))  //   call_item = call_queue.get(block=True)
        p.emit(.runTasks(completeEach: false))  //   r = call_item.fn(*call_item.args, ...)
        p.emit(.pay(Charge(.none, pickles: .results)))  //   _sendback_result(result_queue, ...)
        p.emit(.putResult(managerInbox))
      }
    }

    // _ExecutorManagerThread.run: while True: add_call_item_to_queue(); wait_result_broken_or_wakeup(); ...
    let manager = programs.add { p in
      let exit = p.futureLabel()
      let pending = p.futureLabel()
      let fill = p.futureLabel()
      let next = p.label()
      p.emit(.take(managerInbox, limit: .max))
      p.emit(.jumpIf(.itemIsCall, pending))
      p.emit(.pay(Charge(.ppeResult, perTask: .poolPerItem)))  // process_result_item: the future's result
      p.emit(.setResults)
      p.emit(.callReturned)
      p.emit(.workerIdle)
      p.emit(.jumpIf(.runFinished, exit))
      p.emit(.jump(fill))
      p.place(pending)
      p.emit(.holdPendingCall)  // self._pending_work_items[id] = w
      p.place(fill)  // add_call_item_to_queue: while not call_queue.full()
      p.emit(.jumpIf(.noCallToSend, next))
      p.emit(.takePendingCall)
      p.emit(.pay(Charge(.ppeSend, pickles: .arguments)))  //   call_queue.put(_CallItem(...))
      p.emit(.sendCall(callQueue))
      p.emit(.jump(fill))
      p.place(exit)
      p.emit(.exit)
    }

    // The caller: fs = [executor.submit(task) for ...]; then each f.result() in order.
    let main = programs.add { p in
      let collect = p.futureLabel()
      let submit = p.futureLabel()
      // The first submit starts the executor (_start_executor_manager_thread): with fork every
      // worker first (gh-90622), then the manager thread.
      p.emit(.jumpIf(.sourceExhausted, collect))
      p.emit(.take(tasks, limit: Int32(clamping: model.chunksize)))
      if fork { p.startEveryWorker(worker, as: .process, paying: .processStartParent) }
      p.emit(.pay(Charge(.poolSetup)))  // the executor's queues and pipes
      p.emit(.pay(Charge(.threadStart)))
      p.emit(.startHelper(manager, .managerThread))
      p.emit(.jump(submit))
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, collect))
      p.emit(.take(tasks, limit: Int32(clamping: model.chunksize)))
      p.place(submit)
      p.emit(.pay(Charge(.ppeSubmitCaller)))  // submit(): the work item, the manager's wake-up
      p.emit(.submit(managerInbox))
      if !fork {
        // _adjust_process_count(), spawn and forkserver: a worker when none is idle
        p.emit(.jumpIf(.idleWorkerAcquired, next))
        p.emit(.jumpIf(.allWorkersStarted, next))
        p.emit(.pay(Charge(.processStartParent)))
        p.emit(.startWorker(worker, .process))
      }
      p.emit(.jump(next))
      p.place(collect)
      p.emit(.collectResults)
      p.emit(.exit)
    }
    startMainThread(main)
  }
}
