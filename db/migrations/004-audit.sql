-- Management audit log: who changed what, when (units, services, targets, profiles, populations,
-- published flags, users and roles, API tokens). Forward-only: never edit this file once landed.
--
-- One row per change, written in the same transaction as the change itself, so a change without its
-- row (or a row without its change) cannot exist. Append-only: triggers refuse UPDATE and DELETE.
-- user_id has no foreign key on purpose: the row must outlive whatever happens to the account, and
-- user_email keeps who it was at the time. entity_kind is free text (no CHECK) so later features can
-- log new kinds without rebuilding the table; details is JSON, usually {"before": {...}, "after": {...}}.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  user_id     INTEGER,
  user_email  TEXT,
  action      TEXT    NOT NULL CHECK (length(action) > 0),
  entity_kind TEXT    NOT NULL CHECK (length(entity_kind) > 0),
  entity_id   INTEGER,
  entity_code TEXT,
  details     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_log_kind ON audit_log (entity_kind, id);
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
