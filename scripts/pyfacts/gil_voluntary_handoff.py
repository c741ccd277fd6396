"""How long a thread waiting for the GIL takes to run after the holder gives it up of its own
accord (blocking on an Event), against a forced switch (the switch interval's drop request).
Thread B returns from a 1 ms sleep and waits for the GIL that A holds running Python; at 3 ms
A blocks (voluntary: B is signalled) and B's first line runs. Medians of 200."""
import statistics
import threading
import time

now = time.perf_counter_ns


def spin_until(t):
    while now() < t:
        pass


def once():
    got = {}
    ev = threading.Event()

    def b():
        time.sleep(0.001)
        got["b"] = now()  # needs the GIL, which A holds

    tb = threading.Thread(target=b)
    start = now()
    tb.start()
    spin_until(start + 3_000_000)
    got["a"] = now()
    ev.wait(0.002)  # A blocks, releasing the GIL
    tb.join()
    return got["b"] - got["a"]


handoffs = sorted(once() for _ in range(200))
print(f"voluntary GIL hand-off: median {statistics.median(handoffs) / 1e3:.1f} us, "
      f"p10 {handoffs[20] / 1e3:.1f} us, p90 {handoffs[180] / 1e3:.1f} us")
