"""The parent's CPU per call of ProcessPoolExecutor(2).map over 5,000 calls, by thread, from
/proc (clock ticks, so a few µs per call of resolution): the main thread (submit, results),
the executor's manager thread, and the call queue's feeder thread (multiprocessing.Queue._feed,
which pickles each call into the pipe). Tasks of 200 µs of Python, and no-ops."""
import concurrent.futures as cf
import multiprocessing as mp
import os
import resource
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")
N = 5000


def thread_cpu(tid):
    fields = open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def short(x):
    end = time.thread_time() + 0.0002
    while time.thread_time() < end:
        pass


def noop(x):
    return None


if __name__ == "__main__":
    with cf.ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as ex:
        list(ex.map(noop, range(10)))  # the manager and the feeder run from here on
        for name, fn in (("200 us tasks", short), ("no-ops", noop)):
            threads = {t.name: t.native_id for t in threading.enumerate()}
            before = {k: thread_cpu(v) for k, v in threads.items()}
            usage = resource.getrusage(resource.RUSAGE_SELF)
            list(ex.map(fn, range(N)))
            after = {k: thread_cpu(v) for k, v in threads.items()}
            end = resource.getrusage(resource.RUSAGE_SELF)
            total = (end.ru_utime - usage.ru_utime) + (end.ru_stime - usage.ru_stime)
            per = ", ".join(f"{k} {(after[k] - before[k]) / N * 1e6:.0f} us" for k in threads)
            print(f"{name}: the parent's CPU {total / N * 1e6:.0f} us per call ({per})")
