"""Bytes through a process pool, pipelined as a map sends them: 40 arguments of 2 MB to
Pool(2) workers that do nothing, and 40 results of 2 MB back (ipc_to_child, ipc_to_parent).
A single big transfer (one apply of 32 MiB) is slower per byte: its pickling, pipe and
unpickling cannot overlap with the next, and its buffers are fresh pages."""
import multiprocessing as mp
import statistics
import time

SIZE = 2_000_000
B = bytes(SIZE)


def noop(x):
    return None


def best_of(pool, fn, items):
    runs = []
    for _ in range(5):
        s = time.perf_counter()
        pool.map(fn, items, chunksize=1)
        runs.append(time.perf_counter() - s)
    return statistics.median(runs)


if __name__ == "__main__":
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(noop, range(10))
        to_child = best_of(pool, noop, [B] * 40)
        to_parent = best_of(pool, bytes, [SIZE] * 40)
    print(f"40 x 2 MB to the workers: {to_child * 1e3:.1f} ms, {40 * SIZE / to_child / 1e6:.0f} MB/s (ipc_to_child)")
    print(f"40 x 2 MB back: {to_parent * 1e3:.1f} ms, {40 * SIZE / to_parent / 1e6:.0f} MB/s (ipc_to_parent)")
