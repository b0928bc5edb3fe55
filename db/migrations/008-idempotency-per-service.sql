-- Idempotency keys are scoped to the service: a key seen on one service no longer swallows a post
-- to another (which answered 303 and stored nothing). Forward-only: never edit this file once landed.
--
-- responses.idempotency_key was UNIQUE across all services, and SQLite cannot drop a column's UNIQUE
-- constraint without rebuilding the whole table (and response_extras, which references it). So the
-- key moves to a new column, unique per service, and the old one is retired: always NULL from now
-- on. The partial index holds only keyed rows (survey posts), not imported or demo rows.
ALTER TABLE responses ADD COLUMN idem_key TEXT;
UPDATE responses SET idem_key = idempotency_key, idempotency_key = NULL WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX responses_service_idem ON responses (service_id, idem_key) WHERE idem_key IS NOT NULL;
