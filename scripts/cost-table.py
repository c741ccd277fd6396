#!/usr/bin/env python3
"""Regenerates the cost table of docs/scenario-format.md from Sources/ParsimScenario/CostProfile.swift."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "Sources/ParsimScenario/CostProfile.swift").read_text()
defaults = dict(re.findall(r"public var (\w+): [\w]+ = ([^\n]+)", src))
keys = re.findall(r'case (\w+)(?: = "(\w+)")?\n', src.split("public enum CostKey")[1].split("public enum Kind")[0])
meanings = dict(re.findall(r'case \.(\w+): return "([^"]+)"', src.split("public var meaning")[1]))
kinds = {"gilFastRegrab": "probability 0–1", "gilWakeNewest": "probability 0–1", "freeThreadingSlowdown": "factor 0.1–10", "pickleSend": "throughput",
         "pipeReceive": "throughput", "gilWaiterPolicy": "random · fifo"}


def fmt(field, v):
    v = v.strip()
    if field in ("pickleSend", "pipeReceive"):
        return f"{int(float(v) / 1e6)}MB/s"
    if field == "gilWaiterPolicy":
        return "random"
    if field == "freeThreadingSlowdown":
        return "1.40 (3.13t) · 1.10 (3.14t)"
    if field in ("gilFastRegrab", "gilWakeNewest"):
        return v
    n = int(v.replace("_", ""))
    for unit, size in (("s", 10**9), ("ms", 10**6), ("us", 1000)):
        if n >= size:
            return f"{n / size:g}{unit}"
    return f"{n}ns"


rows = [f"| `{raw or field}` | {fmt(field, defaults[field])} | {kinds.get(field, 'duration')} | {meanings[field]} |"
        for field, raw in keys]
doc = root / "docs/scenario-format.md"
lines = doc.read_text().split("\n")
start = lines.index("| key | default | kind | meaning |") + 2
end = start
while end < len(lines) and lines[end].startswith("| `"):
    end += 1
lines[start:end] = rows
doc.write_text("\n".join(lines))
