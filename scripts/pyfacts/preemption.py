"""What a preemption costs the preempted thread: a CPU-bound Python process runs a fixed
amount of work pinned to one core, alone and then beside a process pinned to the same core
that wakes every `gap` and runs a little Python before sleeping again. The worker's extra CPU
time (its own clock: user + system) divided by its involuntary context switches is the CPU
each preemption costs it: the switch itself and the cold caches after."""
import multiprocessing as mp, os, time, sys, resource

WORK = 10_000_000

def work(q):
    os.sched_setaffinity(0, {0})
    time.sleep(0.05)
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    x = 0
    for i in range(WORK):
        x += i * i % 7
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    q.put((cpu, r1.ru_nivcsw - r0.ru_nivcsw, r1.ru_nvcsw - r0.ru_nvcsw))

def waker(stop, gap, burst):
    os.sched_setaffinity(0, {0})
    d = {}
    while not stop.is_set():
        time.sleep(gap)
        end = time.thread_time() + burst
        while time.thread_time() < end:
            d[len(d) % 512] = [1, 2, 3]

def run(gap, burst):
    ctx = mp.get_context("fork")
    q = ctx.Queue(); stop = ctx.Event()
    w = None
    if gap:
        w = ctx.Process(target=waker, args=(stop, gap, burst)); w.start()
    p = ctx.Process(target=work, args=(q,)); p.start()
    cpu, inv, vol = q.get(); p.join()
    stop.set()
    if w: w.join()
    return cpu, inv

if __name__ == "__main__":
    import statistics
    print(sys.version.split()[0])
    alone, beside, preemptions = [], [], []
    for _ in range(6):  # alternated: the host's speed drifts between runs
        a, i0 = run(0, 0)
        b, i = run(0.0002, 0.00002)
        alone.append(a); beside.append(b); preemptions.append(i - i0)
        print(f"alone {a*1e3:.1f} ms; beside a waker every 200 us running 20 us of Python: {b*1e3:.1f} ms, "
              f"{i - i0} more preemptions, {(b - a) / max(i - i0, 1) * 1e6:.1f} us each")
    each = (statistics.median(beside) - statistics.median(alone)) / statistics.median(preemptions)
    print(f"median: {each * 1e6:.1f} us of the worker's CPU per preemption")
