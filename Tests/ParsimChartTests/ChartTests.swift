import Foundation
import ParsimChart
import ParsimEngine
import ParsimScenario
import Testing

func load(_ yaml: String) throws -> Scenario { try ScenarioLoader.load(yaml: yaml, file: "chart.yaml") }

let tiny = """
  name: tiny
  title: Two customers
  description: One forgets the avocados.
  machine: {cores: 2}
  labels: {worker: Till, task: Customer}
  tasks:
    - {name: forgetful, steps: [{cpu: 4ms}, {io: 10ms}, {cpu: 2ms}]}
    - {name: customer, count: 2, steps: [{cpu: 5ms}]}
  models: [serial, {threading: {threads: 2}}, asyncio, {multiprocessing: {processes: 2, chunksize: 1}}]
  """

func runs(_ s: Scenario) -> [ChartRun] {
  Simulator.runAll(s, recording: true).map { ChartRun(trace: $0.trace!, metrics: $0.metrics) }
}

@Suite struct ChartTests {
  let measurer = FixedAdvanceMeasurer()

  @Test(arguments: [("state", false), ("task", false), ("state", true)])
  func timelineGolden(color: String, lanes: Bool) throws {
    let s = try load(tiny)
    let style = ChartStyle(width: 800, color: color == "task" ? .task : .state, theme: .light, gilLane: lanes, coreLanes: lanes)
    for (i, run) in HandMadeTraces.runs(s).enumerated() {
      let scene = TimelineChart.scene(run, title: "\(s.displayTitle) — \(run.trace.label)", style: style, measurer: measurer)
      assertSnapshot(scene.dump(), named: "timeline-\(color)\(lanes ? "-lanes" : "")-\(i)")
    }
  }

  @Test func comparisonGolden() throws {
    let s = try load(tiny)
    let scene = ComparisonChart.scene(HandMadeTraces.runs(s), title: s.displayTitle, subtitle: "3 tasks on 2 cores", description: s.description,
      style: ChartStyle(width: 900, theme: .dark), measurer: measurer)
    assertSnapshot(scene.dump(), named: "comparison-dark")
  }

  @Test func speedupGolden() {
    let series = [
      SpeedupChart.Series(label: "multiprocessing", points: [.init(workers: 1, speedup: 0.98), .init(workers: 2, speedup: 1.9),
        .init(workers: 4, speedup: 3.4), .init(workers: 8, speedup: 5.2)]),
      SpeedupChart.Series(label: "threading", points: [.init(workers: 1, speedup: 1), .init(workers: 2, speedup: 0.99),
        .init(workers: 4, speedup: 0.98), .init(workers: 8, speedup: 0.97)]),
    ]
    var withFits = series
    withFits[0].amdahl = .success(AmdahlFit(fraction: 0.9, cap: nil))
    withFits[1].amdahl = .failure(.init(reason: "no Amdahl fit: threads share one GIL"))
    let scene = SpeedupChart.scene(withFits, title: "Speed-up", subtitle: "CPU-bound", style: ChartStyle(width: 700), measurer: measurer,
      bounds: [.init(label: "ideal", cap: nil), .init(label: "4 cores", cap: 4)])
    assertSnapshot(scene.dump(), named: "speedup")
  }

  @Test func validationGolden() throws {
    let s = try load(tiny)
    let r = HandMadeTraces.runs(s)
    var measured = r[1].trace
    // A "measured" trace: the simulated one stretched by 5%.
    measured.spans = measured.spans.map { var x = $0; x.start = x.start * 105 / 100; x.end = x.end * 105 / 100; return x }
    measured.marks = measured.marks.map { var x = $0; x.time = x.time * 105 / 100; return x }
    measured.makespan = measured.makespan * 105 / 100
    let scene = ValidationChart.scene(simulated: r[1], measured: ChartRun(trace: measured, metrics: nil),
      title: "Two customers — threading", style: ChartStyle(width: 800), measurer: measurer)
    assertSnapshot(scene.dump(), named: "validation")
    #expect(scene.dump().contains("error -4.8%"))
  }

  @Test func amdahlFitRecoversTheParallelFraction() throws {
    for p in [0.5, 0.9, 0.95, 1.0] {
      let points = [1, 2, 4, 8, 16].map { n in SpeedupChart.Series.Point(workers: n, speedup: 1 / ((1 - p) + p / Double(n))) }
      #expect(abs(try AmdahlFit.fit(points, cap: nil).get().fraction - p) < 0.0015)
    }
  }

  @Test func amdahlFitIsCappedAtWhatComputesAtOnce() throws {
    // ThreadPoolExecutor(4) on native work, cores 1, 2, 4, 8: 1×, 2×, 4×, 4× is perfect scaling
    // up to its 4 workers (p = 1), not a parallel fraction of 0.88 over 8 cores.
    let points = [(1, 1.0), (2, 1.99), (4, 3.98), (8, 3.99)].map { SpeedupChart.Series.Point(workers: $0.0, speedup: $0.1) }
    let fit = try AmdahlFit.fit(points, cap: 4).get()
    #expect(fit.fraction >= 0.995)
    #expect(abs(fit.speedup(8) - 4) < 0.05)
  }

  @Test func amdahlFitIsLeftOutWhereWaitsSetTheSpeedUp() {
    // I/O-bound threads: 25× at 64 workers on 4 cores is no CPU parallelism.
    let io = [(1, 1.0), (4, 4.0), (16, 15.4), (64, 25.0)].map { SpeedupChart.Series.Point(workers: $0.0, speedup: $0.1) }
    guard case .failure(let unfit) = AmdahlFit.fit(io, cap: 4) else {
      Issue.record("an Amdahl fit drawn under points it cannot reach")
      return
    }
    #expect(unfit.reason.contains("passes the 4×"))
    // Points no Amdahl curve follows: up, then down.
    let odd = [(1, 1.0), (2, 2.0), (3, 1.0), (4, 2.0)].map { SpeedupChart.Series.Point(workers: $0.0, speedup: $0.1) }
    if case .success = AmdahlFit.fit(odd, cap: nil) { Issue.record("a fit that misses the points") }
  }

  @Test func subPixelSpansAreMerged() throws {
    // 100,000 spans of 10 µs on one lane: the scene must not hold one rect per span.
    var spans: [Span] = []
    for i in 0..<100_000 {
      spans.append(Span(lane: 0, state: i % 3 == 0 ? .gilWait : .python, task: Int32(i % 7), start: SimTime(i) * 10_000,
        end: SimTime(i) * 10_000 + 10_000))
    }
    let trace = Trace(scenario: "big", model: "threading", label: "big", cores: 1, makespan: 1_000_000_000, taskCount: 7,
      lanes: [Lane(name: "Thread 1", kind: .thread, process: 0)], spans: spans, marks: [], taskNames: (1...7).map { "t \($0)" })
    for color in [ChartOptions.ColorMode.state, .task] {
      let scene = TimelineChart.scene(ChartRun(trace: trace, metrics: nil), title: "big", style: ChartStyle(width: 1000, color: color),
        measurer: measurer)
      let rects = scene.items.filter { if case .rect = $0 { return true } else { return false } }.count
      #expect(rects < 1_200, "\(rects) rects for 100,000 spans")
    }
  }

  /// The area a fill covers inside a lane's row, as a share of the row's plot area.
  func areaShares(_ scene: Scene, row: Int, theme: Theme) -> (shares: [Color: Double], plotWidth: Double) {
    // Row `row`'s band: drawn behind every other row from the first (rows 0, 2, …).
    let bands = scene.items.compactMap { item -> Scene.Rect? in
      if case .rect(let r) = item, r.fill == theme.laneBand { return r } else { return nil }
    }
    let band = bands[row / 2]
    let top = band.y + 2
    let bottom = top + 20
    var shares: [Color: Double] = [:]
    for item in scene.items {
      switch item {
      case .rect(let r) where r.fill != theme.laneBand && r.y >= top - 1e-9 && r.y + r.height <= bottom + 1e-9:
        shares[r.fill, default: 0] += r.width * r.height / (band.width * 20)
      case .polygon(let p) where p.rings.joined().allSatisfy({ $0.y >= top - 1e-9 && $0.y <= bottom + 1e-9 }):
        // The shoelace formula: the area inside each outline.
        for ring in p.rings {
          var twice = 0.0
          for (i, q) in ring.enumerated() {
            let r = ring[(i + 1) % ring.count]
            twice += q.x * r.y - r.x * q.y
          }
          shares[p.fill, default: 0] += abs(twice) / 2 / (band.width * 20)
        }
      default:
        break
      }
    }
    return (shares, band.width)
  }

  @Test func everyStateIsDrawnInProportionToItsTime() {
    // Random lanes of wide and sub-pixel spans, with idle gaps: the area each state covers is
    // its share of the run's time, within one pixel column's worth plus 1%.
    var rng = SplitMix64(seed: 2026)
    let states: [SpanState] = [.python, .io, .gilWait, .native, .lockWait]
    for round in 0..<60 {
      var spans: [Span] = []
      var t: SimTime = 0
      let n = 1 + Int(rng.next() % 3000)
      for _ in 0..<n {
        // Mostly short spans (a few µs to a ms), now and then a long one, sometimes a gap.
        let long = rng.next() % 20 == 0
        let d = SimTime(1 + rng.next() % (long ? 200_000_000 : 1_000_000))
        if rng.next() % 5 == 0 { t += SimTime(rng.next() % 500_000) }
        spans.append(Span(lane: 0, state: states[Int(rng.next() % UInt64(states.count))], task: 0, start: t, end: t + d))
        t += d
      }
      let makespan = t + SimTime(rng.next() % 1_000_000)
      let trace = Trace(scenario: "r", model: "threading", label: "r", cores: 1, makespan: makespan, taskCount: 1,
        lanes: [Lane(name: "Thread 1", kind: .thread, process: 0)], spans: spans, marks: [], taskNames: ["t"])
      let style = ChartStyle(width: Double(400 + round * 20))
      let scene = TimelineChart.scene(ChartRun(trace: trace, metrics: nil), title: "r", style: style, measurer: measurer)
      let (drawn, width) = areaShares(scene, row: 0, theme: style.theme)
      for state in states {
        let time = spans.filter { $0.state == state }.reduce(SimTime(0)) { $0 + $1.end - $1.start }
        let share = Double(time) / Double(makespan)
        let area = drawn[style.theme.color(state)] ?? 0
        #expect(abs(area - share) <= 1 / width + 0.01, "round \(round), \(state): drawn \(area), time share \(share)")
      }
    }
  }

  @Test func theDenseSerialExampleDrawsPythonAsAFifthOfItsLane() throws {
    // 3,000 × (300 µs of Python, 1 ms of I/O): Python is 300 / 1,300 = 23% of the time (a little
    // less with the sleep overshoot each I/O pays), in spans of under a pixel at 1,200 pixels.
    let s = try load("name: dense\ntasks:\n  - steps: [{repeat: 3000, steps: [{cpu: 300us}, {io: 1ms}]}]\nmodels: [serial]\n")
    let run = runs(s)[0]
    let style = ChartStyle(width: 1200)
    let scene = TimelineChart.scene(run, title: "dense", style: style, measurer: measurer)
    let thread = run.trace.lanes.firstIndex { $0.kind == .thread }!
    let python = run.trace.spans.filter { Int($0.lane) == thread && $0.state == .python }.reduce(SimTime(0)) { $0 + $1.end - $1.start }
    let share = Double(python) / Double(run.trace.makespan)
    #expect(share > 0.2 && share < 0.24, "Python is \(share) of the run")
    var area = 0.0
    // The plot's width: the time axis's baseline, the longest horizontal line in the axis colour.
    var width = 0.0
    for case .line(let l) in scene.items where l.color == style.theme.axis && l.points.count == 2 && l.points[0].y == l.points[1].y {
      width = max(width, l.points[1].x - l.points[0].x)
    }
    #expect(width > 900)
    for case .polygon(let p) in scene.items where p.fill == style.theme.color(.python) {
      for ring in p.rings {
        var twice = 0.0
        for (i, q) in ring.enumerated() {
          let r = ring[(i + 1) % ring.count]
          twice += q.x * r.y - r.x * q.y
        }
        area += abs(twice) / 2
      }
    }
    for case .rect(let r) in scene.items where r.fill == style.theme.color(.python) && r.height == 20 { area += r.width * r.height }
    #expect(abs(area / (width * 20) - share) <= 1 / width + 0.01, "drawn \(area / (width * 20)), time \(share)")
  }

  @Test func aLaneOfThousandsOfTasksCostsWhatItsPixelsDo() throws {
    // 3,000 tasks coloured by task on one lane (the fuzzer's slow input): colours repeat after
    // 21, so the lane needs at most 21 colours × 3 looks, one item each — not an item per task
    // (which made a lane of thousands of tasks quadratic in them).
    let s = try load("name: many\ntasks: [{count: 3000, steps: [{cpu: 47us}]}]\nmodels: [serial]\ncharts: {color: task}\n")
    let scene = TimelineChart.scene(runs(s)[0], title: "many", style: ChartStyle(width: 1000, color: .task), measurer: measurer)
    let polygons = scene.items.filter { if case .polygon = $0 { return true } else { return false } }.count
    #expect(polygons <= Theme.categoricalCount * 3 + 2, "\(polygons) polygons")
    let points = scene.items.reduce(0) { total, item in
      if case .polygon(let p) = item { return total + p.rings.reduce(0) { $0 + $1.count } }
      return total
    }
    #expect(points < 1000 * 4 * Theme.categoricalCount, "\(points) points")
  }

  @Test func lockLanesShowWhoHoldsEachLock() throws {
    // Two threads, each 10 ms of Python under lock 'db': the lock is held twice, by two threads,
    // never by two at once, for at least the 20 ms of work under it.
    let s = try load("name: l\ntasks: [{count: 2, steps: [{lock: db, steps: [{cpu: 10ms}]}]}]\nmodels: [{threading: {threads: 2}}]\n")
    let trace = runs(s)[0].trace
    let lane = try #require(trace.lanes.firstIndex { $0.kind == .lock && $0.name == "Lock db" })
    let held = trace.spans.filter { Int($0.lane) == lane }.sorted { $0.start < $1.start }
    #expect(held.count == 2)
    #expect(Set(held.map(\.task)).count == 2)
    #expect(held.allSatisfy { trace.lanes[Int($0.task)].kind == .thread })
    #expect(zip(held, held.dropFirst()).allSatisfy { $0.end <= $1.start })
    #expect(held.reduce(SimTime(0)) { $0 + $1.end - $1.start } >= 20_000_000)
    let without = TimelineChart.scene(ChartRun(trace: trace, metrics: nil), title: "l", style: ChartStyle(), measurer: measurer)
    let with = TimelineChart.scene(ChartRun(trace: trace, metrics: nil), title: "l", style: ChartStyle(lockLanes: true), measurer: measurer)
    #expect(!without.dump().contains("\"Lock db\""))
    #expect(with.dump().contains("\"Lock db\""))
  }

  @Test func aGILLaneIsDrawnAsFullAsTheGILWasHeld() {
    // A GIL handed between two threads every 50 µs, held 39% of each 128 µs cycle.
    var spans: [Span] = []
    var t: SimTime = 0
    var holder: Int32 = 0
    var held: SimTime = 0
    while t < 500_000_000 {
      spans.append(Span(lane: 2, state: .held, task: holder, start: t, end: t + 50_000))
      held += 50_000
      holder ^= 1
      t += 128_000
    }
    let trace = Trace(scenario: "g", model: "threading", label: "g", cores: 2, makespan: t, taskCount: 0,
      lanes: [Lane(name: "Thread 1", kind: .thread, process: 0), Lane(name: "Thread 2", kind: .thread, process: 0),
        Lane(name: "GIL", kind: .gil, process: 0)],
      spans: spans, marks: [], taskNames: [])
    let style = ChartStyle(width: 900, gilLane: true)
    let scene = TimelineChart.scene(ChartRun(trace: trace, metrics: nil), title: "g", style: style, measurer: measurer)
    // The thread lanes have no spans and are not drawn: the GIL lane is row 0.
    let (drawn, width) = areaShares(scene, row: 0, theme: style.theme)
    let area = drawn.values.reduce(0, +)
    let share = Double(held) / Double(t)  // 50 / 128 = 0.39
    #expect(abs(area - share) <= 1 / width + 0.01, "GIL drawn \(area) full, held \(share)")
  }

  @Test func manyLanesFoldIntoBands() throws {
    let s = try load("name: many\ntasks: [{count: 300, steps: [{io: 10ms}]}]\nmodels: [threading, asyncio]\n")
    for run in runs(s) {
      let scene = TimelineChart.scene(run, title: "many", style: ChartStyle(), measurer: measurer)
      #expect(scene.height < 600, "\(run.trace.label): \(scene.height) px tall")
      let dump = scene.dump()
      #expect(dump.contains(run.trace.model == "asyncio" ? "\"300 coroutines\"" : "\"300 threads (Thread)\""), "\(dump.split(separator: "\n").filter { $0.hasPrefix("text") })")
    }
  }

  @Test func textIsShortenedNeverClipped() {
    let long = "A very long lane label that would never fit in the label column of a timeline"
    let fitted = measurer.fit(long, size: 11.5, maxWidth: 120)
    #expect(fitted.hasSuffix("…"))
    #expect(measurer.width(of: fitted, size: 11.5, bold: false) <= 120)
    #expect(measurer.fit("short", size: 11.5, maxWidth: 120) == "short")
    let lines = measurer.wrap(String(repeating: "word ", count: 100), size: 12, maxWidth: 300, maxLines: 3)
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { measurer.width(of: $0, size: 12, bold: false) <= 300 })
    #expect(lines[2].hasSuffix("…"))
  }

  @Test func textStaysInsideTheScene() throws {
    let s = try load(tiny)
    for run in runs(s) {
      let scene = TimelineChart.scene(run, title: String(repeating: "Long title ", count: 30), style: ChartStyle(width: 600),
        measurer: measurer)
      for case .text(let t) in scene.items {
        let w = measurer.width(of: t.string, size: t.size, bold: t.bold)
        let left = t.anchor == .start ? t.x : t.anchor == .middle ? t.x - w / 2 : t.x - w
        #expect(left >= 0 && left + w <= scene.width + 0.5, "\"\(t.string)\" at \(left)…\(left + w) in \(scene.width)")
        #expect(t.y <= scene.height)
      }
    }
  }

  @Test(arguments: [
    (SimTime(592_000_000), ["0", "50 ms", "100 ms"]), (SimTime(3_600_000_000), ["0", "0.5 s", "1.0 s"]),
    (SimTime(66_000_000_000), ["0", "5 s", "10 s"]), (SimTime(18_700), ["0", "2 µs", "4 µs"]),
  ])
  func axisTicksAreRound(end: SimTime, first: [String]) {
    let axis = TimeAxis(end: end, pixels: 1000)
    #expect(Array(axis.labels.prefix(3)) == first)
    #expect(axis.ticks.last! <= end)
    #expect(axis.ticks.count >= 5 && axis.ticks.count <= 16)
  }
}
