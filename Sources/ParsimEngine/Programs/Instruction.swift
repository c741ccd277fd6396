/// One step of a thread program: plain data, so that the interpreter's loop allocates nothing.
///
/// A model builds, for the caller and for every helper thread and process, a short program of
/// these (`Models/`), reading side by side with the stdlib code it stands for. The interpreter
/// (`Interpreter.swift`) runs a thread's program until an instruction takes time; the thread
/// resumes there when that time is over. An instruction that blocks (`take` on an empty
/// queue, `collectResults` before the next result) runs again when the thread wakes.
enum Instruction: Sendable {
  // Control
  /// Go on at a label.
  case jump(Label)
  /// Go on at a label when the condition holds, else at the next instruction.
  case jumpIf(Condition, Label)
  /// The thread ends.
  case exit

  // Work
  /// Overhead the thread pays holding the GIL (when its interpreter has one): a submit, a
  /// thread start, pickling a chunk.
  case pay(Charge)
  /// Run the tasks of the thread's item, in order; `completeEach`: each result is back in the
  /// caller as the task ends (threads of the caller's process; not a worker process).
  case runTasks(completeEach: Bool)

  // Queues
  /// `q.get()`: take up to `limit` tasks from the queue into the thread's item, or block.
  case take(QueueID, limit: Int32)
  /// `q.put(item)`: the thread's item.
  case put(QueueID)
  /// `q.put(result)`: the thread's item, finished.
  case putResult(QueueID)
  /// Pool's `map`: every task, cut into chunks of `chunksize`, onto the queue at once.
  case putChunks(QueueID)
  /// `multiprocessing.connection.wait` on the queue's pipe: until the next message is put on
  /// it, without reading it (`Primitives/ConnectionWait.swift`).
  case waitForMessage(QueueID)
  /// The thread has read the message it took from the queue's pipe to its end: the pipe is
  /// readable no longer for it.
  case messageRead(QueueID)

  // Pipelines (`Primitives/Stage.swift`)
  /// Run the steps of group `GroupID` (the producer's work, or a stage's) for the thread's item.
  case runStage(GroupID)
  /// `q.put(item)` on a bounded queue: blocks while it is full.
  case offer(QueueID)
  /// The thread's item has left the last stage.
  case itemLeaves
  /// `q.put(None)` for the next worker of the stage (blocks while the queue is full).
  case putSentinel(StageID)
  /// The worker is done with its stage (it took a sentinel).
  case stageWorkerExits(StageID)
  /// `for w in workers: w.join()` for a stage's workers.
  case joinStage(StageID)
  /// Start the stage's next worker: a thread or a process.
  case startStageWorker(ProgramID, StageID, Worker)

  // Threads and processes
  /// Start the next worker (numbered from 1): a thread of this process, a thread with its
  /// own subinterpreter, or a process.
  case startWorker(ProgramID, Worker, Executor)
  /// Start a named helper thread of the pool or executor in this process.
  case startHelper(ProgramID, Helper)

  // Futures and results
  /// `submit()`: the caller records the future and puts the work item on the queue.
  case submit(QueueID)
  /// The thread's item's results are back in the caller (a result handler sets them).
  case setResults
  /// `join()` / `map()`'s `get()`: the caller waits for every result.
  case join
  /// The caller takes each result in submission order (`Executor.map`).
  case collectResults
  /// The caller takes its next result in its `api`'s order (blocking until it is back).
  case takeResult
  /// The caller runs its `on_result` steps for that result.
  case runOnResult
  /// Every result is back in the caller and taken: the run ends.
  case finishRun
  /// A worker is idle: `ThreadPoolExecutor`'s `_idle_semaphore.release()`, or a
  /// `ProcessPoolExecutor` worker back from a call.
  case workerIdle(Executor)
  /// The executor has started (its first submit created its workers and manager thread).
  case executorStarts(Executor)

  // ProcessPoolExecutor's manager thread
  /// A submitted work item waits in `_pending_work_items` for room in the call queue.
  case holdPendingCall
  /// The next pending call becomes the thread's item.
  case takePendingCall

  // The asyncio event loop
  /// `create_task` for the arrived task in the thread's item.
  case createTask
  /// The loop takes the next ready coroutine (`_ready.popleft()`).
  case takeReadyCoroutine
  /// Run the current coroutine until it awaits or ends.
  case stepCoroutine
  /// `loop.run_in_executor(executor, func)`: the coroutine's offloaded steps onto the queue.
  case submitOffload(QueueID)
  /// The loop waits in its selector for a timer or an arrival.
  case select
  /// The item that arrived goes back to the source for the pipeline's `main()` coroutine,
  /// which waited for it and is ready again.
  case handArrivalToProducer
}

/// A place in a program being built; resolved to an instruction index when the program ends.
struct Label: Hashable, Sendable {
  var raw: Int32
}

/// What a `jumpIf` tests.
enum Condition: Sendable {
  /// Every task has been taken from the source, and the thread holds none.
  case sourceExhausted
  /// The run has ended: every result is back.
  case runFinished
  /// As many workers as the executor has have been started.
  case allWorkersStarted(Executor)
  /// `_idle_semaphore.acquire(timeout=0)` succeeds (it takes the unit).
  case idleWorkerAcquired(Executor)
  /// The executor has started.
  case executorStarted(Executor)
  /// The coroutine just stepped did not ask to offload.
  case noOffloadRequested
  /// It asked to offload to the process pool.
  case offloadToProcesses
  /// The thread's item is a new call, not a result.
  case itemIsCall
  /// `wait()` on the queue's pipe returns at once (a message is in it, not yet read to its end),
  /// and a pass of the waiter's loop costs something (`pool_maintain` is not 0).
  case pipeReadable(QueueID)
  /// No call is pending, or the call queue is full: `max_workers + 1` calls put on it that no
  /// worker has taken yet (`_call_queue = _SafeQueue(max_size=max_workers + EXTRA_QUEUED_CALLS)`).
  case noCallToSend(buffer: QueueID, pipe: QueueID, Executor)
  /// No task has arrived for the loop to create.
  case nothingArrived
  /// No arrival waits for a pipeline's producer: none handed to the loop by its selector, and
  /// none queued while the producer waits for one (its `asyncio.sleep` timer is due).
  case noArrivalForProducer
  /// The loop has nothing left to run: every result is back, or a pipeline's `main()` returned.
  case loopDone
  /// No coroutine is ready to run.
  case noCoroutineReady
  /// The collecting caller has taken every result.
  case allResultsTaken
  /// The thread took a sentinel (`None`) from its queue.
  case itemIsSentinel
  /// Every worker of the stage has been started.
  case stageWorkersStarted(StageID)
  /// A sentinel has been put for every worker of the stage.
  case sentinelsSent(StageID)
}

/// What kind of worker `startWorker` starts.
enum Worker: Sendable {
  /// A thread of this process (threading, ThreadPoolExecutor, multiprocessing.dummy).
  case thread
  /// A thread with a subinterpreter of its own (InterpreterPoolExecutor).
  case subinterpreter
  /// A process with its own interpreter (Pool, ProcessPoolExecutor).
  case process
}

/// The helper threads of pools and executors, by their stdlib names.
enum Helper: Sendable {
  /// `Pool._handle_tasks`.
  case taskHandler
  /// `Pool._handle_results`.
  case resultHandler
  /// `Pool._handle_workers`.
  case workerHandler
  /// `ProcessPoolExecutor`'s `_ExecutorManagerThread`.
  case managerThread
  /// The feeder thread of `ProcessPoolExecutor`'s call queue (`multiprocessing.Queue._feed`).
  case queueFeeder

  var title: String {
    switch self {
    case .taskHandler: return "Task handler"
    case .resultHandler: return "Result handler"
    case .workerHandler: return "Worker handler"
    case .managerThread: return "Manager thread"
    case .queueFeeder: return "Queue feeder"
    }
  }
}
