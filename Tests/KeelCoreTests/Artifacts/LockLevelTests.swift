import KeelCore
import Testing

@Suite struct LockLevelTests {
    @Test func ordersFromWeakestToStrongest() {
        #expect(LockLevel.accessShare < .shareUpdateExclusive)
        #expect(LockLevel.shareUpdateExclusive < .share)
        #expect(LockLevel.allCases.max() == .accessExclusive)
    }

    @Test func knowsWhatBlocksWritesAndReads() {
        #expect(!LockLevel.shareUpdateExclusive.blocksWrites)  // VALIDATE CONSTRAINT, CREATE INDEX CONCURRENTLY
        #expect(LockLevel.share.blocksWrites)                  // CREATE INDEX
        #expect(LockLevel.shareRowExclusive.blocksWrites)      // ADD FOREIGN KEY, CREATE TRIGGER
        #expect(!LockLevel.exclusive.blocksReads)
        #expect(LockLevel.accessExclusive.blocksReads)
    }

    @Test func roundTripsPgLocksModes() {
        for level in LockLevel.allCases where level != .none {
            #expect(LockLevel(pgLocksMode: level.pgLocksMode ?? "") == level)
        }
        #expect(LockLevel(pgLocksMode: "SIReadLock") == nil)
    }
}
