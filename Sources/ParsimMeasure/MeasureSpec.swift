import Foundation
import ParsimScenario

/// A model's parameters as a real run needs them, resolved by the caller (the simulator's
/// `ResolvedModel` holds the same values, so both runs use the same pool sizes and chunks).
public struct RunParameters: Hashable, Sendable {
  public var kind: ModelKind
  public var workers: Int
  public var chunksize: Int
  public var startMethod: StartMethod
  public var limit: Int?
  public var streaming: Bool
  /// asyncio's process pool for `offload: process` steps.
  public var offloadWorkers: Int
  /// How the caller takes results back.
  public var api: ResultAPI

  public init(kind: ModelKind, workers: Int, chunksize: Int, startMethod: StartMethod, limit: Int?, streaming: Bool,
    offloadWorkers: Int = 2, api: ResultAPI = .map)
  {
    self.kind = kind
    self.workers = workers
    self.chunksize = chunksize
    self.startMethod = startMethod
    self.limit = limit
    self.streaming = streaming
    self.offloadWorkers = offloadWorkers
    self.api = api
  }
}

/// How fast this machine runs the harness's loops.
public struct LoopRates: Hashable, Sendable {
  /// `while i < n: i += 1` iterations per nanosecond.
  public var loopIterationsPerNS: Double
  /// sha256 bytes per nanosecond.
  public var hashBytesPerNS: Double
  /// The interpreter's version, when parsim models it (3.11 to 3.14t).
  public var python: PythonVersion?
  public init(loopIterationsPerNS: Double, hashBytesPerNS: Double) {
    self.loopIterationsPerNS = loopIterationsPerNS
    self.hashBytesPerNS = hashBytesPerNS
  }
}

/// Errors of real runs.
public struct MeasureError: Error, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The most steps a measured scenario may run in all (they are written into the program's data).
public let measurableStepLimit = 2_000_000

/// The data file of a measurement program: the model, the rates and every task's sampled steps.
public enum MeasureSpec {
  public static func json(scenario: Scenario, parameters p: RunParameters, rates: LoopRates) throws -> Data {
    var tasks: [Any] = []
    var locks: [String] = []
    var steps = 0
    var id = 0
    var pipelineItems: [Any] = []
    // A pipeline's items: the producer's sampled steps (group 0), then each stage's (group k + 1).
    for (g, group) in scenario.pipeline == nil ? scenario.tasks.enumerated().map({ ($0, $1) }) : [] {
      let arrivals = group.arrivalTimes(seed: scenario.seed, group: g)
      for i in 0..<group.count {
        let ops = Self.ops(group.sampledSteps(seed: scenario.seed, group: g, index: i), locks: &locks)
        steps += ops.count
        if steps > measurableStepLimit {
          throw MeasureError("\(scenario.name) runs more than \(measurableStepLimit) steps, too many to measure for real")
        }
        // The loader allows no lock, semaphore or offload in on_result: only timed steps.
        let onResult = Self.ops(group.sampledOnResult(seed: scenario.seed, group: g, index: i), locks: &locks)
        steps += onResult.count
        tasks.append([id, arrivals[i], group.args, group.result, ops, onResult])
        id += 1
      }
    }
    if let pipeline = scenario.pipeline {
      let arrivals = scenario.tasks[0].arrivalTimes(seed: scenario.seed, group: 0)
      for i in 0..<pipeline.items {
        var perGroup: [[[Any]]] = []
        for (g, group) in scenario.tasks.enumerated() {
          let ops = Self.ops(group.sampledSteps(seed: scenario.seed, group: g, index: i), locks: &locks)
          steps += ops.count
          perGroup.append(ops)
        }
        if steps > measurableStepLimit {
          throw MeasureError("\(scenario.name) runs more than \(measurableStepLimit) steps, too many to measure for real")
        }
        pipelineItems.append([i, arrivals[i], pipeline.args, perGroup[0], Array(perGroup.dropFirst())] as [Any])
      }
    }
    let model: [String: Any] = [
      "kind": p.kind.rawValue, "workers": p.workers, "chunksize": p.chunksize, "streaming": p.streaming,
      "start_method": p.startMethod.rawValue, "limit": p.limit.map { $0 as Any } ?? NSNull(),
      "offload_workers": p.offloadWorkers, "api": p.api.rawValue,
    ]
    var spec: [String: Any] = [
      "loop_iterations_per_ns": rates.loopIterationsPerNS, "hash_bytes_per_ns": rates.hashBytesPerNS,
      "locks": locks, "model": model, "tasks": tasks,
      "semaphores": Dictionary(uniqueKeysWithValues: scenario.semaphores.map { ($0.name, $0.value) }),
    ]
    if let pipeline = scenario.pipeline {
      // Each stage's kind of worker under this model (its run, else the model's; none under serial).
      let kinds = pipeline.workerKinds(under: p.kind)
      spec["pipeline"] = [
        "stages": pipeline.stages.enumerated().map { k, st in
          ["name": st.name, "workers": st.workers, "queue": st.queue, "run": kinds.map { $0[k].rawValue as Any } ?? NSNull()]
            as [String: Any]
        },
        "items": pipelineItems,
      ] as [String: Any]
    }
    return try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
  }

  /// A task's sampled steps as the program's data.
  static func ops(_ sampled: [SampledStep], locks: inout [String]) -> [[Any]] {
    sampled.map { s -> [Any] in
      switch s {
      case .cpu(let d): return ["cpu", d]
      case .io(let d): return ["io", d]
      case .native(let d): return ["native", d]
      case .cCall(let d): return ["c_call", d]
      case .blocking(let d): return ["blocking", d]
      case .acquire(let n):
        if !locks.contains(n) { locks.append(n) }
        return ["acquire", n]
      case .release(let n): return ["release", n]
      case .semaphoreAcquire(let n): return ["sem_acquire", n]
      case .semaphoreRelease(let n): return ["sem_release", n]
      case .offloadBegin(let kind): return ["offload", kind.rawValue]
      case .offloadEnd: return ["offload_end"]
      }
    }
  }
}
