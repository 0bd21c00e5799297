-- SAFE for locks: ALTER TYPE ... ADD VALUE takes no table lock, so no lock_timeout is needed. The value lands last in the sort order (info).
-- expect: require-enum-value-ordering
ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'closed';
