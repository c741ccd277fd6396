"""How soon a thread woken from sleep runs when every core is busy: a reader blocked on a pipe,
woken by a write from another process every 300 µs, beside 0, 1 or 2 CPU-bound processes on
this 2-core machine. Prints the time from the write (stamped by the writer) to the reader's
return from os.read. Linux runs a woken sleeper within microseconds even with both cores busy
(it preempts a CPU-bound process), which parsim's scheduler models with a sleeper credit
(Sources/ParsimEngine/Primitives/Cores.swift)."""
import os, time, multiprocessing as mp, statistics, struct, sys
def hog(stop):
    while not stop.is_set():
        for _ in range(10000): pass
def waker(w, n, gap):
    for _ in range(n):
        time.sleep(gap)
        os.write(w, struct.pack("d", time.perf_counter()))
def measure(hogs, n=2000, gap=0.0003):
    ctx = mp.get_context("fork")
    stop = ctx.Event()
    ps = [ctx.Process(target=hog, args=(stop,)) for _ in range(hogs)]
    for p in ps: p.start()
    time.sleep(0.2)
    r, w = os.pipe()
    wp = ctx.Process(target=waker, args=(w, n, gap)); wp.start()
    lat = []
    for _ in range(n):
        t = struct.unpack("d", os.read(r, 8))[0]
        lat.append((time.perf_counter() - t) * 1e6)
    wp.join(); stop.set()
    for p in ps: p.join()
    lat.sort()
    q = lambda f: lat[int(f * (len(lat) - 1))]
    print(f"{hogs} hogs: wake latency median {q(.5):.0f} us, p90 {q(.9):.0f}, p99 {q(.99):.0f}, max {lat[-1]:.0f}; mean {statistics.mean(lat):.0f}")
if __name__ == "__main__":
    for h in (0, 1, 2, 0, 2):
        measure(h)
