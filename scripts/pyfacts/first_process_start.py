"""The first Process.start() of a program costs the parent more than the next ones: it imports
the start method's Popen module (multiprocessing.popen_fork, popen_spawn_posix with spawn and
its preparation code) on first use, and with spawn it launches the resource tracker
(resource_tracker.ensure_running: a fork and exec of a new interpreter, which the parent waits
for only to start). Each method measured in fresh interpreters, as `parsim measure` runs a
model: the first start() and the second, medians of 7 interpreters."""
import os
import statistics
import subprocess
import sys
import tempfile

PROGRAM = r"""
import multiprocessing as mp, time, sys
def noop(): pass
if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1])
    out = []
    for _ in range(2):
        p = ctx.Process(target=noop)
        s = time.perf_counter_ns(); p.start(); out.append(time.perf_counter_ns() - s)
        p.join()
    print(*out)
"""

if __name__ == "__main__":
    print(sys.version.split()[0])
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "starts.py")  # a file, as parsim measure runs its program
        with open(script, "w") as f:
            f.write(PROGRAM)
        results = {method: [list(map(int, subprocess.run([sys.executable, script, method], capture_output=True, text=True,
                                                         check=True).stdout.split())) for _ in range(7)]
                   for method in ("fork", "spawn")}
    for method, runs in results.items():
        first = statistics.median(r[0] for r in runs)
        second = statistics.median(r[1] for r in runs)
        print(f"{method}: first start() {first / 1e6:.2f} ms, second {second / 1e6:.2f} ms, "
              f"the first's extra {(first - second) / 1e6:.2f} ms")
