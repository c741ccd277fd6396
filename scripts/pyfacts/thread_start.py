"""Thread.start()'s parts (Lib/threading.py): the caller creates the OS thread
(_start_new_thread) and waits on self._started with the GIL released; the new thread runs
_bootstrap_inner under the GIL up to self._started.set(), and the caller wakes and takes the GIL
back to return. Medians of 400 sequential starts of threads that do nothing."""
import _thread
import statistics
import threading
import time


def med(xs):
    return statistics.median(xs) / 1e3


got = []


def raw_target():
    got.append(time.perf_counter_ns())


returns, first = [], []
for _ in range(400):
    a = time.perf_counter_ns()
    _thread.start_new_thread(raw_target, ())
    b = time.perf_counter_ns()
    time.sleep(0.0005)  # the caller steps aside: the new thread's first line is its own latency
    returns.append(b - a)
    first.append(got[-1] - a)


class Marked(threading.Thread):
    def run(self):
        self.began = time.perf_counter_ns()


began, back, whole = [], [], []
for _ in range(400):
    t = Marked()
    a = time.perf_counter_ns()
    t.start()
    b = time.perf_counter_ns()
    t.join()
    began.append(t.began - a)
    back.append(b - t.began)
    whole.append(b - a)

print(f"_start_new_thread returns after {med(returns):.1f} us (thread_start: the caller's part)")
print(f"a raw thread's first line runs {med(first):.1f} us after the call")
print(f"Thread.run() begins {med(began):.1f} us after start() is called: its bootstrap adds "
      f"{med(began) - med(first):.1f} us (thread_boot)")
print(f"start() returns {med(back):.1f} us after run() begins; start() takes {med(whole):.1f} us in all")
