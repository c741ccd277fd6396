/// `asyncio`: `asyncio.gather` of one coroutine per task (`Lib/asyncio/base_events.py`),
/// each behind an `asyncio.Semaphore(limit)` when the model has a `limit`.
///
/// The loop thread's program is `BaseEventLoop._run_once`: create the tasks that arrived
/// (`create_task`), else step the next ready coroutine (`_ready.popleft()` and one
/// `asyncio_step`), else wait in the selector for a timer or an arrival.
extension Simulation {
  mutating func startAsyncio() {
    let arrivals = source.queue
    queues[arrivals.index].wakesWithoutLatency = true  // the selector wakes the loop itself
    if let limit = model.limit { loop.admission = Semaphore(value: limit) }
    let main = programs.add { p in
      let ready = p.futureLabel()
      let idle = p.futureLabel()
      let exit = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.nothingArrived, ready))
      p.emit(.take(arrivals, limit: 1))
      p.emit(.pay(Charge(.asyncioTaskCreate)))  // loop.create_task(coro)
      p.emit(.createTask)
      p.emit(.jump(next))
      p.place(ready)
      p.emit(.jumpIf(.noCoroutineReady, idle))
      p.emit(.takeReadyCoroutine)  // handle = self._ready.popleft()
      p.emit(.pay(Charge(.asyncioStep)))  // handle._run()
      p.emit(.stepCoroutine)
      p.emit(.jump(next))
      p.place(idle)
      p.emit(.jumpIf(.runFinished, exit))
      p.emit(.select)  // event_list = self._selector.select(timeout)
      p.emit(.jump(next))
      p.place(exit)
      p.emit(.exit)
    }
    let t = newThread(main, interpreter: .main, name: "Event loop")
    loop.thread = t
    advance(t)
  }
}
