public import KeelCore

/// Why `keel report` could not write a report. Nothing is written when one is thrown.
public enum ReportError: KeelError, Equatable {
    /// The validation report was made for another plan: rendering it next to this plan would mislead.
    case validationForAnotherPlan(validation: ContentHash, plan: ContentHash)
    /// The report file could not be written.
    case unwritable(path: String, reason: String)

    /// `report.validation-mismatch` or `report.unwritable`.
    public var code: String {
        switch self {
        case .validationForAnotherPlan: "report.validation-mismatch"
        case .unwritable: "report.unwritable"
        }
    }

    public var message: String {
        switch self {
        case .validationForAnotherPlan(let validation, let plan):
            "the validation report is for plan \(validation.short), not for this plan (\(plan.short))"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .validationForAnotherPlan: "validate this plan again (keel validate plan.json …), or pass the plan that was validated"
        case .unwritable: "check that the directory exists and is writable, or pass another --out"
        }
    }
}
