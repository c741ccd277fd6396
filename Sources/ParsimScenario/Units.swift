/// Parsing of the unit-carrying scalars of the scenario format: durations, sizes and rates.
///
/// Numbers are read as exact decimals (digits, an optional fraction) and converted with integer
/// arithmetic, so `1.5ms` is exactly 1,500,000 ns on every platform. Sub-nanosecond fractions round
/// to the nearest nanosecond.
public enum Units {
  /// Duration units and their length in nanoseconds.
  public static let durationUnits: [(String, Int64)] = [
    ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000),
    ("s", 1_000_000_000), ("min", 60_000_000_000), ("h", 3_600_000_000_000),
  ]
  /// Size units and their length in bytes (KB, MB, GB decimal; KiB, MiB, GiB binary).
  public static let sizeUnits: [(String, Int64)] = [
    ("B", 1), ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000),
    ("KiB", 1_024), ("MiB", 1_048_576), ("GiB", 1_073_741_824),
  ]
  /// Rate denominators and their length in nanoseconds.
  public static let rateUnits: [(String, Int64)] = [
    ("s", 1_000_000_000), ("ms", 1_000_000), ("min", 60_000_000_000), ("h", 3_600_000_000_000),
  ]

  /// The longest duration a scenario may name: 24 hours.
  public static let maxDuration: Int64 = 86_400_000_000_000
  /// The largest size a scenario may name: 16 GiB.
  public static let maxSize: Int64 = 17_179_869_184

  /// Why a unit-carrying scalar could not be read.
  public enum Failure: Error, Equatable, Sendable {
    case notANumber
    case missingUnit
    case unknownUnit(String)
    case negative
    case tooLarge

    /// A one-line reason, for a value typed on the command line: "needs a unit (ns, us, ms, …)".
    public func message(kind: String) -> String {
      let units = (kind == "duration" ? Units.durationUnits : Units.sizeUnits).map(\.0).filter { $0 != "μs" }
      switch self {
      case .notANumber: return "not a \(kind): write a number and a unit, e.g. \(kind == "duration" ? "500ms" : "1KB")"
      case .missingUnit: return "needs a unit (\(units.joined(separator: ", ")))"
      case .unknownUnit(let u): return "unknown unit '\(u)' (units: \(units.joined(separator: ", ")))"
      case .negative: return "cannot be negative"
      case .tooLarge: return "too large"
      }
    }
  }

  /// A non-negative exact decimal: `digits / 10^scale`.
  struct Decimal: Equatable {
    var digits: Int64
    var scale: Int
  }

  /// Splits `"1.5ms"` into an exact decimal and the unit text `"ms"`.
  static func splitNumber(_ text: String) -> Result<(Decimal, String), Failure> {
    let scalars = Array(text.trimmingSpaces().unicodeScalars)
    var i = 0
    if i < scalars.count, scalars[i] == "+" { i += 1 }
    if i < scalars.count, scalars[i] == "-" { return .failure(.negative) }
    var digits: Int64 = 0
    var scale = 0
    var sawDigit = false
    var inFraction = false
    var overflow = false
    while i < scalars.count {
      let c = scalars[i]
      if c == "_" { i += 1; continue }  // 1_000_000 is allowed, as in YAML 1.1 integers
      if c == ".", !inFraction { inFraction = true; i += 1; continue }
      guard let d = c.properties.numericType == .decimal ? Int64(String(c)) : nil,
        c.isASCII
      else { break }
      sawDigit = true
      if digits > (Int64.max - 9) / 10 {
        // Too many digits to keep exactly: integer digits overflow, fraction digits are dropped.
        if !inFraction { overflow = true }
      } else {
        digits = digits * 10 + d
        if inFraction { scale += 1 }
      }
      i += 1
    }
    guard sawDigit else { return .failure(.notANumber) }
    if overflow { return .failure(.tooLarge) }
    let unit = String(String.UnicodeScalarView(scalars[i...])).trimmingSpaces()
    return .success((Decimal(digits: digits, scale: scale), unit))
  }

  /// `digits / 10^scale * multiplier`, rounded to the nearest integer, or nil on overflow.
  static func scaled(_ d: Decimal, by multiplier: Int64) -> Int64? {
    var value = d.digits
    var scale = d.scale
    var mult = multiplier
    // Cancel powers of ten between the multiplier and the scale first, to stay exact.
    while scale > 0, mult % 10 == 0 { mult /= 10; scale -= 1 }
    let (product, overflowed) = value.multipliedReportingOverflow(by: mult)
    if overflowed { return nil }
    value = product
    if scale == 0 { return value }
    var divisor: Int64 = 1
    for _ in 0..<scale {
      let (p, o) = divisor.multipliedReportingOverflow(by: 10)
      if o { return 0 }
      divisor = p
    }
    return (value + divisor / 2) / divisor
  }

  /// Parses a duration such as `1.5ms` into nanoseconds. `0` needs no unit.
  public static func parseDuration(_ text: String) -> Result<Int64, Failure> {
    parse(text, units: durationUnits, max: maxDuration, zeroNeedsNoUnit: true)
  }

  /// Parses a size such as `1KB` or `4MiB` into bytes. A bare integer means bytes.
  public static func parseSize(_ text: String) -> Result<Int64, Failure> {
    switch splitNumber(text) {
    case .failure(let f): return .failure(f)
    case .success(let (_, unit)) where unit.isEmpty:
      return parse(text + "B", units: sizeUnits, max: maxSize, zeroNeedsNoUnit: true)
    case .success:
      return parse(text, units: sizeUnits, max: maxSize, zeroNeedsNoUnit: true)
    }
  }

  /// Parses a rate such as `20/s` into events per second.
  public static func parseRate(_ text: String) -> Result<Double, Failure> {
    let parts = text.split(separator: "/", maxSplits: 1).map { String($0) }
    guard parts.count == 2 else { return .failure(.missingUnit) }
    let unitText = parts[1].trimmingSpaces()
    guard let per = rateUnits.first(where: { $0.0 == unitText })?.1 else {
      return .failure(.unknownUnit(unitText))
    }
    let numberText = parts[0].trimmingSpaces().replacingUnderscores()
    if numberText.hasPrefix("-") { return .failure(.negative) }
    guard let count = Double(numberText), count.isFinite else { return .failure(.notANumber) }
    guard count > 0 else { return .failure(.negative) }
    let perSecond = count * 1e9 / Double(per)
    guard perSecond <= 1e9 else { return .failure(.tooLarge) }
    return .success(perSecond)
  }

  static func pow10(_ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= 10 }
    return r
  }

  static func parse(_ text: String, units: [(String, Int64)], max: Int64, zeroNeedsNoUnit: Bool)
    -> Result<Int64, Failure>
  {
    switch splitNumber(text) {
    case .failure(let f): return .failure(f)
    case .success(let (d, unit)):
      if unit.isEmpty {
        if zeroNeedsNoUnit, d.digits == 0 { return .success(0) }
        return .failure(.missingUnit)
      }
      guard let mult = units.first(where: { $0.0 == unit })?.1 else {
        return .failure(.unknownUnit(unit))
      }
      guard let v = scaled(d, by: mult), v <= max else { return .failure(.tooLarge) }
      return .success(v)
    }
  }

  /// Formats nanoseconds with the largest unit that keeps the number exact (`1500000` → `1.5ms`).
  public static func formatDuration(_ ns: Int64) -> String {
    if ns == 0 { return "0s" }
    for (unit, size) in [("s", Int64(1_000_000_000)), ("ms", 1_000_000), ("us", 1_000)] {
      if ns % size == 0 { return "\(ns / size)\(unit)" }
      if ns >= size { return exactDecimal(ns, size) + unit }
    }
    return "\(ns)ns"
  }

  /// Formats bytes exactly (`1000` → `1KB`, `1024` → `1KiB`).
  public static func formatSize(_ bytes: Int64) -> String {
    for (unit, size) in sizeUnits.reversed() where bytes >= size && bytes % size == 0 && size > 1 {
      return "\(bytes / size)\(unit)"
    }
    return "\(bytes)B"
  }

  static func exactDecimal(_ value: Int64, _ size: Int64) -> String {
    let whole = value / size
    var frac = String(value % size)
    let width = String(size).count - 1
    frac = String(repeating: "0", count: width - frac.count) + frac
    while frac.hasSuffix("0") { frac.removeLast() }
    return "\(whole).\(frac)"
  }
}

extension String {
  func replacingUnderscores() -> String { String(self.filter { $0 != "_" }) }

  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}
