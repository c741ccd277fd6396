"""Three CPU-bound threads started in a loop: each start() returns only when the caller has the
GIL back, which the new thread, running Python, gives up at the switch interval (5 ms). Prints
when each start() returned and when each thread began, in ms from the first start()."""
import threading, time
T0 = time.perf_counter_ns()
began = {}
def spin(name, ms):
    began[name] = (time.perf_counter_ns() - T0) / 1e6
    end = time.thread_time_ns() + ms * 1_000_000
    while time.thread_time_ns() < end: pass
ts = [threading.Thread(target=spin, args=(i, 30)) for i in range(3)]
starts = []
for t in ts:
    t.start(); starts.append((time.perf_counter_ns() - T0) / 1e6)
for t in ts: t.join()
print("start() returned at", [round(x, 3) for x in starts], "ms; threads began at", {k: round(v, 3) for k, v in began.items()})
