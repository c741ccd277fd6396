"""Calibrates each installed CPython version five times, interleaved, and prints the median of
each cost per version, its ratio to 3.11's, and 3.11's spread ((max - min) / median) across its
runs: a version's own default costs differ from 3.11's only where the ratio is well outside
that spread (Sources/ParsimScenario/CostProfile.swift, `defaults(for:)`).

    python3 scripts/version_costs.py .build/debug/parsim python3.11 python3.12 python3.13
"""
import re
import statistics
import subprocess
import sys
import tempfile

UNITS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9, "KB/s": 1e3, "MB/s": 1e6, "": 1}


def calibrate(parsim, python, path):
    subprocess.run([parsim, "calibrate", "--python", python, "--out", path, "-q"], check=True)
    costs = {}
    for line in open(path):
        m = re.match(r"^  ([a-z_]+): ([0-9.]+)\s*(ns|us|ms|s|KB/s|MB/s)?$", line.rstrip())
        if m:
            costs[m.group(1)] = float(m.group(2)) * UNITS[m.group(3) or ""]
    return costs


def main():
    parsim, pythons = sys.argv[1], sys.argv[2:]
    runs = {p: [] for p in pythons}
    with tempfile.TemporaryDirectory() as d:
        for i in range(5):
            for p in pythons:
                runs[p].append(calibrate(parsim, p, f"{d}/{i}.yaml"))
    base = pythons[0]
    keys = sorted(set().union(*(r.keys() for r in runs[base])))
    print(f"{'key':26s}" + "".join(f"{p:>14s}" for p in pythons) + "".join(f"{'/' + base:>10s}" for _ in pythons[1:]) + "    spread")
    for k in keys:
        med = [statistics.median(r.get(k, 0) for r in runs[p]) for p in pythons]
        values = [r.get(k, 0) for r in runs[base]]
        spread = (max(values) - min(values)) / med[0] if med[0] else 0
        ratios = "".join(f"{m / med[0]:10.2f}" if med[0] else f"{'-':>10s}" for m in med[1:])
        print(f"{k:26s}" + "".join(f"{m:14.0f}" for m in med) + ratios + f"{spread:10.2f}")


main()
