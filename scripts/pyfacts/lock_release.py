"""threading.Lock.release() with and without a thread blocked in acquire(): the contended one
posts the semaphore and wakes the waiter (a futex call) while the releaser holds the GIL.
Medians of 300."""
import statistics
import threading
import time

now = time.perf_counter_ns


def uncontended():
    lock = threading.Lock()
    lock.acquire()
    s = now()
    lock.release()
    return now() - s


def contended():
    lock = threading.Lock()
    lock.acquire()
    ready = threading.Event()

    def waiter():
        ready.set()
        lock.acquire()
        lock.release()

    t = threading.Thread(target=waiter)
    t.start()
    ready.wait()
    time.sleep(0.0005)  # the waiter is asleep in sem_wait by now
    s = now()
    lock.release()
    d = now() - s
    t.join()
    return d


u = statistics.median(uncontended() for _ in range(300))
c = statistics.median(contended() for _ in range(300))
print(f"release(): {u / 1e3:.2f} us alone, {c / 1e3:.2f} us with a waiter asleep in acquire()")
