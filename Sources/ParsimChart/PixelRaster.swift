import ParsimEngine

/// Turns one lane's spans into shapes whose areas keep the time each state takes.
///
/// A span one pixel wide or more is drawn as it is. Spans narrower than a pixel are added up
/// per pixel column, by the time each overlaps the column, and the column shows them as a
/// stack: each key's height is the share of the column's time it takes, so a column that is
/// 22% Python and 78% I/O is drawn 22% blue and 78% light blue, and a column half idle is half
/// empty. Where a column is partly covered by a wide span, the stack fills only the part the
/// wide span leaves, with heights relative to that part's time, so no area is drawn twice.
///
/// Adjacent columns whose shares all lie within ``tolerance`` of the run they join merge into
/// one run, drawn at the run's average shares: the area of every key stays exactly its time,
/// and what is drawn grows with the picture's width, not with the trace.
struct PixelRaster {
  /// One run of stacked columns over `x0..<x1`: the time (in pixel widths) each key takes in it.
  struct Stack {
    var x0: Double
    var x1: Double
    /// Sorted by key, so that two stacks compare and merge in one walk.
    var times: [(key: Int, time: Double)]

    /// Each key's share of the run's height, bottom first in `rank` order.
    func layers(rank: (Int) -> Int) -> [(key: Int, share: Double)] {
      let width = x1 - x0
      let total = times.reduce(0) { $0 + $1.time }
      // Overlapping input (never from one thread's lane) is shown in proportion, within the lane.
      let scale = total > width ? 1 / total : 1 / max(width, 1e-12)
      return times.sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }.map { ($0.key, $0.time * scale) }
    }
  }

  /// How far a column's share of any key may differ from the run's for the column to join it.
  ///
  /// A column made of n spans shows its mix only to within about 1/(2√n) of the lane (a column
  /// of a dozen 100 µs spans of random states has shares that swing by ±12% from one column to
  /// the next by chance alone), so differences below that are noise and merge, and so do
  /// differences under a tenth of the lane; differences over a quarter of it never merge.
  static func tolerance(pieces n: Int) -> Double {
    min(0.25, 0.1 + 0.5 / Double(max(1, n)).squareRoot())
  }

  /// A piece of a lane: from `a` to `z` in pixels, drawn with `key`.
  struct Piece {
    var a: Double
    var z: Double
    var key: Int
  }

  /// Wide pieces (merged where contiguous with the same key) and the stacks between them.
  private(set) var wide: [Piece] = []
  private(set) var stacks: [Stack] = []

  private var column = Int.min
  private var columnTime: [(key: Int, time: Double)] = []
  private var columnPieces = 0
  /// Where the current column's free part starts (after a wide piece that ends inside it).
  private var regionStart = 0.0
  private var lastWideEnd = -Double.infinity

  /// The last piece added, still growing while the next ones continue it with the same key.
  private var pending: Piece?

  /// Adds the pieces of a lane in time order. Contiguous pieces with one key are joined first,
  /// so a thousand back-to-back slivers of one state become one wide piece.
  mutating func add(_ p: Piece) {
    guard p.z > p.a else { return }
    if var q = pending, q.key == p.key, abs(p.a - q.z) < 1e-9 {
      q.z = p.z
      pending = q
      return
    }
    if let q = pending { place(q) }
    pending = p
  }

  private mutating func place(_ p: Piece) {
    if p.z - p.a >= 1 {
      flush(until: p.a)
      if let last = wide.last, last.key == p.key, last.z >= p.a - 1e-9 {
        wide[wide.count - 1].z = max(last.z, p.z)
      } else {
        wide.append(p)
      }
      lastWideEnd = p.z
      return
    }
    var c = Int(p.a.rounded(.down))
    while Double(c) < p.z {
      if c != column {
        flush(until: Double(c))
        column = c
        regionStart = max(Double(c), lastWideEnd)
      }
      let overlap = min(p.z, Double(c + 1)) - max(p.a, Double(c))
      if overlap > 0 {
        columnPieces += 1
        if let i = columnTime.firstIndex(where: { $0.key == p.key }) {
          columnTime[i].time += overlap
        } else {
          columnTime.append((p.key, overlap))
        }
      }
      c += 1
    }
  }

  /// Ends the current column at `x` (the start of a wide piece, or the column's end).
  private mutating func flush(until x: Double) {
    guard column != Int.min else { return }
    defer {
      column = Int.min
      columnTime.removeAll(keepingCapacity: true)
      columnPieces = 0
    }
    let end = min(Double(column + 1), max(x, regionStart))
    let width = end - regionStart
    guard width > 1e-9, !columnTime.isEmpty else { return }
    let stack = Stack(x0: regionStart, x1: end, times: columnTime.sorted { $0.key < $1.key })
    if let last = stacks.last, abs(last.x1 - stack.x0) < 1e-9, joins(last, stack, within: Self.tolerance(pieces: columnPieces)) {
      stacks[stacks.count - 1].x1 = end
      stacks[stacks.count - 1].times = Self.merged(last.times, stack.times)
    } else {
      stacks.append(stack)
    }
  }

  /// Two key-sorted lists of times as one, times of a key added.
  static func merged(_ a: [(key: Int, time: Double)], _ b: [(key: Int, time: Double)]) -> [(key: Int, time: Double)] {
    var out: [(key: Int, time: Double)] = []
    out.reserveCapacity(max(a.count, b.count))
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if j == b.count || (i < a.count && a[i].key < b[j].key) {
        out.append(a[i])
        i += 1
      } else if i == a.count || b[j].key < a[i].key {
        out.append(b[j])
        j += 1
      } else {
        out.append((a[i].key, a[i].time + b[j].time))
        i += 1
        j += 1
      }
    }
    return out
  }

  /// True when every key's share in `column` is within `tolerance` of its share in `run`: one
  /// walk over both key-sorted lists.
  private func joins(_ run: Stack, _ column: Stack, within tolerance: Double) -> Bool {
    let runWidth = max(run.x1 - run.x0, 1e-12)
    let columnWidth = max(column.x1 - column.x0, 1e-12)
    var i = 0
    var j = 0
    while i < run.times.count || j < column.times.count {
      let a: Double
      let b: Double
      if j == column.times.count || (i < run.times.count && run.times[i].key < column.times[j].key) {
        (a, b) = (run.times[i].time / runWidth, 0)
        i += 1
      } else if i == run.times.count || column.times[j].key < run.times[i].key {
        (a, b) = (0, column.times[j].time / columnWidth)
        j += 1
      } else {
        (a, b) = (run.times[i].time / runWidth, column.times[j].time / columnWidth)
        i += 1
        j += 1
      }
      if abs(a - b) > tolerance { return false }
    }
    return true
  }

  /// Ends the last column; call once after the last piece.
  mutating func finish() {
    if let q = pending { place(q) }
    pending = nil
    flush(until: .infinity)
  }
}
