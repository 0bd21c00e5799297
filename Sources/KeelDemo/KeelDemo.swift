/// `keel demo`: builds the billing scenario on managed PostgreSQL clusters and walks it through
/// discover → impact → plan → validate → rollout (staging, production) → contract → drift.
public enum KeelDemo {}
