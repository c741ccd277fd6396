import Foundation
import ParsimEngine
import ParsimScenario

/// The lanes of one trace drawn on a shared time scale: thread lanes, coroutines (one lane each,
/// or one aggregate band when there are many), GIL and core lanes, and the tasks' marks.
///
/// Spans narrower than a pixel are drawn by ``PixelRaster``: each pixel column shows its states
/// stacked in proportion to their time, so the scene grows with the picture's width, not with the
/// trace, and no state is drawn bigger or smaller than the time it took.
struct LanePlot {
  let trace: Trace
  let style: ChartStyle
  let x0: Double
  let x1: Double
  /// The window of time drawn: the whole run, or the part `--window` asks for.
  let scaleStart: SimTime
  let scaleEnd: SimTime
  let laneHeight: Double
  let gap: Double
  /// Coroutine lanes beyond this count become one aggregate band.
  static let coroutineLaneLimit = 24
  static let bandHeight = 64.0

  var scale: Double { (x1 - x0) / Double(max(1, scaleEnd - scaleStart)) }
  func x(_ t: SimTime) -> Double { x0 + Double(t - scaleStart) * scale }

  /// Which rows to draw, in order.
  enum Row {
    case lane(Int)
    /// Many lanes of one kind as one band, named for them.
    case band([Int], String)
    case marks
  }

  /// "Thread 12" → "Thread": the name a lane shares with its siblings.
  static func family(_ name: String) -> String {
    var s = Substring(name)
    while let last = s.last, last.isNumber { s.removeLast() }
    return String(s).trimmingTrailingSpaces()
  }

  /// Lanes in order, with each family of more than `limit` lanes folded into one band.
  static func fold(_ lanes: [Int], names: [String], limit: Int, plural: (String, Int) -> String) -> [Row] {
    var counts: [String: Int] = [:]
    for l in lanes { counts[family(names[l]), default: 0] += 1 }
    var rows: [Row] = []
    var banded: Set<String> = []
    for l in lanes {
      let f = family(names[l])
      if (counts[f] ?? 0) > limit {
        if !banded.contains(f) {
          banded.insert(f)
          let members = lanes.filter { family(names[$0]) == f }
          rows.append(.band(members, plural(f, members.count)))
        }
      } else {
        rows.append(.lane(l))
      }
    }
    return rows
  }

  /// A trace's spans grouped by lane, each lane in time order: built once per trace and shared
  /// by every plot of it.
  struct SpanIndex {
    let spans: [Span]
    let ranges: [Range<Int>]

    init(_ trace: Trace) {
      // The engine records spans sorted by lane and start; a measured trace may not be.
      let isSorted = zip(trace.spans, trace.spans.dropFirst()).allSatisfy { a, b in (a.lane, a.start, a.end) <= (b.lane, b.start, b.end) }
      let spans = isSorted ? trace.spans : trace.spans.sorted { ($0.lane, $0.start, $0.end) < ($1.lane, $1.start, $1.end) }
      var ranges = [Range<Int>](repeating: 0..<0, count: trace.lanes.count)
      var i = 0
      while i < spans.count {
        let lane = Int(spans[i].lane)
        var j = i
        while j < spans.count, spans[j].lane == spans[i].lane { j += 1 }
        if lane >= 0, lane < ranges.count { ranges[lane] = i..<j }
        i = j
      }
      self.spans = spans
      self.ranges = ranges
    }

    subscript(lane: Int) -> ArraySlice<Span> {
      lane >= 0 && lane < ranges.count ? spans[ranges[lane]] : []
    }
  }

  let index: SpanIndex

  init(trace: Trace, style: ChartStyle, x0: Double, x1: Double, scaleStart: SimTime = 0, scaleEnd: SimTime,
    laneHeight: Double, gap: Double, index: SpanIndex? = nil)
  {
    self.scaleStart = scaleStart
    self.trace = trace
    self.style = style
    self.x0 = x0
    self.x1 = x1
    self.scaleEnd = scaleEnd
    self.laneHeight = laneHeight
    self.gap = gap
    self.index = index ?? SpanIndex(trace)
  }

  var rows: [Row] {
    var rows: [Row] = []
    if !trace.marks.isEmpty { rows.append(.marks) }
    let threads = trace.lanes.indices.filter {
      (trace.lanes[$0].kind == .thread || trace.lanes[$0].kind == .process) && !index[$0].isEmpty
    }
    let names = trace.lanes.map(\.name)
    var workerRows = Self.fold(threads, names: names, limit: Self.coroutineLaneLimit) { "\($1) threads (\($0))" }
    let coroutines = trace.lanes.indices.filter { trace.lanes[$0].kind == .coroutine }
    if coroutines.count > Self.coroutineLaneLimit {
      workerRows.append(.band(coroutines, "\(coroutines.count) coroutines"))
    } else {
      workerRows += coroutines.map { .lane($0) }
    }
    // A pipeline's lanes in the order they were made (producer, then each stage's queue and
    // workers, whether threads, processes or coroutines); each queue lane before the first
    // workers started after it.
    func first(_ row: Row) -> Int {
      switch row {
      case .lane(let i): return i
      case .band(let lanes, _): return lanes.first ?? 0
      case .marks: return -1
      }
    }
    let queues = trace.lanes.indices.filter { trace.lanes[$0].kind == .queue }
    if !queues.isEmpty { workerRows.sort { first($0) < first($1) } }
    for q in queues {
      let at = workerRows.firstIndex { first($0) > q } ?? workerRows.count
      workerRows.insert(.lane(q), at: at)
    }
    rows += workerRows
    if style.gilLane {
      rows += trace.lanes.indices.filter { trace.lanes[$0].kind == .gil && !index[$0].isEmpty }.map { .lane($0) }
    }
    if style.lockLanes {
      rows += trace.lanes.indices.filter { trace.lanes[$0].kind == .lock || trace.lanes[$0].kind == .semaphore }
        .sorted { trace.lanes[$0].name < trace.lanes[$1].name }.map { .lane($0) }
    }
    if style.coreLanes {
      rows += trace.lanes.indices.filter { trace.lanes[$0].kind == .core }.sorted { trace.lanes[$0].name < trace.lanes[$1].name }
        .map { .lane($0) }
    }
    return rows
  }

  func rowHeight(_ row: Row) -> Double {
    switch row {
    case .lane: return laneHeight
    case .band: return Self.bandHeight
    case .marks: return 12
    }
  }

  func label(_ row: Row) -> String {
    switch row {
    case .lane(let i): return trace.lanes[i].name
    case .band(_, let name): return name
    case .marks: return "Tasks"
    }
  }

  /// Colour of a thread lane, for GIL and core lanes that show who holds them.
  func threadColor(_ lane: Int) -> Color {
    let threads = trace.lanes.indices.filter { trace.lanes[$0].kind == .thread || trace.lanes[$0].kind == .process }
    return style.theme.categorical(threads.firstIndex(of: lane) ?? lane)
  }

  var needsThreadSwatches: Bool { false }

  /// The fill (and hatch) of a span.
  func fill(_ span: Span, lane: Lane) -> (Color, Color?) {
    if lane.kind == .gil || lane.kind == .core || lane.kind == .lock { return (threadColor(Int(span.task)), nil) }
    switch style.color {
    case .state:
      return (style.theme.color(span.state), nil)
    case .task:
      let base = span.task >= 0 ? style.theme.categorical(Int(span.task)) : style.theme.neutral
      return style.theme.taskFill(base, span.state)
    }
  }

  /// Which kinds of lane drew pixel columns as stacks, for the legend to explain them.
  struct Stacked {
    var states = false
    var holders = false
    mutating func formUnion(_ o: Stacked) {
      states = states || o.states
      holders = holders || o.holders
    }
  }

  /// Draws every row from `y`; returns the height used, the states seen, and which lanes drew
  /// pixel columns as stacks.
  func draw(into b: inout SceneBuilder, y: Double, labelX: Double, labelWidth: Double) -> (Double, Set<SpanState>, Stacked) {
    var cy = y
    var seen = Set<SpanState>()
    var stacked = Stacked()
    for (position, row) in rows.enumerated() {
      let h = rowHeight(row)
      if case .marks = row {} else if position % 2 == 0 {
        b.rect(x0, cy - gap / 2, x1 - x0, h + gap, style.theme.laneBand)
      }
      let name = b.measurer.fit(label(row), size: Metrics_.labelSize, maxWidth: labelWidth - (needsThreadSwatches ? 14 : 0))
      var textX = labelX
      if needsThreadSwatches, case .lane(let i) = row, trace.lanes[i].kind == .thread || trace.lanes[i].kind == .process {
        b.rect(labelX, cy + h / 2 - 4, 8, 8, threadColor(i), radius: 1.5)
        textX += 13
      }
      b.text(name, textX, cy + h / 2 + 4, size: Metrics_.labelSize, color: row.isMarks ? style.theme.mutedText : style.theme.text)
      switch row {
      case .lane(let i):
        let (s, st) = drawLane(i, into: &b, y: cy, height: h)
        seen.formUnion(s)
        if [.gil, .core, .lock].contains(trace.lanes[i].kind) { stacked.holders = stacked.holders || st } else {
          stacked.states = stacked.states || st
        }
      case .band(let lanes, _):
        seen.formUnion(drawBand(lanes, into: &b, y: cy, height: h))
      case .marks:
        drawMarks(into: &b, y: cy)
      }
      cy += h + gap
    }
    return (cy - y, seen, stacked)
  }

  /// The short name of a thread for GIL and core lanes: its number, or its first word.
  func shortName(_ lane: Int) -> String {
    guard lane >= 0, lane < trace.lanes.count else { return "" }
    let name = trace.lanes[lane].name
    var digits = ""
    for ch in name.reversed() {
      if ch.isNumber { digits.insert(ch, at: digits.startIndex) } else { break }
    }
    if !digits.isEmpty { return digits }
    return String(name.split(separator: " ").first ?? "").lowercased()
  }

  /// A lane's spans inside the window, clipped to it, in time order.
  func visibleSpans(_ laneIndex: Int) -> ArraySlice<Span> {
    let spans = index[laneIndex]
    if scaleStart == 0, spans.last.map({ $0.end <= scaleEnd }) ?? true { return spans }
    var out: [Span] = []
    out.reserveCapacity(spans.count)
    for var s in spans where s.end > scaleStart && s.start < scaleEnd {
      s.start = max(s.start, scaleStart)
      s.end = min(s.end, scaleEnd)
      out.append(s)
    }
    return out[...]
  }

  /// A GIL or core lane: who holds it, in two alternating shades that change at every switch,
  /// with the holder's short name where the span is wide enough. Where holders change faster
  /// than a pixel, a third, lighter shade fills each column to the share of its time the GIL
  /// or core was held, so a GIL held 39% of the time is drawn 39% full.
  func drawHolderLane(_ laneIndex: Int, into b: inout SceneBuilder, y: Double, height: Double) -> Bool {
    let tones = [style.theme.text.mixed(with: style.theme.background, 0.25), style.theme.text.mixed(with: style.theme.background, 0.5)]
    let busy = style.theme.text.mixed(with: style.theme.background, 0.7)
    var raster = PixelRaster()
    for span in visibleSpans(laneIndex) {
      raster.add(.init(a: x(span.start), z: x(span.end), key: Int(span.task)))
    }
    raster.finish()
    var tone = 0
    var previous: Int?
    var toneRings: [[[Scene.Point]]] = [[], []]
    for run in raster.wide {
      // The shade changes when the holder does, not at a sub-pixel release and re-take.
      if run.key != previous { tone ^= 1 }
      previous = run.key
      toneRings[tone].append(Self.ring(run.a, y, run.z, y + height))
      let name = shortName(run.key)
      if b.width(name, Metrics_.tickSize) + 6 <= run.z - run.a {
        b.text(name, (run.a + run.z) / 2, y + height / 2 + 3.5, size: Metrics_.tickSize, color: style.theme.background,
          anchor: .middle)
      }
    }
    for t in 0..<2 { b.polygon(rings: toneRings[t], tones[t]) }
    // Sub-pixel holders are told apart by nothing but time: one shade, filled to the share held.
    let busyRings = raster.stacks.map { stack -> [Scene.Point] in
      let share = min(1, stack.times.reduce(0) { $0 + $1.time } / (stack.x1 - stack.x0))
      return Self.ring(stack.x0, y + height * (1 - share), stack.x1, y + height)
    }
    b.polygon(rings: busyRings, busy)
    return !raster.stacks.isEmpty
  }

  /// A rectangle as an outline, clockwise from its top left.
  static func ring(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Scene.Point] {
    [Scene.Point(x0, y0), Scene.Point(x1, y0), Scene.Point(x1, y1), Scene.Point(x0, y1)]
  }

  /// The stacking order of states in a pixel column, bottom first: running, then waiting.
  static let stackOrder: [SpanState] = [.python, .native, .overhead, .held, .gilWait, .coreWait, .lockWait, .queueFull, .loopWait, .executorWait, .io]

  func drawLane(_ laneIndex: Int, into b: inout SceneBuilder, y: Double, height: Double) -> (Set<SpanState>, Bool) {
    let lane = trace.lanes[laneIndex]
    if lane.kind == .gil || lane.kind == .core || lane.kind == .lock {
      return ([], drawHolderLane(laneIndex, into: &b, y: y, height: height))
    }
    if lane.kind == .semaphore || lane.kind == .queue {
      drawSemaphoreLane(laneIndex, into: &b, y: y, height: height)
      if lane.kind == .queue {  // its maxsize (or the most it held): the lane's full height, marked
        b.line([Scene.Point(x0, y + 0.5), Scene.Point(x1, y + 0.5)], style.theme.color(.queueFull), width: 1, dash: [4, 3])
      }
      return ([], false)
    }
    var seenMask: UInt16 = 0
    // Spans are keyed by what decides their look (state, and task when colouring by task).
    var fills: [Int: (Color, Color?)] = [:]
    var lastKey = Int.min
    func key(_ span: Span) -> Int {
      let k: Int
      if style.color == .task {
        // By task, states that look alike (solid, faded or hatched) share a key.
        let look: Int
        switch span.state {
        case .python, .native, .overhead, .held: look = 0
        case .gilWait, .coreWait, .lockWait, .loopWait, .queueFull: look = 1
        case .io, .executorWait: look = 2
        }
        // Tasks whose colours repeat look alike too: the key is the colour, not the task, so a
        // lane of ten thousand tasks has at most 22 × 3 keys.
        let colour = span.task >= 0 ? Int(span.task) % Theme.categoricalCount : -1
        k = (colour + 1) * 4 + look
      } else {
        k = Int(span.state.rawValue)
      }
      if k != lastKey, fills[k] == nil { fills[k] = fill(span, lane: lane) }
      lastKey = k
      return k
    }
    let rank: (Int) -> Int
    if style.color == .task {
      rank = { $0 % 4 }
    } else {
      rank = { k in Self.stackOrder.firstIndex { Int($0.rawValue) == k } ?? k }
    }
    var raster = PixelRaster()
    for span in visibleSpans(laneIndex) {
      seenMask |= 1 << span.state.rawValue
      raster.add(.init(a: x(span.start), z: x(span.end), key: key(span)))
    }
    let seen = Set(SpanState.allCases.filter { seenMask & (1 << $0.rawValue) != 0 })
    raster.finish()
    // One item per key: its wide spans and its layers of every stretch of stacked columns.
    var rings: [Int: [[Scene.Point]]] = [:]
    for p in raster.wide { rings[p.key, default: []].append(Self.ring(p.a, y, p.z, y + height)) }
    for stretch in Self.stretches(raster.stacks) {
      for (key, outline) in Self.layerOutlines(stretch, rank: rank, y: y, height: height) {
        rings[key, default: []].append(outline)
      }
    }
    for key in rings.keys.sorted(by: { (rank($0), $0) < (rank($1), $1) }) {
      if let f = fills[key], let r = rings[key] { b.polygon(rings: r, f.0, hatch: f.1) }
    }
    return (seen, !raster.stacks.isEmpty)
  }

  /// Runs of stacks that touch, each drawn as one polygon per key.
  static func stretches(_ stacks: [PixelRaster.Stack]) -> [ArraySlice<PixelRaster.Stack>] {
    var out: [ArraySlice<PixelRaster.Stack>] = []
    var start = 0
    for i in stacks.indices where i > 0 && abs(stacks[i].x0 - stacks[i - 1].x1) > 1e-9 {
      out.append(stacks[start..<i])
      start = i
    }
    if !stacks.isEmpty { out.append(stacks[start...]) }
    return out
  }

  /// Each key's layer across a stretch: one outline per run of consecutive columns it appears
  /// in, its top edge left to right, then its bottom edge back, stepping at each run. The area
  /// inside is the key's time exactly, and the outlines hold only the runs each key is in, so a
  /// lane coloured by thousands of tasks costs what its pixels do, not tasks × pixels.
  static func layerOutlines(_ stretch: ArraySlice<PixelRaster.Stack>, rank: (Int) -> Int, y: Double, height: Double)
    -> [(Int, [Scene.Point])]
  {
    // Per key, the runs it is in with its bottom and top (shares of the height), in run order.
    var segments: [Int: [(run: Int, lo: Double, hi: Double)]] = [:]
    for (i, stack) in stretch.enumerated() {
      var below = 0.0
      for layer in stack.layers(rank: rank) {
        segments[layer.key, default: []].append((i, below, below + layer.share))
        below += layer.share
      }
    }
    func extend(_ edge: inout [Scene.Point], _ stack: PixelRaster.Stack, _ yy: Double) {
      if edge.last?.y == yy {
        edge[edge.count - 1] = Scene.Point(stack.x1, yy)
      } else {
        edge.append(Scene.Point(stack.x0, yy))
        edge.append(Scene.Point(stack.x1, yy))
      }
    }
    var out: [(Int, [Scene.Point])] = []
    let base = stretch.startIndex
    for key in segments.keys.sorted(by: { (rank($0), $0) < (rank($1), $1) }) {
      var topEdge: [Scene.Point] = []
      var bottomEdge: [Scene.Point] = []
      var previous = Int.min
      for segment in segments[key] ?? [] {
        if segment.run != previous + 1, !topEdge.isEmpty {
          out.append((key, topEdge + bottomEdge.reversed()))
          topEdge.removeAll()
          bottomEdge.removeAll()
        }
        let stack = stretch[base + segment.run]
        extend(&topEdge, stack, y + height * (1 - segment.hi))
        extend(&bottomEdge, stack, y + height * (1 - segment.lo))
        previous = segment.run
      }
      if !topEdge.isEmpty { out.append((key, topEdge + bottomEdge.reversed())) }
    }
    return out
  }

  /// Many lanes as one band: how many are in each state over time, stacked.
  func drawBand(_ lanes: [Int], into b: inout SceneBuilder, y: Double, height: Double) -> Set<SpanState> {
    let columns = max(1, Int((x1 - x0).rounded(.up)))
    let columnTime = Double(max(1, scaleEnd - scaleStart)) / Double(columns)
    let order: [SpanState] = [.python, .native, .overhead, .loopWait, .lockWait, .queueFull, .gilWait, .coreWait, .executorWait, .io]
    var occupancy = [[Double]](repeating: [Double](repeating: 0, count: columns + 1), count: order.count)
    var seen = Set<SpanState>()
    for lane in lanes {
      for span in visibleSpans(lane) {
        guard let si = order.firstIndex(of: span.state) else { continue }
        seen.insert(span.state)
        let a = Double(span.start - scaleStart) / columnTime
        let z = Double(span.end - scaleStart) / columnTime
        var c = Int(a)
        while Double(c) < z && c < columns {
          let overlap = min(z, Double(c + 1)) - max(a, Double(c))
          if overlap > 0 { occupancy[si][c] += overlap }
          c += 1
        }
      }
    }
    var peak = 1.0
    for c in 0..<columns { peak = max(peak, order.indices.reduce(0) { $0 + occupancy[$1][c] }) }
    var base = [Double](repeating: 0, count: columns)
    for (si, state) in order.enumerated() where seen.contains(state) {
      var top: [Scene.Point] = []
      var bottom: [Scene.Point] = []
      for c in 0..<columns {
        let px = x0 + Double(c) * (x1 - x0) / Double(columns)
        let px2 = x0 + Double(c + 1) * (x1 - x0) / Double(columns)
        let lo = base[c]
        let hi = lo + occupancy[si][c]
        let yLo = y + height - lo / peak * height
        let yHi = y + height - hi / peak * height
        top.append(Scene.Point(px, yHi))
        top.append(Scene.Point(px2, yHi))
        bottom.append(Scene.Point(px, yLo))
        bottom.append(Scene.Point(px2, yLo))
        base[c] = hi
      }
      let color: Color = style.color == .state ? style.theme.color(state) : style.theme.taskFill(style.theme.neutral, state).0
      b.polygon(Self.simplify(top) + Self.simplify(bottom).reversed(), color)
    }
    b.text("peak \(Int(peak.rounded()))", x1 - 4, y + 11, size: Metrics_.tickSize, color: style.theme.mutedText, anchor: .end)
    return seen
  }

  /// Drops points on straight runs (same y), keeping the outline exact.
  static func simplify(_ points: [Scene.Point]) -> [Scene.Point] {
    guard points.count > 2 else { return points }
    var out: [Scene.Point] = [points[0]]
    for i in 1..<(points.count - 1) where !(points[i - 1].y == points[i].y && points[i].y == points[i + 1].y) {
      out.append(points[i])
    }
    out.append(points[points.count - 1])
    return out
  }

  /// Arrival and completion marks: a marker each when few, else ticks merged per pixel.
  func drawMarks(into b: inout SceneBuilder, y: Double) {
    let arrivalColor = style.theme.mutedText
    let completionColor = style.theme.text
    let marks = trace.marks.filter { $0.time >= scaleStart && $0.time <= scaleEnd }
    if marks.count <= 400 {
      // A marker per 2 px at most, left to right: one closer to the last drawn is covered by it.
      for (kind, dy) in [(Mark.Kind.arrival, 0.0), (.completion, 7.0)] {
        var last = -10.0
        for px in marks.filter({ $0.kind == kind }).map({ x($0.time) }).sorted() where px - last >= 2 {
          if kind == .arrival { b.arrivalMarker(px, y + dy, arrivalColor) } else { b.completionMarker(px, y + dy, completionColor) }
          last = px
        }
      }
      return
    }
    for (kind, color, dy) in [(Mark.Kind.arrival, arrivalColor, 0.0), (.completion, completionColor, 6.0)] {
      var columns = Set<Int>()
      for m in marks where m.kind == kind { columns.insert(Int(x(m.time).rounded(.down))) }
      var runStart: Int?
      var previous = Int.min
      for c in columns.sorted() {
        if c != previous + 1 {
          if let s = runStart { b.rect(Double(s), y + dy, Double(previous - s + 1), 5, color) }
          runStart = c
        }
        previous = c
      }
      if let s = runStart { b.rect(Double(s), y + dy, Double(previous - s + 1), 5, color) }
    }
  }
}

extension LanePlot.Row {
  var isMarks: Bool {
    if case .marks = self { return true }
    return false
  }
}
