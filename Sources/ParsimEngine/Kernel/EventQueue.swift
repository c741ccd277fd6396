/// The pending events: a binary min-heap over ``Event`` ordered by `(time, sequence)`.
///
/// Hand-written rather than swift-collections' `Heap`, which is a min-max heap: the simulator
/// only ever takes the minimum, and a plain binary heap does that with half the comparisons
/// (`make bench` measures the engine with it).
@usableFromInline
struct EventQueue: Sendable {
  @usableFromInline var storage: ContiguousArray<Event> = []
  @usableFromInline var nextSequence: UInt64 = 0

  init(capacity: Int) { storage.reserveCapacity(capacity) }

  @inlinable var isEmpty: Bool { storage.isEmpty }
  @inlinable var count: Int { storage.count }

  /// Schedules an event; events at equal times keep the order in which they were scheduled.
  ///
  /// - Complexity: O(log n).
  @inlinable
  mutating func schedule(_ kind: EventKind, at time: SimTime, target: Int32, generation: UInt32 = 0) {
    let e = Event(time: time, sequence: nextSequence, kind: kind, target: target, generation: generation)
    nextSequence &+= 1
    storage.append(e)
    storage.withUnsafeMutableBufferPointer { buf in
      var child = buf.count - 1
      while child > 0 {
        let parent = (child - 1) >> 1
        if !(e < buf[parent]) { break }
        buf[child] = buf[parent]
        child = parent
      }
      buf[child] = e
    }
  }

  /// Drops every event `isStale` says will do nothing when it comes, and restores heap order.
  ///
  /// Cancelled work leaves its event behind (a thread made to drop the GIL still has its
  /// `threadDone` scheduled hours ahead); without this, a long run at a short switch interval
  /// piles up millions of them.
  ///
  /// - Complexity: O(n).
  @inlinable
  mutating func removeAll(where isStale: (Event) -> Bool) {
    storage.removeAll(where: isStale)
    // Floyd's heap construction: sift down every parent, last first.
    storage.withUnsafeMutableBufferPointer { buf in
      var start = buf.count / 2 - 1
      while start >= 0 {
        Self.siftDown(buf[start], from: start, in: buf)
        start -= 1
      }
    }
  }

  /// Puts `e` at position `i` or below, moving the smaller child up until heap order holds.
  @inlinable
  static func siftDown(_ e: Event, from start: Int, in buf: UnsafeMutableBufferPointer<Event>) {
    let n = buf.count
    var i = start
    while true {
      let l = 2 * i + 1
      if l >= n { break }
      var c = l
      let r = l + 1
      if r < n && buf[r] < buf[l] { c = r }
      if !(buf[c] < e) { break }
      buf[i] = buf[c]
      i = c
    }
    buf[i] = e
  }

  /// Removes and returns the earliest event.
  ///
  /// - Complexity: O(log n).
  @inlinable
  mutating func pop() -> Event? {
    guard let last = storage.popLast() else { return nil }
    if storage.isEmpty { return last }
    let top = storage[0]
    storage.withUnsafeMutableBufferPointer { buf in Self.siftDown(last, from: 0, in: buf) }
    return top
  }
}
