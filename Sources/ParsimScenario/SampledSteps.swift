/// A task's steps with every duration drawn: what one task does, in order.
public enum SampledStep: Hashable, Sendable {
  case cpu(Int64), io(Int64), native(Int64), blocking(Int64), cCall(Int64)
  case acquire(String), release(String)
  /// One unit of a named semaphore.
  case semaphoreAcquire(String), semaphoreRelease(String)
  /// The steps between run in an executor under asyncio (inline elsewhere).
  case offloadBegin(OffloadKind), offloadEnd
}

extension TaskGroup {
  /// The steps of task `index` with its durations drawn from its own stream, in the order the
  /// simulator draws them: `SplitMix64(seed: seed, stream: group, index: index)`, one draw or
  /// two per varying duration as it is reached, repeats expanded. Real runs use these samples,
  /// so a measured run does exactly the work its simulation did.
  public func sampledSteps(seed: UInt64, group: Int, index: Int) -> [SampledStep] {
    var rng = SplitMix64(seed: seed, stream: group, index: index)
    var out: [SampledStep] = []
    func walk(_ steps: [Step]) {
      for step in steps {
        switch step {
        case .cpu(let d): out.append(.cpu(d.sample(&rng, index: index, count: count)))
        case .io(let d): out.append(.io(d.sample(&rng, index: index, count: count)))
        case .native(let d): out.append(.native(d.sample(&rng, index: index, count: count)))
        case .cCall(let d): out.append(.cCall(d.sample(&rng, index: index, count: count)))
        case .blocking(let d): out.append(.blocking(d.sample(&rng, index: index, count: count)))
        case .lock(let name, let inner):
          out.append(.acquire(name))
          walk(inner)
          out.append(.release(name))
        case .semaphore(let name, let inner):
          out.append(.semaphoreAcquire(name))
          walk(inner)
          out.append(.semaphoreRelease(name))
        case .offload(let kind, let inner):
          out.append(.offloadBegin(kind))
          walk(inner)
          out.append(.offloadEnd)
        case .repeat(let n, let inner):
          for _ in 0..<n { walk(inner) }
        }
      }
    }
    walk(steps)
    return out
  }

  /// The caller's `on_result` steps for task `index`, drawn from a stream of their own
  /// (`SplitMix64(seed: seed ^ 0xA24B_AED4_963E_E407, stream: group, index: index)`), so that
  /// the task's own samples do not depend on them.
  public func sampledOnResult(seed: UInt64, group: Int, index: Int) -> [SampledStep] {
    guard !onResult.isEmpty else { return [] }
    let withSteps = TaskGroup(name: name, count: count, arrivals: arrivals, args: args, result: result, steps: onResult)
    return withSteps.sampledSteps(seed: seed ^ Self.onResultSalt, group: group, index: index)
  }

  /// Salts the seed of `on_result` streams.
  public static let onResultSalt: UInt64 = 0xA24B_AED4_963E_E407

  /// When each task of this group arrives, in task order, as the simulator schedules them
  /// (Poisson gaps from `SplitMix64(seed: seed ^ 0xD1B5_4A32_D192_ED03, stream: group, index: 0)`).
  public func arrivalTimes(seed: UInt64, group: Int) -> [Int64] {
    switch arrivals {
    case .allAtStart: return [Int64](repeating: 0, count: count)
    case .every(let gap): return (0..<count).map { Int64($0) * gap }
    case .at(let ts): return ts.sorted()
    case .rate(let perSecond):
      var rng = SplitMix64(seed: seed ^ 0xD1B5_4A32_D192_ED03, stream: group, index: 0)
      var t: Int64 = 0
      var out: [Int64] = []
      out.reserveCapacity(count)
      for _ in 0..<count {
        let gap = -logOnePlusForArrivals(-rng.nextUnit()) * (1e9 / perSecond)
        t += Int64(gap.rounded())
        out.append(t)
      }
      return out
    }
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func logOnePlusForArrivals(_ x: Double) -> Double { Glibc.log1p(x) }
#else
  import Foundation
  @inline(__always) func logOnePlusForArrivals(_ x: Double) -> Double { Foundation.log1p(x) }
#endif
