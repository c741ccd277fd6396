"""Pool(2).map over 5,000 calls with chunksize 1, by thread and process, from /proc: each
thread's CPU per call (clock ticks, so a few µs of resolution) and its voluntary (v) and
involuntary (i) context switches per call: the parent's worker handler (Pool._handle_workers,
woken by every result and looping until the result handler has read it), task handler, result
handler, and the two workers. Tasks of 200 µs of Python, then no-ops, then 200 µs again."""
import multiprocessing as mp, os, resource, threading, time, sys
TICK = os.sysconf("SC_CLK_TCK")
N = 5000
def stat(path):
    f = open(path + "/stat").read().rsplit(")", 1)[1].split()
    s = open(path + "/status").read()
    vol = int(s.split("\nvoluntary_ctxt_switches:")[1].split()[0])
    inv = int(s.split("nonvoluntary_ctxt_switches:")[1].split()[0])
    return ((int(f[11]) + int(f[12])) / TICK, vol, inv)
def short(x):
    end = time.thread_time() + 0.0002
    while time.thread_time() < end: pass
def noop(x): return None
def snap(pool):
    d = {t.name: stat(f"/proc/self/task/{t.native_id}") for t in threading.enumerate()}
    for i, p in enumerate(pool._pool):
        d[f"worker{i}"] = stat(f"/proc/{p.pid}")
    return d
if __name__ == "__main__":
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(noop, range(10), chunksize=1)
        for name, fn in (("200 us tasks", short), ("no-ops", noop), ("200 us tasks", short)):
            b = snap(pool); t0 = time.perf_counter()
            pool.map(fn, range(N), chunksize=1)
            wall = time.perf_counter() - t0
            a = snap(pool)
            parts = ", ".join(f"{k} {(a[k][0]-b[k][0])/N*1e6:.0f}us v{(a[k][1]-b[k][1])/N:.2f} i{(a[k][2]-b[k][2])/N:.2f}" for k in a)
            print(f"{name}: wall {wall*1e3:.0f} ms; per task: {parts}")
