import ParsimScenario

/// Where tasks come from: the scenario's groups, all at time 0 (a `map` over a list) or
/// arriving over time (`every`, `at`, Poisson `rate`). Arrived tasks wait in the source queue
/// until the caller's program takes them.
struct TaskSource {
  enum Arrival: UInt8 { case allAtStart, every, at, poisson }
  /// The queue arrived tasks wait in.
  var queue = QueueID(raw: -1)
  /// Per group: how many of its tasks have arrived, and its stream for Poisson gaps.
  var next: UnsafeVector<Int>
  var rng: UnsafeVector<SplitMix64>
  /// Tasks not yet arrived.
  var pending: Int
  let kind: [Arrival]
  let every: [SimTime]
  let meanGap: [Double]

  init(_ w: Workload) {
    next = UnsafeVector(repeating: 0, count: w.groups.count)
    rng = UnsafeVector(repeating: SplitMix64(seed: 0), count: w.groups.count)
    for g in 0..<w.groups.count { rng[g] = SplitMix64(seed: w.seed ^ 0xD1B5_4A32_D192_ED03, stream: g, index: 0) }
    pending = w.taskCount
    kind = w.groups.map {
      switch $0.arrivals {
      case .allAtStart: return .allAtStart
      case .every: return .every
      case .at: return .at
      case .rate: return .poisson
      }
    }
    every = w.groups.map { if case .every(let gap) = $0.arrivals { return gap } else { return 0 } }
    meanGap = w.groups.map { if case .rate(let r) = $0.arrivals { return 1e9 / r } else { return 0 } }
  }
}

extension Simulation {
  /// Creates the source queue, puts the tasks there at time 0 and schedules later arrivals.
  mutating func openTaskSource(mergesSingles: Bool = true) {
    source.queue = newQueue(mergesSingles: mergesSingles)
    // A pipeline's items come from its source; its stages' groups are the same items later on.
    for (g, group) in workload.groups.enumerated() where workload.stages == nil || g == 0 {
      switch group.arrivals {
      case .allAtStart:
        source.pending -= group.count
        arrive(QueueItem(start: Int32(group.firstTask), count: Int32(group.count), arrival: 0))
      case .every, .rate, .at:
        events.schedule(.arrival, at: nextArrivalTime(GroupID(g)), target: Int32(g))
      }
    }
  }

  mutating func nextArrivalTime(_ g: GroupID) -> SimTime {
    let i = source.next[g]
    switch source.kind[g.index] {
    case .every: return SimTime(i) * source.every[g.index]
    case .at: return workload.groups[g.index].sortedAt[i]
    case .poisson:  // exponential gaps, the first after time 0
      let gap = -logOnePlus(-source.rng[g].nextUnit()) * source.meanGap[g.index]
      return now + SimTime(gap.rounded())
    case .allAtStart: return 0
    }
  }

  /// The next task of group `g` arrives.
  mutating func arrival(_ g: GroupID) {
    let task = tasks.groupFirst[g.index] + source.next[g]
    source.next[g] += 1
    source.pending -= 1
    arrive(QueueItem(start: Int32(task), count: 1, arrival: now))
    if source.next[g] < tasks.groupCount[g.index] {
      events.schedule(.arrival, at: nextArrivalTime(g), target: g.raw)
    }
  }

  mutating func arrive(_ item: QueueItem) {
    if recorder.recording {
      for task in item.start..<(item.start + item.count) { recorder.mark(.arrival, task: task, at: item.arrival) }
    }
    put(source.queue, item)
  }

  /// True when every task has been taken from the source, so a worker may exit.
  var sourceExhausted: Bool { source.pending == 0 && queues[source.queue.index].items.isEmpty }
}

@inline(__always)
func logOnePlus(_ x: Double) -> Double {
  #if canImport(Glibc)
    return Glibc.log1p(x)
  #else
    return Foundation.log1p(x)
  #endif
}

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif
