import queue, time, multiprocessing as mp, sys, statistics
def bench(put, get, n=20000):
    best = []
    for _ in range(5):
        t0 = time.perf_counter_ns()
        for i in range(n): put(i)
        t1 = time.perf_counter_ns()
        for i in range(n): get()
        t2 = time.perf_counter_ns()
        best.append(((t1-t0)/n, (t2-t1)/n))
    return min(b[0] for b in best), min(b[1] for b in best)
q = queue.Queue(maxsize=0)
print("queue.Queue put/get ns", bench(q.put, q.get))
q = queue.Queue(maxsize=100000)
print("queue.Queue(maxsize) put/get ns", bench(q.put, q.get))
if __name__ == "__main__":
    mq = mp.Queue()
    print("mp.Queue put/get ns (1 process, feeder thread)", bench(mq.put, mq.get, 5000))
    mq = mp.Queue(maxsize=100000)
    print("mp.Queue(maxsize) put/get ns", bench(mq.put, mq.get, 5000))
    b = b"x" * 10240
    print("mp.Queue 10KB put/get ns", bench(lambda i: mq.put(b), mq.get, 2000))

# asyncio.Queue: put_nowait/get_nowait as `await q.put(i)` / `await q.get()` run them when they
# need not wait (no suspension), inside one coroutine.
import asyncio


async def abench(n=20000):
    q = asyncio.Queue()
    best = []
    for _ in range(5):
        t0 = time.perf_counter_ns()
        for i in range(n): await q.put(i)
        t1 = time.perf_counter_ns()
        for i in range(n): await q.get()
        t2 = time.perf_counter_ns()
        best.append(((t1-t0)/n, (t2-t1)/n))
    return min(b[0] for b in best), min(b[1] for b in best)


if __name__ == "__main__":
    print("asyncio.Queue await put/get ns", asyncio.run(abench()))
