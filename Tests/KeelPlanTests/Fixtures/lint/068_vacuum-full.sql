-- UNSAFE: VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE.
-- expect: prefer-repack
SET lock_timeout = '1s';
SET statement_timeout = '10s';
VACUUM FULL orders;
CLUSTER accounts USING accounts_pkey;
