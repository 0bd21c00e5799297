public import KeelCore

/// Why `keel demo` could not run.
public enum DemoError: KeelError {
    case resourcesMissing(looked: [String])
    case unwritable(path: String, reason: String)
    case stepFailed(step: String, reason: String)
    case writesFailed(count: Int, first: String)

    public var code: String {
        switch self {
        case .resourcesMissing: "demo.resources-missing"
        case .unwritable: "demo.unwritable"
        case .stepFailed: "demo.step-failed"
        case .writesFailed: "demo.writes-failed"
        }
    }

    public var message: String {
        switch self {
        case .resourcesMissing(let looked):
            "the billing scenario files are missing (looked in \(looked.joined(separator: ", ")))"
        case .unwritable(let path, let reason):
            "cannot write the demo workspace \(path): \(reason)"
        case .stepFailed(let step, let reason):
            "demo step \"\(step)\" failed: \(reason)"
        case .writesFailed(let count, let first):
            "the background writer saw \(count) failed write(s); first: \(first)"
        }
    }

    public var hint: String? {
        switch self {
        case .resourcesMissing:
            "run keel from its build directory (swift build puts Keel_KeelDemo.resources next to it), or set KEEL_DEMO_RESOURCES to Sources/KeelDemo/Resources/billing"
        case .unwritable:
            "pass --dir with a writable directory"
        case .stepFailed:
            "rerun with --keep to explore the clusters, and see the artifacts in the demo directory"
        case .writesFailed:
            "this is a bug in the plan or the rollout: keep the artifacts (--keep) and report them"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .writesFailed: .findings
        default: .failure
        }
    }
}
