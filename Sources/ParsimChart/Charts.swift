import Foundation
import ParsimEngine
import ParsimScenario

/// One model's run as a chart sees it.
public struct ChartRun: Sendable {
  public var trace: Trace
  public var metrics: Metrics?
  public init(trace: Trace, metrics: Metrics?) {
    self.trace = trace
    self.metrics = metrics
  }
}

/// Human-readable figures shared by the charts.
enum Figures {
  static func summary(_ m: Metrics) -> String {
    if let d = m.deadlock {
      return "\(d.headline) · \(d.completed) of \(d.tasks) tasks completed · no speed-up"
    }
    var parts = ["makespan \(formatDuration(Double(m.makespan)))"]
    if let s = m.speedup { parts.append(String(format: "speed-up %.2f×", s)) }
    parts.append("p95 latency \(formatDuration(Double(m.latencyP95)))")
    parts.append("cores \(Int((m.coreUtilization * 100).rounded()))%")
    if let g = m.gilUtilization { parts.append("GIL \(Int((g * 100).rounded()))%") }
    return parts.joined(separator: " · ")
  }

  /// The figures beside a comparison panel's name.
  static func panel(_ m: Metrics) -> String {
    if let d = m.deadlock { return "\(d.headline): \(d.completed) of \(d.tasks) tasks done" }
    var figures = "makespan \(formatDuration(Double(m.makespan)))"
    if let s = m.speedup { figures += String(format: " · speed-up %.2f×", s) }
    return figures
  }
}

extension SceneBuilder {
  /// A dashed vertical line where a run got stuck, labelled "deadlock".
  mutating func deadlockMarker(_ x: Double, top: Double, bottom: Double, right: Double) {
    line([Scene.Point(x, top), Scene.Point(x, bottom)], theme.text, width: 2, dash: [5, 3])
    let w = width("deadlock", Metrics_.tickSize, bold: true)
    let onLeft = x + w + 6 > right
    text("deadlock", onLeft ? x - 4 : x + 4, top + 10, size: Metrics_.tickSize, bold: true, anchor: onLeft ? .end : .start)
  }
}

/// A Gantt timeline of one run: a lane per worker, spans coloured by state or by task.
public enum TimelineChart {
  public static func scene(_ run: ChartRun, title: String, style: ChartStyle, measurer: any TextMeasuring) -> Scene {
    var b = SceneBuilder(theme: style.theme, measurer: measurer)
    let m = Metrics_.margin
    let w = style.width
    var y = b.header(title: title, subtitle: run.metrics.map(Figures.summary), width: w)
    if let metrics = run.metrics {
      for line in measurer.wrap(metrics.explanation, size: Metrics_.subtitleSize, maxWidth: w - 2 * m, maxLines: 3) {
        b.text(line, m, y, size: Metrics_.subtitleSize)
        y += 17
      }
    }
    let (start, end) = style.window?.clamp(makespan: run.trace.makespan) ?? (0, max(run.trace.cutAt ?? run.trace.makespan, 1))
    if let cut = run.trace.cutAt {
      let text = "The trace stops at \(ChartWindow.format(cut)) of the \(formatDuration(Double(run.trace.makespan))) run: a recording "
        + "keeps at most \(Limits.traceSpans / 1_000_000) million spans. The figures above cover the whole run."
      for line in measurer.wrap(text, size: Metrics_.subtitleSize, maxWidth: w - 2 * m, maxLines: 2) {
        b.text(line, m, y, size: Metrics_.subtitleSize, color: style.theme.mutedText)
        y += 17
      }
    }
    if style.window != nil {
      b.text("Zoomed in: \(ChartWindow.format(start))–\(ChartWindow.format(end)) of a \(formatDuration(Double(run.trace.makespan))) run",
        m, y, size: Metrics_.subtitleSize, color: style.theme.mutedText)
      y += 17
    }
    y += 14
    let index = LanePlot.SpanIndex(run.trace)
    let probe = LanePlot(trace: run.trace, style: style, x0: 0, x1: 1, scaleEnd: 1, laneHeight: 1, gap: 1, index: index)
    let rows = probe.rows
    let labelWidth = Self.labelWidth(rows.map(probe.label), measurer: measurer, swatches: probe.needsThreadSwatches)
    let x0 = m + labelWidth + 12
    let x1 = w - m
    let laneHeight = rows.count > 40 ? 12.0 : rows.count > 20 ? 15 : 20
    let plot = LanePlot(trace: run.trace, style: style, x0: x0, x1: x1, scaleStart: start, scaleEnd: end,
      laneHeight: laneHeight, gap: 4, index: index)
    let top = y
    let (height, seen, stacked) = plot.draw(into: &b, y: y, labelX: m, labelWidth: labelWidth)
    if let d = run.metrics?.deadlock, d.time >= start, d.time <= end {
      b.deadlockMarker(plot.x(d.time), top: top - 4, bottom: y + height, right: x1)
    }
    y += height + 2
    y += b.timeAxis(TimeAxis(start: start, end: end, pixels: x1 - x0), x0: x0, x1: x1, y: y, gridTop: top - 4)
    y += 14
    var entries = legendEntries(seen: seen, run: run.trace, style: style, plot: plot, stacked: stacked)
    if let d = run.metrics?.deadlock {
      entries.append(.init(label: d.sentence, fill: style.theme.text, marker: .dashedLine))
    }
    y += b.legend(entries, x: m, y: y, maxWidth: w - 2 * m)
    return finish(b, width: w, height: y + m - 8, gridBehind: true)
  }

  /// Grid lines belong behind the spans: move them to the front of the item list.
  static func finish(_ b: SceneBuilder, width: Double, height: Double, gridBehind: Bool) -> Scene {
    var s = b.scene(width: width, height: height.rounded(.up))
    if gridBehind {
      let grid = s.items.filter { if case .line(let l) = $0, l.color == b.theme.grid { return true } else { return false } }
      let rest = s.items.filter { if case .line(let l) = $0, l.color == b.theme.grid { return false } else { return true } }
      // Lane bands first, then grid lines, then everything else.
      let bands = rest.filter { if case .rect(let r) = $0, r.fill == b.theme.laneBand { return true } else { return false } }
      let others = rest.filter { if case .rect(let r) = $0, r.fill == b.theme.laneBand { return false } else { return true } }
      s.items = bands + grid + others
    }
    return s
  }

  static func labelWidth(_ labels: [String], measurer: any TextMeasuring, swatches: Bool) -> Double {
    let widest = labels.map { measurer.width(of: $0, size: Metrics_.labelSize, bold: false) }.max() ?? 40
    return min(200, max(60, widest + (swatches ? 14 : 0)))
  }

  static func legendEntries(seen: Set<SpanState>, run: Trace, style: ChartStyle, plot: LanePlot, stacked: LanePlot.Stacked)
    -> [SceneBuilder.LegendEntry]
  {
    let theme = style.theme
    var entries: [SceneBuilder.LegendEntry] = []
    let states = SpanState.allCases.filter { seen.contains($0) && $0 != .held }
    switch style.color {
    case .state:
      entries += states.map { SceneBuilder.LegendEntry(label: $0.phrase, fill: theme.color($0)) }
    case .task:
      let shown = min(run.taskCount, 8)
      for i in 0..<shown {
        entries.append(.init(label: i < run.taskNames.count ? run.taskNames[i] : "task \(i + 1)", fill: theme.categorical(i)))
      }
      if run.taskCount > shown { entries.append(.init(label: "… \(run.taskCount) tasks in all (colours repeat)", fill: theme.neutral)) }
      let sample = theme.mutedText
      if states.contains(where: { [.python, .native, .overhead].contains($0) }) {
        entries.append(.init(label: "solid: running", fill: sample))
      }
      let faded = states.filter { $0 == .io || $0 == .executorWait }
      if !faded.isEmpty {
        entries.append(.init(label: "faded: " + faded.map(\.phrase).joined(separator: ", "), fill: theme.taskFill(sample, .io).0))
      }
      let waits = states.filter { [.gilWait, .coreWait, .lockWait, .loopWait, .queueFull].contains($0) }
      if !waits.isEmpty {
        let f = theme.taskFill(sample, .gilWait)
        entries.append(.init(label: "hatched: " + waits.map(\.phrase).joined(separator: ", "), fill: f.0, hatch: f.1))
      }
    }
    if !run.marks.isEmpty {
      entries.append(.init(label: "task arrives", fill: theme.mutedText, marker: .arrival))
      entries.append(.init(label: "result back", fill: theme.text, marker: .completion))
    }
    let holders = [style.gilLane ? "GIL" : nil, style.coreLanes ? "core" : nil,
      style.lockLanes && run.lanes.contains { $0.kind == .lock } ? "lock" : nil].compactMap { $0 }
    if !holders.isEmpty {
      let names = holders.count > 1 ? holders.dropLast().joined(separator: ", ") + " and " + holders[holders.count - 1] : holders[0]
      entries.append(.init(label: names + " lanes: who holds them (the shade changes at each hand-over)",
        fill: theme.text.mixed(with: theme.background, 0.25)))
      if stacked.holders {
        entries.append(.init(label: "held, changing hands faster than a pixel (height: share of the time held)",
          fill: theme.text.mixed(with: theme.background, 0.7)))
      }
    }
    if style.lockLanes, run.lanes.contains(where: { $0.kind == .semaphore }) {
      entries.append(.init(label: "semaphore lanes: units in use (full height: all its units)",
        fill: theme.text.mixed(with: theme.background, 0.35)))
    }
    if run.lanes.contains(where: { $0.kind == .queue }) {
      entries.append(.init(label: "queue lanes: items waiting (dashed top: its maxsize, or the most an unbounded one held)",
        fill: theme.text.mixed(with: theme.background, 0.35)))
    }
    if stacked.states {
      entries.append(.init(label: "split bars: spans narrower than a pixel, stacked by their share of its time", fill: theme.neutral,
        marker: .stack))
    }
    return entries
  }
}

/// Every model of a scenario as stacked panels, on one shared time axis or each on its own.
public enum ComparisonChart {
  /// Below this share of the width, a panel on the shared axis is too small to read.
  static let readableShare = 0.05

  public static func scene(_ runs: [ChartRun], title: String, subtitle: String, description: String?, style: ChartStyle,
    measurer: any TextMeasuring) -> Scene
  {
    var b = SceneBuilder(theme: style.theme, measurer: measurer)
    let m = Metrics_.margin
    let w = style.width
    var y = b.header(title: title, subtitle: subtitle, width: w)
    if let description {
      for line in measurer.wrap(description, size: Metrics_.subtitleSize, maxWidth: w - 2 * m, maxLines: 3) {
        b.text(line, m, y, size: Metrics_.subtitleSize)
        y += 17
      }
    }
    let longest = max(1, runs.map(\.trace.makespan).max() ?? 1)
    let shortest = max(1, runs.map(\.trace.makespan).min() ?? 1)
    let spread = Double(shortest) / Double(longest)
    let own: Bool
    switch style.axis {
    case .own: own = true
    case .shared: own = false
    case .auto: own = style.window == nil && spread < readableShare && runs.count > 1
    }
    // Say which axis the panels use, and why, so that no reader compares widths across panels
    // that do not share one.
    let axisNote: String
    if own {
      axisNote = "Each panel has its own time axis"
        + (spread < readableShare ? String(format: ": the slowest run is %@, %.0f× the fastest.", formatDuration(Double(longest)),
          1 / spread) : ".") + " Compare makespans by the figures, not by the widths."
    } else if runs.count > 1 {
      axisNote = "One time axis for every panel" + (spread < readableShare && style.window == nil
        ? String(format: ": the fastest run fills %.1f%% of the width (--axis own gives each panel its own).", spread * 100)
        : ": widths compare directly.")
    } else {
      axisNote = ""
    }
    if !axisNote.isEmpty {
      b.text(measurer.fit(axisNote, size: Metrics_.subtitleSize, maxWidth: w - 2 * m), m, y, size: Metrics_.subtitleSize,
        color: style.theme.mutedText)
      y += 17
    }
    if let window = style.window {
      b.text("Zoomed in: \(window)", m, y, size: Metrics_.subtitleSize, color: style.theme.mutedText)
      y += 17
    }
    for r in runs {
      guard let cut = r.trace.cutAt else { continue }
      b.text(measurer.fit("\(r.trace.label): the trace stops at \(ChartWindow.format(cut)) (a recording keeps at most "
        + "\(Limits.traceSpans / 1_000_000) million spans); its figures cover the whole run.", size: Metrics_.subtitleSize, maxWidth: w - 2 * m),
        m, y, size: Metrics_.subtitleSize, color: style.theme.mutedText)
      y += 17
    }
    y += 10
    var allLabels: [String] = []
    let indexes = runs.map { LanePlot.SpanIndex($0.trace) }
    for (r, index) in zip(runs, indexes) {
      let probe = LanePlot(trace: r.trace, style: style, x0: 0, x1: 1, scaleEnd: 1, laneHeight: 1, gap: 1, index: index)
      allLabels += probe.rows.map(probe.label)
    }
    let labelWidth = TimelineChart.labelWidth(allLabels, measurer: measurer, swatches: false)
    let x0 = m + labelWidth + 12
    let x1 = w - m
    let sharedRange = style.window?.clamp(makespan: longest) ?? (0, longest)
    let top = y
    var seen = Set<SpanState>()
    var stacked = LanePlot.Stacked()
    var deadlocks: [Deadlock] = []
    for (i, r) in runs.enumerated() {
      if i > 0 {
        b.line([Scene.Point(m, y - 7), Scene.Point(x1, y - 7)], style.theme.panelRule, width: 1)
      }
      y += 12
      let label = measurer.fit(r.trace.label, size: 13, bold: true, maxWidth: (w - 2 * m) * 0.5)
      b.text(label, m, y, size: 13, bold: true)
      if let metrics = r.metrics {
        let lw = measurer.width(of: label, size: 13, bold: true)
        b.text(measurer.fit(Figures.panel(metrics), size: 12, bold: metrics.deadlock != nil, maxWidth: w - 2 * m - lw - 16),
          m + lw + 12, y, size: 12, bold: metrics.deadlock != nil,
          color: metrics.deadlock != nil ? style.theme.text : style.theme.mutedText)
        if let d = metrics.deadlock { deadlocks.append(d) }
      }
      y += 10
      let (start, end) = own ? (style.window?.clamp(makespan: r.trace.makespan) ?? (0, max(1, r.trace.makespan))) : sharedRange
      let plot = LanePlot(trace: r.trace, style: style, x0: x0, x1: x1, scaleStart: start, scaleEnd: end, laneHeight: 14, gap: 3,
        index: indexes[i])
      let panelTop = y
      let (h, s, st) = plot.draw(into: &b, y: y, labelX: m, labelWidth: labelWidth)
      seen.formUnion(s)
      stacked.formUnion(st)
      if let d = r.metrics?.deadlock, d.time >= start, d.time <= end {
        b.deadlockMarker(plot.x(d.time), top: panelTop - 2, bottom: y + h - 3, right: x1)
      } else if !own, r.trace.makespan >= start, r.trace.makespan <= end {
        // Where this model finished, on the shared axis.
        let endX = plot.x(r.trace.makespan)
        b.line([Scene.Point(endX, y - 2), Scene.Point(endX, y + h - 3)], style.theme.text, width: 1.5)
      }
      y += h
      if own {
        y += b.timeAxis(TimeAxis(start: start, end: end, pixels: x1 - x0), x0: x0, x1: x1, y: y, gridTop: panelTop - 4) + 4
      }
      y += 12
    }
    if !own {
      y += b.timeAxis(TimeAxis(start: sharedRange.0, end: sharedRange.1, pixels: x1 - x0), x0: x0, x1: x1, y: y, gridTop: top)
    }
    y += 14
    let probe = LanePlot(trace: runs.first?.trace ?? Trace.empty, style: style, x0: x0, x1: x1, scaleEnd: longest, laneHeight: 14, gap: 3,
      index: indexes.first)
    // The legend's lane kinds from the first panel that has queue or semaphore lanes (serial has none).
    let legendTrace = runs.first { $0.trace.lanes.contains { $0.kind == .queue || $0.kind == .semaphore } }?.trace ?? runs.first?.trace ?? Trace.empty
    var entries = TimelineChart.legendEntries(seen: seen, run: legendTrace, style: style, plot: probe, stacked: stacked)
    if !own { entries.append(.init(label: "model finished", fill: style.theme.text, marker: .solidLine)) }
    for d in deadlocks { entries.append(.init(label: d.sentence, fill: style.theme.text, marker: .dashedLine)) }
    y += b.legend(entries, x: m, y: y, maxWidth: w - 2 * m)
    return TimelineChart.finish(b, width: w, height: y + m - 8, gridBehind: true)
  }
}

extension Trace {
  static let empty = Trace(scenario: "", model: "", label: "", cores: 1, makespan: 1, taskCount: 0, lanes: [], spans: [],
    marks: [], taskNames: [])
}

/// A simulated run above the measured run of the same model, on one axis, with the error.
public enum ValidationChart {
  public static func scene(simulated: ChartRun, measured: ChartRun, title: String, style: ChartStyle,
    measurer: any TextMeasuring) -> Scene
  {
    let sim = simulated.trace.makespan
    let real = measured.trace.makespan
    let error = real > 0 ? (Double(sim) - Double(real)) / Double(real) : 0
    var simTrace = simulated.trace
    simTrace.label = "Simulated: \(formatDuration(Double(sim)))"
    var realTrace = measured.trace
    realTrace.label = "Measured: \(formatDuration(Double(real)))"
    let subtitle = String(format: "simulated %@ against measured %@: error %+.1f%%", formatDuration(Double(sim)),
      formatDuration(Double(real)), error * 100)
    return ComparisonChart.scene([ChartRun(trace: simTrace, metrics: nil), ChartRun(trace: realTrace, metrics: nil)],
      title: title, subtitle: subtitle, description: nil, style: style, measurer: measurer)
  }
}
