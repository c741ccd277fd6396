import Foundation
import ParsimEngine
import ParsimScenario

/// `index.html`: one self-contained page (inline styles, no scripts, no network), readable on a
/// phone: each scenario's title, description, comparison figure, metrics table and
/// explanations, and links to every file. It is well-formed XML as well as HTML.
enum HTMLPage {
  static func esc(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  static let style = """
    body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:0 16px 48px;color:#1a1a1a;background:#fff;line-height:1.5}
    main{max-width:1240px;margin:0 auto}
    h1{font-size:1.7rem;margin:28px 0 4px}
    h2{font-size:1.35rem;margin:40px 0 4px;padding-top:16px;border-top:1px solid #ddd}
    p.lead{color:#555;margin:0 0 16px}
    nav ul{padding-left:20px}
    img{max-width:100%;height:auto;border:1px solid #eee}
    .table{overflow-x:auto}
    table{border-collapse:collapse;font-size:.92rem;margin:12px 0}
    th,td{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}
    th:first-child,td:first-child{text-align:left}
    ul.why li{margin:2px 0}
    .files{font-size:.88rem;color:#555}
    .files a{margin-right:10px;display:inline-block}
    pre{background:#fff4f0;border-left:4px solid #d55e00;padding:10px;overflow-x:auto;font-size:.85rem}
    @media (prefers-color-scheme: dark){body{background:#16181d;color:#ededed}p.lead,.files{color:#aaa}a{color:#7cc4f5}th,td{border-color:#333}h2{border-color:#333}img{border-color:#333}pre{background:#2a1d18}}
    """

  static func render(_ reports: [ScenarioReport]) -> String {
    let ok = reports.filter { $0.failure == nil && $0.scenario != nil }
    let broken = reports.filter { $0.failure != nil }
    var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>parsim report</title>\n"
    h += "<style>\(style)</style>\n</head>\n<body>\n<main>\n<h1>parsim report</h1>\n"
    h += "<p class=\"lead\">\(ok.count) scenario\(ok.count == 1 ? "" : "s") simulated"
      + (broken.isEmpty ? "" : ", \(broken.count) with errors") + ". Each figure stacks every model on one time axis; "
      + "the table gives the figures, the list says what dominated.</p>\n"
    h += "<nav><ul>\n" + ok.map { r in
      "<li><a href=\"#\(esc(r.scenario!.name))\">\(esc(r.scenario!.displayTitle))</a></li>"
    }.joined(separator: "\n") + "\n</ul></nav>\n"
    for r in ok {
      guard let s = r.scenario else { continue }
      h += "<section id=\"\(esc(s.name))\">\n<h2>\(esc(s.displayTitle))</h2>\n"
      if let d = s.description { h += "<p>\(esc(d))</p>\n" }
      let png = r.files.first { $0.hasSuffix("/compare.png") } ?? r.files.first { $0.hasSuffix("/compare.svg") }
      if let img = png {
        let svg = r.files.first { $0.hasSuffix("/compare.svg") } ?? img
        h += "<p><a href=\"\(esc(svg))\"><img src=\"\(esc(img))\" alt=\"\(esc(s.displayTitle)): every model on one time axis\"/></a></p>\n"
      }
      h += "<div class=\"table\"><table>\n<tr><th>model</th><th>makespan</th><th>speed-up</th><th>p95 latency</th>"
        + "<th>throughput</th><th>cores</th><th>GIL</th>" + (r.fidelity.isEmpty ? "" : "<th>measured</th><th>error</th>") + "</tr>\n"
      for (i, run) in r.runs.enumerated() {
        let m = run.metrics
        h += "<tr><td>\(esc(run.model.label))</td><td>\(esc(formatDuration(Double(m.makespan))))</td>"
          + "<td>\(m.speedup.map { String(format: "%.2f×", $0) } ?? "–")</td><td>\(esc(formatDuration(Double(m.latencyP95))))</td>"
          + "<td>\(String(format: "%.1f/s", m.throughput))</td><td>\(Int((m.coreUtilization * 100).rounded()))%</td>"
          + "<td>\(m.gilUtilization.map { "\(Int(($0 * 100).rounded()))%" } ?? "no GIL")</td>"
        if i < r.fidelity.count {
          let f = r.fidelity[i]
          let measured = f.median.map { esc(formatDuration(Double($0))) } ?? (f.skipped == nil ? "–" : "skipped")
          h += "<td>\(measured)</td>"
            + "<td>\(f.error.map { String(format: "%+.1f%%", $0 * 100) } ?? "")</td>"
        }
        h += "</tr>\n"
      }
      h += "</table></div>\n<ul class=\"why\">\n" + r.runs.map {
        "<li><strong>\(esc($0.model.label))</strong>: \(esc($0.metrics.explanation))</li>"
      }.joined(separator: "\n") + "\n</ul>\n"
      if let sweep = r.sweep, let img = r.files.first(where: { $0.hasSuffix("/sweep.png") || $0.hasSuffix("/sweep.svg") }) {
        h += "<h3>Speed-up against \(esc(sweep.sweep.parameter))</h3>\n<p><img src=\"\(esc(img))\" alt=\"speed-up of \(esc(sweep.label)) against \(esc(sweep.sweep.parameter))\"/></p>\n"
      }
      h += "<p class=\"files\">Files: " + r.files.map { "<a href=\"\(esc($0))\">\(esc(($0 as NSString).lastPathComponent))</a>" }
        .joined(separator: " ") + "</p>\n</section>\n"
    }
    if !broken.isEmpty {
      h += "<h2>Scenarios with errors</h2>\n"
      for r in broken { h += "<pre>\(esc(r.failure ?? ""))</pre>\n" }
    }
    h += "<p class=\"files\">Made by parsim. Timelines per model, metrics (JSON, CSV) and, with --traces, Chrome traces (open them in Perfetto) are linked under each scenario.</p>\n"
    return h + "</main>\n</body>\n</html>\n"
  }
}

/// `README.md`: the same as Markdown, ready to paste into a blog post.
enum MarkdownPage {
  static func render(_ reports: [ScenarioReport]) -> String {
    var md = "# parsim report\n\n"
    for r in reports {
      guard let s = r.scenario, r.failure == nil else { continue }
      md += "## \(s.displayTitle)\n\n"
      if let d = s.description { md += "\(d)\n\n" }
      if let img = r.files.first(where: { $0.hasSuffix("/compare.png") }) ?? r.files.first(where: { $0.hasSuffix("/compare.svg") }) {
        md += "![\(s.displayTitle): every model on one time axis](\(img))\n\n"
      }
      md += "| model | makespan | speed-up | p95 latency | cores | GIL |\n|---|---:|---:|---:|---:|---:|\n"
      for run in r.runs {
        let m = run.metrics
        md += "| \(run.model.label) | \(formatDuration(Double(m.makespan))) | \(m.speedup.map { String(format: "%.2f×", $0) } ?? "–") | "
          + "\(formatDuration(Double(m.latencyP95))) | \(Int((m.coreUtilization * 100).rounded()))% | "
          + "\(m.gilUtilization.map { "\(Int(($0 * 100).rounded()))%" } ?? "no GIL") |\n"
      }
      md += "\n" + r.runs.map { "- **\($0.model.label)**: \($0.metrics.explanation)" }.joined(separator: "\n") + "\n\n"
      if let sweep = r.sweep, let img = r.files.first(where: { $0.hasSuffix("/sweep.png") || $0.hasSuffix("/sweep.svg") }) {
        md += "![speed-up of \(sweep.label) against \(sweep.sweep.parameter)](\(img))\n\n"
      }
    }
    let broken = reports.filter { $0.failure != nil }
    if !broken.isEmpty {
      md += "## Scenarios with errors\n\n" + broken.map { "```\n\($0.failure ?? "")\n```" }.joined(separator: "\n\n") + "\n"
    }
    return md
  }
}
