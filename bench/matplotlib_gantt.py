"""matplotlib's broken_barh drawing the same 100,000-span timeline as `parsim-bench render`.

8 lanes of 12,500 spans of 50–200 µs in four states, one colour per state, 1200 px wide.
Prints "render-png spans seconds bytes" and "render-svg …" (fastest of --repeat runs).
"""
import argparse
import io
import random
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = ["#0072B2", "#D55E00", "#56B4E9", "#009E73"]


def spans(total, lanes=8, seed=42):
    rng = random.Random(seed)
    out = []
    for lane in range(lanes):
        t = 0
        for _ in range(total // lanes):
            d = 50_000 + rng.randrange(150_000)
            out.append((lane, rng.randrange(4), t, d))
            t += d
    return out


def draw(data, fmt):
    fig, ax = plt.subplots(figsize=(12, 3.2), dpi=100)
    lanes = max(s[0] for s in data) + 1
    for lane in range(lanes):
        for state in range(4):
            bars = [(s[2] / 1e6, s[3] / 1e6) for s in data if s[0] == lane and s[1] == state]
            ax.broken_barh(bars, (lane - 0.4, 0.8), facecolors=COLORS[state])
    ax.set_yticks(range(lanes), [f"Thread {i + 1}" for i in range(lanes)])
    ax.set_xlabel("ms")
    ax.set_title("100,000 spans")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    plt.close(fig)
    return buf.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = spans(args.spans)
    for fmt in ["png", "svg"]:
        best, size = None, 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = draw(data, fmt)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
            size = len(out)
        print(f"render-{fmt} {len(data)} {best:.4f} {size}")


if __name__ == "__main__":
    main()
