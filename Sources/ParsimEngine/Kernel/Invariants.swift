#if PARSIM_INTERNAL_CHECKS
  /// The engine's invariants, checked after events in debug builds (as swift-collections'
  /// `Heap._checkInvariants` under `COLLECTIONS_INTERNAL_CHECKS`); release builds skip them.
  extension Simulation {
    /// A full check costs time in proportion to the threads, cores, locks and queues: after
    /// every one of a run's first 20,000 events, and every one while the run has at most 64
    /// threads; after every 64th event beyond that (the Erlang C test's 64 threads and 100,000
    /// tasks would otherwise take 20 times as long).
    var checksEveryEvent: Bool { eventCount <= 20_000 || threads.count <= 64 && events.count <= 256 }

    func checkInvariants() {
      guard checksEveryEvent || eventCount & 63 == 0 else { return }
      events.checkHeapOrder()
      // Cores and threads agree; no more threads run than there are cores.
      for c in 0..<cores.count {
        if let t = cores.thread[c] {
          precondition(threads[t].core == CoreID(c), "core \(c) and thread \(t.raw) disagree")
        }
      }
      for i in threads.indices {
        let t = ThreadID(i)
        if let c = threads[t].core { precondition(cores.thread[c] == t, "thread \(i) thinks it has core \(c.raw)") }
        if threads[t].phase == .running { precondition(threads[t].core != nil, "thread \(i) runs without a core") }
        if threads[t].holdsGIL {
          precondition(interpreters[threads[t].interpreter.index].holder == t, "thread \(i) thinks it holds a GIL it does not")
        }
      }
      // One GIL holder per interpreter, who knows it; waiters are not the holder.
      for g in interpreters.indices {
        if let h = interpreters[g].holder {
          precondition(threads[h].holdsGIL, "GIL \(g)'s holder does not know it holds it")
          precondition(threads[h].interpreter.index == g, "GIL \(g) is held by another interpreter's thread")
          precondition(!interpreters[g].waiters.contains(h), "GIL \(g)'s holder waits for it")
        }
        precondition(interpreters[g].exists || interpreters[g].holder == nil, "a free-threaded interpreter has a GIL holder")
      }
      // A lock with coroutines waiting has an owner (asyncio.Lock hands over; a thread lock is free
      // a moment after a release while the woken thread comes to retry), and no one waits for a
      // lock twice or for one it holds.
      for id in 0..<locks.count where !locks.waiters[id].isEmpty {
        let waiters = locks.waiters[id]
        let coroutinesWait = waiters.contains { if case .coroutine = $0 { return true } else { return false } }
        precondition(!coroutinesWait || locks.owner[id] != nil, "lock \(id) has coroutines waiting and no owner")
        precondition(Set(waiters).count == waiters.count, "a holder waits twice for lock \(id)")
        if let o = locks.owner[id] { precondition(!waiters.contains(o), "lock \(id)'s owner waits for it") }
        for case .thread(let t) in waiters {
          precondition(threads[t].phase == .lockWait, "thread \(t.raw) waits for lock \(id) but is \(threads[t].phase)")
        }
      }
      // A thread blocked on a queue is blocked, and the queue it waits on has nothing for it.
      for q in queues.indices where !queues[q].waiters.isEmpty {
        for t in queues[q].waiters {
          precondition(threads[t].phase == .blocked, "thread \(t.raw) waits on queue \(q) but is \(threads[t].phase)")
        }
        precondition(queues[q].items.isEmpty, "queue \(q) has items and blocked getters")
      }
    }
  }

  extension EventQueue {
    /// Every parent is no later than its children.
    func checkHeapOrder() {
      for i in 1..<max(1, storage.count) {
        precondition(!(storage[i] < storage[(i - 1) >> 1]), "event heap out of order at \(i)")
      }
    }
  }
#endif
