import Foundation
import ParsimScenario
import Testing

/// Seeded property tests: random valid scenarios survive a render-and-load round trip, and random
/// mutations of the shipped scenarios load or give diagnostics, never crash.
@Suite struct PropertyTests {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func shippedScenarios() throws -> [(String, String)] {
    let dir = repoRoot.appendingPathComponent("scenarios")
    return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
      .sorted().map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
  }

  @Test func shippedScenariosLoad() throws {
    let files = try Self.shippedScenarios()
    #expect(files.count >= 5)
    for (name, text) in files {
      let s = try ScenarioLoader.load(yaml: text, file: name)
      #expect(s.description?.isEmpty == false, "\(name) needs a description saying what it teaches")
      #expect(s.name + ".yaml" == name, "a scenario's file is named after it")
    }
  }

  @Test func randomScenariosRoundTrip() throws {
    for seed in 0..<1_500 {
      var rng = SplitMix64(seed: UInt64(seed))
      let s = RandomScenario.make(&rng)
      let yaml = ScenarioEmitter.yaml(s)
      do {
        let back = try ScenarioLoader.load(yaml: yaml, file: "seed\(seed).yaml")
        #expect(back == s, "seed \(seed) does not round-trip:\n\(yaml)")
        if back != s { return }
      } catch {
        Issue.record("seed \(seed): rendered scenario does not load:\n\(yaml)\n\(error)")
        return
      }
    }
  }

  @Test func mutatedScenariosNeverCrash() throws {
    let files = try Self.shippedScenarios()
    var loaded = 0
    var rejected = 0
    for seed in 0..<3_000 {
      var rng = SplitMix64(seed: UInt64(seed) &* 7919)
      let (name, text) = files[Int(rng.next() % UInt64(files.count))]
      let mutated = Mutator.mutate(text, &rng)
      do {
        _ = try ScenarioLoader.load(yaml: mutated, file: name)
        loaded += 1
      } catch {
        rejected += 1
        let lineCount = mutated.split(separator: "\n", omittingEmptySubsequences: false).count
        for e in error.errors {
          #expect(e.location.line >= 1 && e.location.line <= max(1, lineCount), "seed \(seed): \(e)")
          #expect(e.location.column >= 1, "seed \(seed): \(e)")
          #expect(!e.message.isEmpty)
        }
      }
    }
    // Both outcomes occur, so the mutations are neither all harmless nor all fatal.
    #expect(loaded > 100 && rejected > 100, "loaded \(loaded), rejected \(rejected)")
  }
}

enum Mutator {
  static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let rounds = 1 + Int(rng.next() % 3)
    for _ in 0..<rounds {
      guard !lines.isEmpty else { break }
      let i = Int(rng.next() % UInt64(lines.count))
      switch rng.next() % 8 {
      case 0:  // delete a character
        var chars = Array(lines[i])
        if !chars.isEmpty { chars.remove(at: Int(rng.next() % UInt64(chars.count))) }
        lines[i] = String(chars)
      case 1:  // swap two lines
        let j = Int(rng.next() % UInt64(lines.count))
        lines.swapAt(i, j)
      case 2:  // a wrong type for a value
        if let colon = lines[i].firstIndex(of: ":") {
          let replacements = ["[1, 2]", "{a: b}", "-3", "99999999999999999999", "yes", "\"\"", "~", "1e308", "3.5", "-1ms"]
          lines[i] = String(lines[i][...colon]) + " " + replacements[Int(rng.next() % UInt64(replacements.count))]
        }
      case 3:  // delete a line
        lines.remove(at: i)
      case 4:  // duplicate a line
        lines.insert(lines[i], at: i)
      case 5:  // insert junk characters
        let junk = ["\t", "[", "}", "&x", "*y", "#", "'", "\"", ": :", "- ", "\u{0}", "🦜", "%"]
        var chars = Array(lines[i])
        chars.insert(contentsOf: junk[Int(rng.next() % UInt64(junk.count))], at: chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count)))
        lines[i] = String(chars)
      case 6:  // change indentation
        lines[i] = (rng.next() % 2 == 0 ? "  " : "") + lines[i].drop(while: { $0 == " " && rng.next() % 2 == 0 })
      default:  // replace a number by an extreme
        let extremes = ["0", "1000000000000", "-5", "0.0000001", "18446744073709551616"]
        if let r = lines[i].range(of: #"[0-9]+"#, options: .regularExpression) {
          lines[i].replaceSubrange(r, with: extremes[Int(rng.next() % UInt64(extremes.count))])
        }
      }
    }
    return lines.joined(separator: "\n")
  }
}

/// Random valid scenarios covering every field.
enum RandomScenario {
  static func pick<T>(_ xs: [T], _ rng: inout SplitMix64) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
  static func int(_ r: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
    r.lowerBound + Int(rng.next() % UInt64(r.count))
  }
  static func dur(_ rng: inout SplitMix64) -> Int64 {
    pick([0, 1, 999, 1_000, 1_500, 50_000, 1_000_000, 2_500_000, 3_000_000_000, Int64(int(1...999_999_999, &rng))], &rng)
  }
  static func spec(_ rng: inout SplitMix64, depth: Int = 0) -> DurationSpec {
    switch rng.next() % (depth < 2 ? 9 : 7) {
    case 0: let a = dur(&rng); let b = dur(&rng); return .uniform(min(a, b), max(a, b))
    case 1: return .exponential(mean: dur(&rng))
    case 2: return .normal(mean: dur(&rng), sd: dur(&rng))
    case 3: return .choice((0..<int(1...4, &rng)).map { _ in dur(&rng) })
    case 4: return .ramp(first: dur(&rng), last: dur(&rng), power: pick([1, 2, 0.5, 1.95], &rng))
    case 5: return .lognormal(median: dur(&rng), sigma: pick([0, 0.25, 0.6], &rng))
    case 7:
      return .mixture((0..<int(1...3, &rng)).map { _ in
        MixtureComponent(weight: pick([0.1, 0.5, 1, 3], &rng), value: spec(&rng, depth: depth + 1))
      })
    case 8:
      let a = dur(&rng)
      let b = dur(&rng)
      // As a file can write it: one distribution (not fixed, not itself clamped) with at
      // least one of min, max and shift.
      var inner = spec(&rng, depth: depth + 1)
      if case .clamped(let d, _, _, _) = inner { inner = d }
      if inner.isFixed { inner = .exponential(mean: a) }
      let lo: Int64? = pick([nil, min(a, b)], &rng)
      let hi: Int64? = pick([nil, max(a, b)], &rng)
      let shift: Int64 = lo == nil && hi == nil ? pick([1_000, 2_500_000], &rng) : pick([0, 1_000, 2_500_000], &rng)
      return .clamped(inner, min: lo, max: hi, shift: shift)
    default: return .fixed(dur(&rng))
    }
  }
  static func steps(_ depth: Int, _ rng: inout SplitMix64) -> [Step] {
    (0..<int(1...4, &rng)).map { _ in
      switch rng.next() % (depth < 3 ? 6 : 4) {
      case 0: return .cpu(spec(&rng))
      case 1: return .io(spec(&rng))
      case 2: return .native(spec(&rng))
      case 3: return rng.next() % 2 == 0 ? .blocking(spec(&rng)) : .cCall(spec(&rng))
      case 4 where depth > 0 && rng.next() % 3 == 0:
        return .offload(pick([.thread, .process], &rng), [.cpu(spec(&rng))])
      case 4: return .lock(pick(["till", "db lock", "a\"b"], &rng) + "\(depth)", steps(depth + 1, &rng))
      default: return .repeat(int(1...20, &rng), steps(depth + 1, &rng))
      }
    }
  }
  static func make(_ rng: inout SplitMix64) -> Scenario {
    var s = Scenario(name: pick(["a", "groceries", "x-1", "fetch-urls"], &rng), tasks: [])
    if rng.next() % 2 == 0 { s.title = pick(["The supermarket", "Tabs\tand \"quotes\": yes", "Ünïcödé ✓", "#not a comment"], &rng) }
    if rng.next() % 2 == 0 { s.description = pick(["Line one.\nLine two.", "- dash", "{braces}"], &rng) }
    s.seed = rng.next() % 3 == 0 ? rng.next() : UInt64(int(0...100, &rng))
    s.machine.cores = int(1...64, &rng)
    s.machine.python = pick(PythonVersion.allCases, &rng)
    if rng.next() % 2 == 0 { s.machine.switchInterval = pick([1_000, 500_000, 5_000_000, 1_000_000_000], &rng) }
    if rng.next() % 2 == 0 { s.machine.startMethod = pick(StartMethod.allCases, &rng) }
    if rng.next() % 3 == 0 {
      s.machine.costs[.wakeup] = .duration(dur(&rng))
      s.machine.costs[.gilWaiterPolicy] = .policy(pick(GILWaiterPolicy.allCases, &rng))
      s.machine.costs[.pickleSend] = .number(Double(pick([300_000_000, 1_024, 7], &rng)))
      s.machine.costs[.freeThreadingSlowdown] = .number(pick([1.4, 1.1, 2.25], &rng))
    }
    if rng.next() % 2 == 0 { s.labels = Labels(worker: pick(["Till", nil], &rng), task: pick(["Customer", nil, "A: b"], &rng)) }
    for g in 0..<int(1...3, &rng) {
      var group = TaskGroup(name: "group\(g)", count: int(1...50, &rng), steps: steps(0, &rng))
      switch rng.next() % 4 {
      case 0: group.arrivals = .every(dur(&rng))
      case 1: group.arrivals = .rate(perSecond: pick([20, 0.5, 1_234.5678, 1e9 / 3], &rng))
      case 2:
        let times = (0..<int(1...5, &rng)).map { _ in dur(&rng) }
        group.arrivals = .at(times)
        group.count = times.count
      default: break
      }
      group.args = pick([0, 28, 1_000, 1_024, 7_800], &rng)
      group.result = pick([0, 100, 4_194_304], &rng)
      s.tasks.append(group)
    }
    var models: [ModelSpec] = []
    for _ in 0..<int(1...5, &rng) {
      let kind = pick(ModelKind.allCases, &rng)
      var m = ModelSpec(kind)
      if rng.next() % 3 == 0 { m.label = "label \(models.count)" }
      let keys = kind.parameterKeys
      if keys.contains("threads") || keys.contains("max_workers") || keys.contains("processes") || keys.contains("workers") {
        if rng.next() % 2 == 0 { m.workers = int(1...64, &rng) }
      }
      if keys.contains("chunksize"), rng.next() % 2 == 0 { m.chunksize = int(1...100, &rng) }
      if keys.contains("start_method"), rng.next() % 2 == 0 { m.startMethod = pick(StartMethod.allCases, &rng) }
      if keys.contains("limit"), rng.next() % 2 == 0 { m.limit = int(1...1000, &rng) }
      if keys.contains("python"), rng.next() % 2 == 0 {
        m.python = kind == .subinterpreters ? pick([.v3_14, .v3_14t], &rng) : pick([.v3_13t, .v3_14t], &rng)
      }
      if !models.contains(m) && !(m.label != nil && models.contains { $0.label == m.label }) { models.append(m) }
    }
    s.models = models
    if rng.next() % 2 == 0 {
      s.charts = ChartOptions(formats: pick([[.png], [.svg, .pdf], [.pdf, .png, .svg]], &rng), color: pick([.state, .task], &rng),
        width: int(200...8000, &rng), theme: pick([.light, .dark], &rng), gilLane: rng.next() % 2 == 0, coreLanes: rng.next() % 2 == 0)
    }
    return s
  }
}
