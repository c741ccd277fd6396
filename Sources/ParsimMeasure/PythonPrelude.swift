/// Python shared by the programs parsim runs, placed before each program (which calls it first).
enum PythonPrelude {
  static let resetSignals = #"""
def reset_signals():
    """Start with no blocked signals and default SIGTERM/SIGINT handling.

    A parent (Foundation's Process, say) may spawn this interpreter with signals blocked; forked
    pool workers inherit the mask, and Pool.terminate()'s SIGTERM would never reach them, leaving
    the pool's join waiting forever.
    """
    import signal
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, signal.SIG_DFL if s == signal.SIGTERM else signal.default_int_handler)
"""#
}
