#!/usr/bin/env python3
"""Regenerates the cost table of docs/scenario-format.md from Sources/ParsimScenario/CostProfile.swift.

A key's default comes from its stored property, or, for a share of a measured total and a bounded
cost, from its getter (`x / 2`, `x / 4`, `min(n, x)`); a value that `CostProfile.defaults(for:)`
sets outright for later versions follows it ("2ms (3.11) · 3.7ms (3.12+)"; the costs it scales by a
calibrated ratio are listed in docs/fidelity.md instead). Its meaning comes from `CostKey.meaning`,
less the "(default …)" it ends with, other keys' names in backticks. Rows keep the table's order;
a new key goes after the key before it in `CostKey`."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "Sources/ParsimScenario/CostProfile.swift").read_text()
defaults = dict(re.findall(r"public var (\w+): [\w]+ = ([^\n]+)", src))
keys = re.findall(r'case (\w+)(?: = "(\w+)")?\n', src.split("public enum CostKey")[1].split("public enum Kind")[0])
raw_of = {field: raw or field for field, raw in keys}
meanings = dict(re.findall(r'case \.(\w+): return "([^"]+)"', src.split("public var meaning")[1]))
getters = dict(re.findall(r"(\w+)Set \?\? ([^\n]+?) \}", src))
kinds = {"gilFastRegrab": "probability 0–1", "gilWakeNewest": "probability 0–1", "freeThreadingSlowdown": "factor 0.1–10", "pickleSend": "throughput",
         "pipeReceive": "throughput", "gilWaiterPolicy": "random · fifo"}

# defaults(for:): the values set outright per version, and the first version of each case.
by_version = src.split("public static func defaults(for version")[1].split("\n  }\n")[0]
later = {}  # field -> [(first version of the case, value)]
cases = re.findall(r"case \.v3_(\d+)[^:]*:\n(.*?)(?=\n    case |\Z)", by_version, re.S)
for label, body in cases:
    for field, value in re.findall(r"c\.(\w+) = ([\d_]+)", body):
        later.setdefault(field, []).append((int(label), value))
for field, values in later.items():  # "X (3.12+)" must hold for every case after the first
    first = values[0][0]
    if [m for m, _ in values] != [int(label) for label, _ in cases if int(label) >= first]:
        raise SystemExit(f"cost-table.py: {field} is set for some versions after 3.{first} and not others")


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


def derived(field):
    g = getters[field]
    if m := re.fullmatch(r"(\w+) / 2|(\w+) - \2 / 2", g):
        return f"½ of `{raw_of[m.group(1) or m.group(2)]}`"
    if m := re.fullmatch(r"(\w+) / 4", g):
        return f"¼ of `{raw_of[m.group(1)]}`"
    if m := re.fullmatch(r"min\(([\d_]+), (\w+)\)", g):
        return f"{fmt(field, m.group(1))} (at most `{raw_of[m.group(2)]}`)"
    raise SystemExit(f"cost-table.py: cannot read the default of {field} from its getter: {g}")


def default(field):
    if field not in defaults:
        return derived(field)
    if field not in later:
        return fmt(field, defaults[field])
    first = later[field][0][0]
    before = ", ".join(f"3.{m}" for m in range(11, first))
    parts = [f"{fmt(field, defaults[field])} ({before})"]
    values = [(minor, value) for i, (minor, value) in enumerate(later[field])
              if i == 0 or value != later[field][i - 1][1]]  # a value kept from the version before
    for i, (minor, value) in enumerate(values):
        last = i == len(values) - 1
        parts.append(f"{fmt(field, value)} (3.{minor}{'+' if last else ''})")
    return " · ".join(parts)


def meaning(field):
    text = re.sub(r" [(]default [^)]*[)]$", "", meanings[field])
    for raw in raw_of.values():
        if raw != raw_of[field]:
            text = re.sub(rf"(?<![`\w]){re.escape(raw)}(?![`\w])", f"`{raw}`", text)
    return text


def row(field):
    return f"| `{raw_of[field]}` | {default(field)} | {kinds.get(field, 'duration')} | {meaning(field)} |"


doc = root / "docs/scenario-format.md"
lines = doc.read_text().split("\n")
start = lines.index("| key | default | kind | meaning |") + 2
end = start
while end < len(lines) and lines[end].startswith("| `"):
    end += 1
field_of = {raw: field for field, raw in raw_of.items()}
order = [field_of[line[3:].split("`")[0]] for line in lines[start:end] if line[3:].split("`")[0] in field_of]
for i, (field, _) in enumerate(keys):
    if field not in order:
        order.insert(order.index(keys[i - 1][0]) + 1 if i else 0, field)
lines[start:end] = [row(field) for field in order]
doc.write_text("\n".join(lines))
