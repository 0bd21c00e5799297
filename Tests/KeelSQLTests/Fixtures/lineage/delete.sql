-- DELETE: target, USING, WHERE, RETURNING.
-- schema: public.t: id, c, d
-- schema: public.s: id, flag

DELETE FROM t
-- kind: delete
-- target: public.t

DELETE FROM t WHERE c < 0
-- kind: delete
-- target: public.t
-- indirect: public.t.c FILTER

DELETE FROM t USING s WHERE s.id = t.id AND s.flag
-- target: public.t
-- indirect: public.s.id FILTER, public.t.id FILTER, public.s.flag FILTER

DELETE FROM ONLY t AS x WHERE x.d IN (SELECT id FROM s)
-- target: public.t
-- indirect: public.t.d FILTER, public.s.id FILTER

DELETE FROM t WHERE EXISTS (SELECT 1 FROM s WHERE s.id = t.id) RETURNING id, c
-- target: public.t
-- indirect: public.s.id FILTER, public.t.id FILTER

WITH old AS (SELECT id FROM s WHERE flag) DELETE FROM t WHERE id IN (SELECT id FROM old)
-- target: public.t
-- indirect: public.t.id FILTER, public.s.id FILTER, public.s.flag FILTER

DELETE FROM t WHERE CURRENT OF my_cursor
-- target: public.t

DELETE FROM t WHERE nope = 1
-- target: public.t
-- error: bind.unknown-column
