import ArgumentParser

/// `--json`: machine-readable output on stdout for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON on stdout instead of a summary.")
    var json = false
}
