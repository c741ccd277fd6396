/// A growable array of plain-data elements whose element access does no copy-on-write check.
///
/// The engine's hot loop mutates thread and task records millions of times a second; with
/// `Array` each mutation first asks whether the buffer is uniquely referenced (about 10% of the
/// run time in `make bench`'s profile). A `Simulation` is never copied while it runs, so its
/// records can live in storage it alone owns. Only trivial (POD) element types are allowed.
final class UnsafeVector<Element> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 16) {
    precondition(_isPOD(Element.self), "UnsafeVector holds plain data only")
    self.capacity = max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  convenience init(repeating value: Element, count: Int) {
    self.init(capacity: count)
    for _ in 0..<count { append(value) }
  }

  deinit { base.deallocate() }

  /// The elements as an array (a copy).
  var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

  @inline(__always)
  subscript(i: Int) -> Element {
    unsafeAddress {
      #if PARSIM_INTERNAL_CHECKS
        precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      #endif
      return UnsafePointer(base + i)
    }
    unsafeMutableAddress {
      #if PARSIM_INTERNAL_CHECKS
        precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      #endif
      return base + i
    }
  }

  func append(_ e: Element) {
    if count == capacity {
      let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
      bigger.moveInitialize(from: base, count: count)
      base.deallocate()
      base = bigger
      capacity *= 2
    }
    (base + count).initialize(to: e)
    count += 1
  }

  var indices: Range<Int> { 0..<count }
}
