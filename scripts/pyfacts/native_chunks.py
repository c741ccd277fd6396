"""What parsim's `native` steps stand for, as `parsim measure` runs them: sha256 over 64 KiB
chunks, each update() a C call that releases the GIL, in a Python loop that takes it back between
two calls. Prints the time of one 64 KiB update() (native_chunk) and the Python around each call
(native_call: the loop's time per iteration less the update's), then the effect the re-takes have
beside a thread running Python: 20 ms of hashing alone, and beside a CPU-bound thread."""
import hashlib
import statistics
import threading
import time

BUF = memoryview(bytes(1 << 16))
clock = time.thread_time_ns


def chunk_ns():
    h = hashlib.sha256()
    reps = []
    for _ in range(9):
        s = time.perf_counter_ns()
        for _ in range(200):
            h.update(BUF)
        reps.append((time.perf_counter_ns() - s) / 200)
    return statistics.median(reps)


def loop_ns():
    h = hashlib.sha256()
    reps = []
    for _ in range(9):
        n = 0
        end = clock() + 20_000_000
        s = time.perf_counter_ns()
        while clock() < end:
            h.update(BUF)
            n += 1
        reps.append((time.perf_counter_ns() - s) / n)
    return statistics.median(reps)


def hash_for(ns):
    h = hashlib.sha256()
    end = clock() + ns
    while clock() < end:
        h.update(BUF)


def spin(ns):
    end = clock() + ns
    i = 0
    while clock() < end:
        i += 1


c = chunk_ns()
per = loop_ns()
print(f"one 64 KiB update(): {c / 1e3:.1f} us (native_chunk); the loop around it: {(per - c) / 1e3:.2f} us a call (native_call)")
s = time.perf_counter_ns()
hash_for(20_000_000)
alone = (time.perf_counter_ns() - s) / 1e6
t = threading.Thread(target=spin, args=(200_000_000,))
t.start()
time.sleep(0.01)
s = time.perf_counter_ns()
hash_for(20_000_000)
beside = (time.perf_counter_ns() - s) / 1e6
t.join()
print(f"20 ms of hashing: {alone:.1f} ms alone, {beside:.1f} ms beside a thread running Python")
