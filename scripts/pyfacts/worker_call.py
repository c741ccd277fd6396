"""A process pool worker's CPU per call beyond the call itself, from /proc: Pool(2).map with
chunksize 1 (multiprocessing.pool.worker: get() under the task pipe's read lock, unpickling,
put() of the pickled result under the write lock) and ProcessPoolExecutor(2).map
(concurrent.futures.process._process_worker: call_queue.get(), the _ResultItem,
result_queue.put()). Tasks of 200 µs of Python (the workers' CPU less 200 µs a task) and
no-ops; 5,000 calls each, the workers' CPU summed and divided by the calls. /proc counts in
clock ticks (10 ms): over 5,000 calls a few µs per call of resolution."""
import concurrent.futures as cf
import multiprocessing as mp
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
N = 5000
TASK = 0.0002


def process_cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime, seconds


def short(x):
    end = time.thread_time() + TASK
    while time.thread_time() < end:
        pass


def noop(x):
    return None


def per_call(pids, run, task):
    before = sum(process_cpu(p) for p in pids)
    run()
    spent = sum(process_cpu(p) for p in pids) - before
    return (spent / N - task) * 1e6


if __name__ == "__main__":
    fork = mp.get_context("fork")
    print(sys.version.split()[0])
    with fork.Pool(2) as pool:
        pool.map(noop, range(10), chunksize=1)
        pids = [w.pid for w in pool._pool]
        for name, fn, task in (("no-ops", noop, 0), ("200 us tasks", short, TASK)) * 2:
            us = per_call(pids, lambda: pool.map(fn, range(N), chunksize=1), task)
            print(f"Pool worker, {name}: {us:.1f} us per call beyond the call")
    with cf.ProcessPoolExecutor(2, mp_context=fork) as ex:
        list(ex.map(noop, range(10)))
        pids = list(ex._processes)
        for name, fn, task in (("no-ops", noop, 0), ("200 us tasks", short, TASK)) * 2:
            us = per_call(pids, lambda: list(ex.map(fn, range(N))), task)
            print(f"ProcessPoolExecutor worker, {name}: {us:.1f} us per call beyond the call")
