"""SimPy models equivalent to parsim-bench's engine cases, for `make bench`.

Prints lines in parsim-bench's format: "name events seconds events_per_s rss_mib tasks".
SimPy counts every scheduled event (its `_eid` counter); each case is run `--repeat` times and
the fastest run is printed, as for parsim-bench.
"""
import argparse
import random
import resource
import time

import simpy


def mm4(customers, seed=1):
    """M/M/4: Poisson arrivals at 3200/s, exponential service with mean 1 ms, four servers."""
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=4)
    rng = random.Random(seed)
    waits = []

    def customer(env):
        arrived = env.now
        with servers.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1000.0))

    def source(env):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(3200.0))
            env.process(customer(env))

    env.process(source(env))
    env.run()
    return env, sum(waits) / len(waits)


def gil8(tasks, seed=1, interval=0.00508):
    """Eight threads sharing one GIL on two cores: each task runs Python for U(5, 15) ms, waits
    2 ms of I/O, then runs 3 ms of Python; Python runs in slices of one switch interval, each
    slice holding the GIL (capacity 1) and a core (capacity 2)."""
    env = simpy.Environment()
    gil = simpy.Resource(env, capacity=1)
    cores = simpy.Resource(env, capacity=2)
    work = simpy.Store(env)
    rng = random.Random(seed)
    for _ in range(tasks):
        work.put(rng.uniform(0.005, 0.015))

    def python(env, seconds):
        while seconds > 0:
            with gil.request() as g:
                yield g
                with cores.request() as c:
                    yield c
                    step = min(interval, seconds)
                    yield env.timeout(step)
                    seconds -= step

    def thread(env):
        while work.items:
            cpu = yield work.get()
            yield from python(env, cpu)
            yield env.timeout(0.002)
            yield from python(env, 0.003)

    for _ in range(8):
        env.process(thread(env))
    env.run()
    return env, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=["mm4", "gil"])
    parser.add_argument("tasks", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        env, _ = (mm4 if args.case == "mm4" else gil8)(args.tasks)
        seconds = time.perf_counter() - start
        events = next(env._eid)
        if best is None or seconds < best[1]:
            best = (events, seconds)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    name = "mm4" if args.case == "mm4" else "gil8"
    print(f"{name} {best[0]} {best[1]:.3f} {best[0] / best[1]:.0f} {rss:.1f} {args.tasks}")


if __name__ == "__main__":
    main()
