-- UNSAFE: destroys everything.
-- expect: ban-drop-database
DROP DATABASE IF EXISTS prod_copy;
