/// A semaphore's lane: how many of its units are in use over time, the lane's full height being
/// its value. Each pixel column is filled to the time-average of the units in use over the
/// column (so a semaphore of 4 with 2 in use half the time is drawn a quarter full), and
/// neighbouring columns of one height are drawn as one rectangle.
extension LanePlot {
  /// The shade of a semaphore lane's units in use.
  var semaphoreFill: Color { style.theme.text.mixed(with: style.theme.background, 0.35) }

  func drawSemaphoreLane(_ laneIndex: Int, into b: inout SceneBuilder, y: Double, height: Double) {
    let capacity = Double(max(1, trace.lanes[laneIndex].capacity ?? 1))
    let columns = max(1, Int((x1 - x0).rounded(.up)))
    var filled = [Double](repeating: 0, count: columns)
    for span in visibleSpans(laneIndex) {
      let share = min(1, Double(max(0, span.task)) / capacity)
      let a = max(0, x(span.start) - x0)
      let z = min(Double(columns), x(span.end) - x0)
      guard z > a else { continue }
      var c = Int(a)
      while Double(c) < z, c < columns {
        let overlap = min(z, Double(c + 1)) - max(a, Double(c))
        filled[c] += overlap * share
        c += 1
      }
    }
    var rings: [[Scene.Point]] = []
    var start = 0
    while start < columns {
      var end = start + 1
      while end < columns, abs(filled[end] - filled[start]) < 0.01 { end += 1 }
      let share = min(1, filled[start])
      if share > 0.001 {
        rings.append(Self.ring(x0 + Double(start), y + height * (1 - share), min(x1, x0 + Double(end)), y + height))
      }
      start = end
    }
    b.polygon(rings: rings, semaphoreFill)
  }
}
