// parsim-bench: the engine's benchmarks (run by `make bench` through bench/run.sh).
//
// Prints one line per case: events, wall time, events per second, and peak memory, as
// "name events seconds events_per_s rss_mib". Figures are compared with the SimPy models in
// bench/ by bench/run.sh, never asserted in tests.
import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario

func peakRSSMiB() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kb / 1024
  }
  return 0
}

func load(_ yaml: String) -> Scenario {
  do { return try ScenarioLoader.load(yaml: yaml, file: "bench.yaml") } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
  }
}

func bench(_ name: String, _ yaml: String) {
  let s = load(yaml)
  let start = DispatchTime.now().uptimeNanoseconds
  let r = Simulator.run(s, model: s.models[0], recording: false, baseline: nil)
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  print(String(format: "%@ %d %.3f %.0f %.1f %d", name, r.events, seconds, Double(r.events) / seconds, peakRSSMiB(),
    r.metrics.tasks))
}

let args = CommandLine.arguments.dropFirst()
let which = args.first ?? "all"
let tasks = args.dropFirst().first.flatMap { Int($0) }

// M/M/4: a native step is the service, one GIL release per task (native_chunk 0) as SimPy's
// model has one service event per customer; call by call it would be 32 re-takes per task.
if which == "mm4" || which == "all" {
  bench("mm4", """
    name: mm4
    seed: 1
    machine: {cores: 4, costs: {wakeup: 0, thread_start: 0, native_chunk: 0}}
    tasks: [{count: \(tasks ?? 1_000_000), arrivals: {rate: 3200/s}, steps: [{native: {exponential: 1ms}}]}]
    models: [{threading: {threads: 4}}]
    """)
}
if which == "gil" || which == "all" {
  bench("gil8", """
    name: gil8
    seed: 1
    machine: {cores: 2}
    tasks: [{count: \(tasks ?? 10_000), steps: [{cpu: {uniform: [5ms, 15ms]}}, {io: 2ms}, {cpu: 3ms}]}]
    models: [{threading: {threads: 8}}]
    """)
}
if which == "tasks" {
  bench("tasks", """
    name: tasks
    machine: {cores: 2}
    tasks: [{count: \(tasks ?? 1_000_000), steps: [{cpu: 1ms}, {io: 1ms}]}]
    models: [thread_pool]
    """)
}

// The rendering benchmark: a timeline of 100,000 spans over 8 lanes, drawn to PNG and SVG.
// bench/matplotlib_gantt.py draws the same spans with matplotlib's broken_barh.
if which == "render" {
  let lanesCount = 8
  let perLane = (tasks ?? 100_000) / lanesCount
  var rng = SplitMix64(seed: 42)
  var spans: [Span] = []
  let states: [SpanState] = [.python, .gilWait, .io, .native]
  for lane in 0..<lanesCount {
    var t: SimTime = 0
    for _ in 0..<perLane {
      let d = SimTime(50_000 + rng.next() % 150_000)  // 50–200 µs
      spans.append(Span(lane: Int32(lane), state: states[Int(rng.next() % 4)], task: -1, start: t, end: t + d))
      t += d
    }
  }
  let makespan = spans.map(\.end).max() ?? 1
  let trace = Trace(scenario: "render", model: "threading", label: "100,000 spans", cores: 2, makespan: makespan,
    taskCount: 0, lanes: (1...lanesCount).map { Lane(name: "Thread \($0)", kind: .thread, process: 0) }, spans: spans,
    marks: [], taskNames: [])
  for format in [ImageFormat.png, .svg] {
    var best = Double.infinity
    var size = 0
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      let scene = TimelineChart.scene(ChartRun(trace: trace, metrics: nil), title: "100,000 spans", style: ChartStyle(width: 1200),
        measurer: CairoTextMeasurer())
      let data = try CairoRenderer.render(scene, format: format)
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      size = data.count
      if format == .svg { try data.write(to: URL(fileURLWithPath: "/tmp/parsim-bench-render.svg")) }
      if format == .png { try data.write(to: URL(fileURLWithPath: "/tmp/parsim-bench-render.png")) }
    }
    print(String(format: "render-%@ %d %.4f %d", format.rawValue, spans.count, best, size))
  }
}
