@testable import KeelValidate
import Testing

@Suite struct ValidationProgressTests {
    @Test func describesPhaseStepAndPosition() {
        #expect(ValidationProgress(phase: .apply, step: "backfill.1", index: 4, count: 7).description == "apply 4/7: backfill.1")
        #expect(ValidationProgress(phase: .dualWrite, step: "public.invoices.amount").description == "dual write: public.invoices.amount")
    }

    @Test func rateAndETA() {
        let (perSecond, eta) = ValidationProgress.rate(done: 1000, total: 4000, elapsed: 2)
        #expect(perSecond == 500 && eta == 6)
        #expect(ValidationProgress.rate(done: 0, total: 10, elapsed: 1) == (nil, nil))
        #expect(ValidationProgress.rate(done: 10, total: nil, elapsed: 1) == (10, nil))
    }
}
