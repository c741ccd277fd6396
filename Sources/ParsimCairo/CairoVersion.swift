import CCairo

/// The version of the Cairo library parsim draws with, e.g. "1.16.0".
///
/// The corresponding C function is `cairo_version_string`.
public var cairoVersion: String { String(cString: cairo_version_string()) }
