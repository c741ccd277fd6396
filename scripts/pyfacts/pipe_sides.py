"""Each side of pickled payloads streamed through a multiprocessing pipe, as a pool streams
arguments to a worker and results back: the sender pickles (ForkingPickler.dumps) and writes
(Connection.send_bytes) 20 payloads back to back while the receiver reads (recv_bytes) and
unpickles each. Per payload, each side's CPU (thread time) and the receiver's wall time, in
each direction, medians of 5 rounds, for `bytes` and for a list of small ints.

The writer and the reader alternate through the pipe's 64 KiB buffer, so a transfer takes
about the two sides' CPU added up: pickle_send is the sender's CPU rate, pipe_receive the
receiver's wall rate (its own CPU and its waits for the writer), for bytes of 2 MB."""
import multiprocessing as mp
import statistics
import sys
import time
from multiprocessing.reduction import ForkingPickler

cpu = time.thread_time_ns
wall = time.perf_counter_ns
N = 20


def send_all(conn, payload):
    s = cpu()
    for _ in range(N):
        conn.send_bytes(ForkingPickler.dumps(payload))
    return (cpu() - s) / N


def receive_all(conn):
    s, w = cpu(), None
    for i in range(N):
        data = conn.recv_bytes()
        if i == 0:
            w = wall()  # the stream's pace from the first arrival on
        ForkingPickler.loads(data)
    return (cpu() - s) / N, (wall() - w) / (N - 1)


def child(payload, to_child, to_parent, report):
    received = receive_all(to_child)
    sent = send_all(to_parent, payload)
    report.send((received, sent))


def one_round(payload):
    to_child_r, to_child_w = mp.Pipe(duplex=False)
    to_parent_r, to_parent_w = mp.Pipe(duplex=False)
    report_r, report_w = mp.Pipe(duplex=False)
    p = mp.get_context("fork").Process(target=child, args=(payload, to_child_r, to_parent_w, report_w))
    p.start()
    sent = send_all(to_child_w, payload)
    received = receive_all(to_parent_r)
    child_received, child_sent = report_r.recv()
    p.join()
    return (sent, child_received), (child_sent, received)


if __name__ == "__main__":
    print(sys.version.split()[0])
    for name, payload in (("bytes 2 MB", bytes(2_000_000)), ("bytes 200 kB", bytes(200_000)),
                          ("ints 1 MB", list(range(110_000)))):
        size = len(ForkingPickler.dumps(payload))
        rounds = [one_round(payload) for _ in range(5)]
        for direction, i in (("to the child", 0), ("to the parent", 1)):
            send = statistics.median(r[i][0] for r in rounds)
            receive_cpu = statistics.median(r[i][1][0] for r in rounds)
            receive_wall = statistics.median(r[i][1][1] for r in rounds)
            print(f"{name} ({size / 1e6:.2f} MB pickled) {direction}: send CPU {send / 1e3:.0f} us ({size / send * 1e3:.0f} MB/s), "
                  f"receive CPU {receive_cpu / 1e3:.0f} us, wall {receive_wall / 1e3:.0f} us ({size / receive_wall * 1e3:.0f} MB/s)")
