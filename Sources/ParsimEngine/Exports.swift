// The engine produces `Trace` values; its users see the trace types through it.
@_exported import ParsimTrace
