/// Simulated time in integer nanoseconds. Integer time keeps event ordering exact.
public typealias SimTime = Int64
