// parsim-bench: the engine's benchmarks (run by `make bench` through bench/run.sh).
//
// Prints one line per case: events, wall time, events per second, and peak memory, as
// "name events seconds events_per_s rss_mib". Figures are compared with the SimPy models in
// bench/ by bench/run.sh, never asserted in tests.
import Foundation
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

if which == "mm4" || which == "all" {
  bench("mm4", """
    name: mm4
    seed: 1
    machine: {cores: 4, costs: {wakeup: 0, thread_start: 0}}
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
