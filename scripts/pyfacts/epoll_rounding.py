"""How long select.epoll.poll(k * 1e-3) and selectors' select() wait, against k milliseconds.

selectors.EpollSelector.select rounds its timeout up to whole milliseconds; epoll.poll then
converts the float seconds to nanoseconds rounding up, and to milliseconds rounding up again,
so where k * 1e-3 * 1e9 is a hair above k * 10**6 in floating point the wait is k + 1 ms.
"""
import math
import select
import selectors
import time



def median_ms(wait):
    ts = []
    for _ in range(20):
        t = time.perf_counter_ns()
        wait()
        ts.append((time.perf_counter_ns() - t) / 1e6)
    return sorted(ts)[10]


ep = select.epoll()
for ms in (1, 5, 17, 18, 19, 20, 21, 26, 27):
    predicted = ms + (1 if math.ceil((ms * 1e-3) * 1e9) > ms * 1_000_000 else 0)
    print(f"epoll.poll({ms} ms): median {median_ms(lambda: ep.poll(ms * 1e-3)):.3f} ms, predicted {predicted} ms")
sel = selectors.DefaultSelector()
for x in (17.969, 18.3, 19.5):
    print(f"{type(sel).__name__}.select({x} ms): median {median_ms(lambda: sel.select(x * 1e-3)):.3f} ms")
print("values of k up to 200 that wait k + 1 ms:",
      [k for k in range(1, 201) if math.ceil((k * 1e-3) * 1e9) > k * 1_000_000])
