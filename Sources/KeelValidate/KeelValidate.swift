// Stage 4: validation in a sandbox: representative data, replay of consumers, output diff,
// lock and plan checks. Diff/ holds the data diff (`keel diff`), usable on its own.
