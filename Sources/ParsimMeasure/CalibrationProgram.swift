/// The Python program `parsim calibrate` runs: it measures this machine's costs with the standard
/// library (reference/cpython-model.md §2 shows how each was measured first) and prints them as
/// JSON; progress lines go to stderr.
enum CalibrationProgram {
  static let source = PythonPrelude.resetSignals + "\n\n" + #"""
# parsim calibration program (run by `parsim calibrate`): measures this machine's costs with the
# standard library, several repetitions each, and prints the medians as JSON on stdout. Progress
# goes to stderr. Figures follow reference/cpython-model.md §2.
# At module level it imports what `parsim measure`'s program does, no more: a spawned or
# fork-server child imports this module again, and its start is timed.
import json
import os
import sys
import threading
import time

now = time.perf_counter_ns
STEPS = 15  # the last "step" prints done
_step = [0]


def progress(what):
    _step[0] += 1
    print(f"calibrate: [{_step[0]}/{STEPS}] {what}", file=sys.stderr, flush=True)


def noop(*args):
    return None


def say_started(conn):
    """A new process's first line: it tells the parent it runs (then exits)."""
    conn.send(None)


def receive_stream(conn, report, n):
    """Reads and unpickles n payloads; reports the wall time per payload from the first on."""
    from multiprocessing.reduction import ForkingPickler
    ForkingPickler.loads(conn.recv_bytes())
    s = now()
    for _ in range(n - 1):
        ForkingPickler.loads(conn.recv_bytes())
    report.send((now() - s) / (n - 1))


def spin_loop(n):
    i = 0
    while i < n:
        i += 1


def process_cpu_ns(pids):
    """The CPU time (user + system) the processes have used, in ns, from /proc (in clock ticks of
    10 ms: measure over seconds): None where /proc is missing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += int(fields[11]) + int(fields[12])
    return total * 1_000_000_000 // tick


def pinned_loop(n, report):
    """A Python loop pinned to the first CPU: reports its own CPU time and preemptions."""
    import resource
    os.sched_setaffinity(0, {0})
    time.sleep(0.05)
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    x = 0
    for i in range(n):
        x += i * i % 7
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    report.send((cpu * 1e9, r1.ru_nivcsw - r0.ru_nivcsw))


def pinned_waker(stop):
    """Pinned to the first CPU: wakes every 200 µs and runs 20 µs of Python."""
    os.sched_setaffinity(0, {0})
    d = {}
    while not stop.is_set():
        time.sleep(0.0002)
        end = time.thread_time() + 0.00002
        while time.thread_time() < end:
            d[len(d) % 512] = [1, 2, 3]


def median_of(reps, fn):
    import statistics
    return statistics.median(fn() for _ in range(reps))


def main(quick):
    import asyncio
    import hashlib
    import multiprocessing as mp
    import statistics
    reps = 3 if quick else 7
    out = {"python": sys.version.split()[0], "cpu_count": os.cpu_count()}
    # Warm up: a fresh interpreter runs Python slower for its first tens of milliseconds.
    end = now() + 300_000_000
    while now() < end:
        spin_loop(10_000)

    progress("pure-Python loop rate")
    def loop():
        n = 2_000_000
        s = now()
        spin_loop(n)
        return n / (now() - s)
    out["loop_iterations_per_ns"] = median_of(reps, loop)

    progress("hashlib rate (sha256, GIL released)")
    buf = bytes(8 << 20)
    def hashing():
        s = now()
        hashlib.sha256(buf).digest()
        return len(buf) / (now() - s)
    out["hash_bytes_per_ns"] = median_of(reps, hashing)

    progress("switch interval and sleep overshoot")
    out["switch_interval"] = int(sys.getswitchinterval() * 1e9)
    def sleep1():
        s = now()
        time.sleep(0.001)
        return now() - s - 1_000_000
    out["sleep_overshoot"] = int(statistics.median(sleep1() for _ in range(100 if quick else 300)))

    progress("thread start")
    # Thread.start() is the caller's _start_new_thread (thread_start), then the new thread's
    # bootstrap up to self._started.set() (thread_boot: what it adds before run() against a raw
    # thread's first line), with a wake-up on either side.
    import _thread
    firsts = []

    def raw_first():
        firsts.append(now())

    def raw_start():
        s = now()
        _thread.start_new_thread(raw_first, ())
        back = now() - s
        time.sleep(0.0005)
        return back, firsts[-1] - s

    class Marked(threading.Thread):
        def run(self):
            self.began = now()

    def thread_start():
        t = Marked()
        s = now()
        t.start()
        t.join()
        return t.began - s

    reps = 100 if quick else 300
    raw = [raw_start() for _ in range(reps)]
    out["thread_start"] = int(statistics.median(r[0] for r in raw))
    first = statistics.median(r[1] for r in raw)
    out["thread_boot"] = int(max(0, statistics.median(thread_start() for _ in range(reps)) - first))

    progress("thread wake-up (queue ping-pong)")
    import queue
    a, b = queue.SimpleQueue(), queue.SimpleQueue()
    def echo():
        while True:
            x = a.get()
            if x is None:
                return
            b.put(x)
    t = threading.Thread(target=echo)
    t.start()
    n = 1000 if quick else 3000
    s = now()
    for i in range(n):
        a.put(i)
        b.get()
    out["wakeup"] = int((now() - s) / n / 2)
    a.put(None)
    t.join()

    progress("ThreadPoolExecutor.submit")
    import concurrent.futures as cf
    def tpe():
        with cf.ThreadPoolExecutor(2) as ex:
            n = 5000
            s = now()
            fs = [ex.submit(noop) for _ in range(n)]
            for f in fs:
                f.result()
            return (now() - s) / n
    out["tpe_submit"] = int(median_of(3, tpe))

    progress("process start: fork")
    fork = mp.get_context("fork")
    def proc(ctx):
        # Until the child runs its first line, as the costs mean (a process until it can take a
        # task), not until it has exited: a spawned interpreter's shutdown is not its start.
        r, w = ctx.Pipe(duplex=False)
        p = ctx.Process(target=say_started, args=(w,))
        s = now()
        p.start()
        started = now()
        r.recv()
        running = now()
        p.join()
        return running - s, started - s
    runs = [proc(fork) for _ in range(5 if quick else 10)]
    out["process_start_fork"] = int(statistics.median(r[0] for r in runs))
    out["process_start_parent"] = int(statistics.median(r[1] for r in runs))

    progress("process start: spawn")
    spawn = mp.get_context("spawn")
    out["process_start_spawn"] = int(statistics.median(proc(spawn)[0] for _ in range(3 if quick else 5)))

    progress("process start: forkserver (the first one starts the server)")
    fs_ctx = mp.get_context("forkserver")
    first = proc(fs_ctx)[0]
    later = statistics.median(proc(fs_ctx)[0] for _ in range(3 if quick else 5))
    out["process_start_forkserver"] = int(later)
    out["forkserver_start"] = int(max(0, first - later))

    progress("multiprocessing.Pool: set-up, dispatch, per item, apply_async")
    def pool_ctor():
        s = now()
        p = fork.Pool(2)
        e = now() - s
        p.terminate()
        p.join()
        return e
    ctor = statistics.median(pool_ctor() for _ in range(3))
    starts = 3 * (out["thread_start"] + out["thread_boot"] + 2 * out["wakeup"])  # its three helper threads
    out["pool_setup"] = int(max(0, ctor - 2 * out["process_start_parent"] - starts))
    with fork.Pool(2) as pool:
        pool.map(noop, range(100))
        n = 5000
        s = now()
        pool.map(noop, range(n), chunksize=1)
        out["pool_dispatch"] = int((now() - s) / n)
        # The workers' own CPU per call (their loop: get(), put()), over enough calls for /proc's
        # 10 ms ticks.
        workers = [w.pid for w in pool._pool]
        calls = 10000 if quick else 20000
        cpu = process_cpu_ns(workers)
        pool.map(noop, range(calls), chunksize=1)
        if cpu is not None:
            out["pool_worker_call"] = int((process_cpu_ns(workers) - cpu) / calls)
        n = 200_000
        s = now()
        pool.map(noop, range(n))
        out["pool_per_item"] = max(1, int((now() - s) / n))
        n = 5000
        s = now()
        rs = [pool.apply_async(noop) for _ in range(n)]
        for r in rs:
            r.get()
        out["pool_apply_async"] = int((now() - s) / n)

    progress("pickling and pipe throughput: 2 MB of bytes streamed to a child")
    from multiprocessing.reduction import ForkingPickler
    size, n = 2_000_000, 20
    data = bytes(size)
    def stream():
        r, w = fork.Pipe(duplex=False)
        report_r, report_w = fork.Pipe(duplex=False)
        child = fork.Process(target=receive_stream, args=(r, report_w, n))
        child.start()
        s = time.thread_time_ns()
        for _ in range(n):
            w.send_bytes(ForkingPickler.dumps(data))
        send = (time.thread_time_ns() - s) / n
        receive = report_r.recv()
        child.join()
        return send, receive
    streams = [stream() for _ in range(3)]
    out["pickle_send"] = size / statistics.median(s for s, _ in streams) * 1e9
    out["pipe_receive"] = size / statistics.median(r for _, r in streams) * 1e9

    progress("ProcessPoolExecutor.submit")
    with cf.ProcessPoolExecutor(2, mp_context=fork) as ex:
        list(ex.map(noop, range(100)))
        n = 3000
        s = now()
        fs = [ex.submit(noop) for _ in range(n)]
        for f in fs:
            f.result()
        out["ppe_submit"] = int((now() - s) / n)
        # The workers' own CPU per call (_process_worker: call_queue.get(), result_queue.put()).
        workers = list(ex._processes)
        calls = 5000 if quick else 12000
        cpu = process_cpu_ns(workers)
        list(ex.map(noop, range(calls)))
        if cpu is not None:
            out["ppe_worker_call"] = int((process_cpu_ns(workers) - cpu) / calls)

    progress("preemption: a loop pinned beside a process that wakes every 200 µs")
    if hasattr(os, "sched_setaffinity"):
        def loop_cpu(beside):
            stop = fork.Event()
            waker = fork.Process(target=pinned_waker, args=(stop,)) if beside else None
            if waker:
                waker.start()
            r, w = fork.Pipe(duplex=False)
            child = fork.Process(target=pinned_loop, args=(2_000_000 if quick else 5_000_000, w))
            child.start()
            result = r.recv()
            child.join()
            stop.set()
            if waker:
                waker.join()
            return result
        pairs = [(loop_cpu(False), loop_cpu(True)) for _ in range(2 if quick else 5)]  # alternated
        alone = statistics.median(a for (a, _), _ in pairs)
        beside = statistics.median(b for _, (b, _) in pairs)
        more = statistics.median(p - q for (_, q), (_, p) in pairs)
        if more > 0:
            out["preemption"] = int(max(0, beside - alone) / more)

    progress("asyncio: task creation and loop steps")
    async def anoop():
        return None
    async def atasks():
        n = 20000
        s = now()
        for _ in range(n):
            await asyncio.ensure_future(anoop())
        create = (now() - s) / n
        s = now()
        for _ in range(n):
            await asyncio.sleep(0)
        step = (now() - s) / n
        lates = []
        for _ in range(100 if quick else 300):
            s = now()
            await asyncio.sleep(0.001)
            lates.append(now() - s - 1_000_000)
        return create, step, statistics.median(lates)
    create, step, late = asyncio.run(atasks())
    out["asyncio_task_create"] = int(create)
    out["asyncio_step"] = int(step)
    out["asyncio_timer_overshoot"] = int(late)

    progress("subinterpreters (3.13+, when available)")
    try:
        import _interpreters  # 3.13
        def create():
            s = now()
            i = _interpreters.create("isolated")
            e = now() - s
            _interpreters.destroy(i)
            return e
        out["subinterpreter_create"] = int(statistics.median(create() for _ in range(3)))
    except Exception:
        pass

    print("calibrate: done", file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    reset_signals()
    main("--quick" in sys.argv)
"""#
}
