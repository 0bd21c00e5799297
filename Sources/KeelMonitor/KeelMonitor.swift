/// Stage 6: after a change goes live, compare the live catalog with the one Keel recorded
/// (drift) and watch the touched objects' query, index and data health (monitor).
public enum KeelMonitor {}
