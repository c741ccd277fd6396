"""multiprocessing.Pool's worker handler (Pool._handle_workers) waits on the result queue's pipe
as well as the workers' sentinels (Pool._get_sentinels: outqueue._reader), so it wakes whenever
a result is readable and loops while one is being read: each pass is _maintain_pool (an
exitcode check per worker), the sentinel list, and multiprocessing.connection.wait, which
builds a selector each call. This prints (1) one pass's cost, looping it over a readable pipe
(pool_maintain), and the part of it in system calls, each releasing the GIL (a waitpid per
worker, the selector's poll, the change notifier's poll), and (2) the worker handler thread's CPU (from /proc) while Pool(2) maps many short tasks and
while it maps tasks returning 2 MB, beside the result handler's."""
import multiprocessing as mp
import os
import select
import statistics
import time
from multiprocessing.connection import wait
from multiprocessing.pool import Pool

TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu(tid):
    fields = open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime, seconds


def noop(x):
    return None


def short(x):
    end = time.thread_time() + 0.0002
    while time.thread_time() < end:
        pass


def big(n):
    end = time.thread_time() + 0.005
    while time.thread_time() < end:
        pass
    return bytes(n)


def one_pass_ns(pool, n=20000):
    """The worker handler's loop body with the result pipe readable, as while a result is read."""
    r, w = mp.Pipe(duplex=False)
    w.send(None)  # readable from now on
    sentinels = [r, pool._change_notifier._reader]
    s = time.thread_time_ns()
    for _ in range(n):
        Pool._maintain_pool(pool._ctx, pool.Process, pool._processes, pool._pool, pool._inqueue, pool._outqueue,
                            pool._initializer, pool._initargs, pool._maxtasksperchild, pool._wrap_exception)
        current = [*Pool._get_worker_sentinels(pool._pool), *sentinels]
        Pool._wait_for_updates(current, pool._change_notifier)
    return (time.thread_time_ns() - s) / n


def syscalls_ns(pool, n=20000):
    """The same pass's system calls alone."""
    r, w = mp.Pipe(duplex=False)
    w.send(None)
    poller = select.poll()
    for fd in (r.fileno(), pool._change_notifier._reader.fileno(), *[p.sentinel for p in pool._pool]):
        poller.register(fd, select.POLLIN)
    pids = [p.pid for p in pool._pool]
    s = time.thread_time_ns()
    for _ in range(n):
        for pid in pids:
            os.waitpid(pid, os.WNOHANG)
        poller.poll(0)
        poller.poll(0)
    return (time.thread_time_ns() - s) / n


if __name__ == "__main__":
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(noop, range(10))
        passes = [one_pass_ns(pool) for _ in range(5)]
        print(f"one pass of the worker handler's loop: {statistics.median(passes) / 1e3:.1f} us (pool_maintain)")
        calls = [syscalls_ns(pool) for _ in range(5)]
        print(f"  of which system calls, the GIL released: {statistics.median(calls) / 1e3:.2f} us")
        for name, fn, items in (("5000 tasks of 200 us, chunksize 1", short, range(5000)),
                                ("40 tasks of 5 ms returning 2 MB", big, [2_000_000] * 40)):
            handler, results = pool._worker_handler.native_id, pool._result_handler.native_id
            before = thread_cpu(handler), thread_cpu(results)
            s = time.perf_counter()
            pool.map(fn, items, chunksize=1)
            wall = time.perf_counter() - s
            after = thread_cpu(handler), thread_cpu(results)
            n = len(items)
            print(f"{name}: {wall * 1e3:.0f} ms; worker handler CPU {(after[0] - before[0]) * 1e3:.0f} ms "
                  f"({(after[0] - before[0]) / n * 1e6:.0f} us per result), result handler {(after[1] - before[1]) * 1e3:.0f} ms")
