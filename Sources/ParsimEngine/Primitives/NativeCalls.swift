/// C code that releases the GIL per call: hashlib per `update()`, zlib per block, numpy per
/// ufunc. A `native` step runs as calls of `native_chunk` each, the GIL released inside
/// (`Py_BEGIN_ALLOW_THREADS`); between two calls the thread takes the GIL back for `native_call`
/// of Python, the loop that makes the next call. Alone, that costs the Python; beside a thread
/// running Python each re-take can wait a switch interval (`take_gil`'s timed wait), so chunked
/// C code keeps up with a CPU-bound neighbour only a call per interval. `native_chunk: 0` makes
/// a step one release.
extension Simulation {
  /// Starts native step `s`'s C code (`d` of it) on thread `t`.
  mutating func startNative(_ t: ThreadID, _ s: TaskSlot, _ d: SimTime) {
    tasks.cursors[s].nativeLeft = d
    tasks.cursors[s].nativeBetweenCalls = false
    nextNativeCall(t, s)
  }

  /// True while native step `s` has more to run (its next piece has started on thread `t`).
  mutating func nativeGoesOn(_ t: ThreadID, _ s: TaskSlot) -> Bool {
    guard tasks.cursors[s].nativeLeft > 0 else { return false }
    nextNativeCall(t, s)
    return true
  }

  /// The Python before the next call, holding the GIL; or the next call, without it.
  mutating func nextNativeCall(_ t: ThreadID, _ s: TaskSlot) {
    if tasks.cursors[s].nativeBetweenCalls {
      tasks.cursors[s].nativeBetweenCalls = false
      startWork(t, costs.nativeCall, .native, needsGIL: true)
      return
    }
    let left = tasks.cursors[s].nativeLeft
    let call = costs.nativeChunk > 0 ? min(left, costs.nativeChunk) : left
    tasks.cursors[s].nativeLeft = left - call
    tasks.cursors[s].nativeBetweenCalls = left > call
    startWork(t, call, .native, needsGIL: false)
  }
}
