-- SAFE: the new label says where it sorts.
-- expect: 
ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'pending' BEFORE 'active';
