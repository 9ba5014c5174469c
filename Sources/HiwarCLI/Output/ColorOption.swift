import ArgumentParser

/// `--no-color`, shared by every command that colours its output.
///
/// Colour is used only on a terminal, never with `NO_COLOR` set or `TERM=dumb`, and never with
/// `--no-color`.
struct ColorOption: ParsableArguments {
    @Flag(help: "Never color the output, even on a terminal (NO_COLOR in the environment does the same).")
    var noColor = false

    /// Whether standard output gets colours.
    var enabled: Bool { !noColor && Terminal.colorsOnStandardOutput }
}
