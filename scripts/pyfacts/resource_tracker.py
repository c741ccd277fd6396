"""The resource tracker that spawn and forkserver start (Lib/multiprocessing/resource_tracker.py,
ensure_running: a fresh interpreter running `from multiprocessing.resource_tracker import main`),
and a spawned child's boot: the CPU each takes to start, run alone, medians of 15."""
import os
import statistics
import subprocess
import sys
import time


def cpu_of(args):
    """Wall time and the child's CPU time (user + system) of running `args` to its end."""
    t = os.times()
    s = time.perf_counter()
    subprocess.run(args, check=True)
    wall = time.perf_counter() - s
    u = os.times()
    return wall * 1e3, ((u.children_user - t.children_user) + (u.children_system - t.children_system)) * 1e3


tracker = [sys.executable, "-c", "from multiprocessing.resource_tracker import main"]
child = [sys.executable, "-c", "from multiprocessing.spawn import spawn_main; import multiprocessing.pool"]
bare = [sys.executable, "-c", "pass"]
for name, args in (("bare interpreter", bare), ("resource tracker", tracker), ("spawned pool worker", child)):
    runs = [cpu_of(args) for _ in range(15)]
    print(f"{name}: {statistics.median(r[0] for r in runs):.1f} ms wall, {statistics.median(r[1] for r in runs):.1f} ms CPU")
