-- Idempotency keys are scoped to the service: a key seen on one service no longer swallows a post
-- to another (which answered 303 and stored nothing). Forward-only: never edit this file once landed.
--
-- PostgreSQL version of ../008-idempotency-per-service.sql. A PostgreSQL database is always created
-- from scratch (an SQLite installation moves over whole with db:copy), so there are no keys to move
-- here: this creates the final shape. The key lives in idem_key, unique per service; the partial
-- index holds only keyed rows (survey posts), not imported or demo rows. The retired column
-- idempotency_key stays (always NULL, same columns as SQLite), but unlike SQLite, which cannot drop a
-- column's UNIQUE without rebuilding the table, PostgreSQL drops its unique index: it would hold
-- one entry per response for nothing.
ALTER TABLE responses ADD COLUMN idem_key TEXT;
ALTER TABLE responses DROP CONSTRAINT responses_idempotency_key_key;
CREATE UNIQUE INDEX responses_service_idem ON responses (service_id, idem_key) WHERE idem_key IS NOT NULL;
