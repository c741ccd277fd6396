/// The closest candidate to a misspelt word, by edit distance (Levenshtein, with a transposition
/// counted as one edit), if it is close enough to be a plausible typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
  let w = Array(word.lowercased())
  var best: (String, Int)?
  for candidate in candidates {
    let d = editDistance(w, Array(candidate.lowercased()))
    if let current = best, d >= current.1 { continue }
    best = (candidate, d)
  }
  guard let (candidate, distance) = best else { return nil }
  let allowed = max(1, min(3, max(w.count, candidate.count) / 3))
  return distance <= allowed ? candidate : nil
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  if a.count > 64 || b.count > 64 { return max(a.count, b.count) }
  var prev2 = [Int](repeating: 0, count: b.count + 1)
  var prev = Array(0...b.count)
  var cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        cur[j] = min(cur[j], prev2[j - 2] + 1)
      }
    }
    (prev2, prev, cur) = (prev, cur, prev2)
  }
  return prev[b.count]
}

/// A guess for a misspelt name typed on the command line: the close spelling `closestMatch`
/// finds, or else the candidate that shares the longest start (four letters at least) with it,
/// the nearest spelling among equals ("threds" → "threading", not "thread_pool").
public func bestGuess(for word: String, in candidates: [String]) -> String? {
  if let close = closestMatch(to: word, in: candidates) { return close }
  let w = Array(word.lowercased())
  func sharedStart(_ c: String) -> Int { zip(w, c.lowercased()).prefix { $0 == $1 }.count }
  let best = candidates.map { ($0, sharedStart($0)) }.filter { $0.1 >= 4 }
  guard let longest = best.map(\.1).max() else { return nil }
  return best.filter { $0.1 == longest }.map(\.0).min { editDistance(w, Array($0.lowercased())) < editDistance(w, Array($1.lowercased())) }
}
