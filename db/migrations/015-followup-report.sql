-- Follow-up plans (Rencana Tindak Lanjut) and the SKM report's edited narrative (issue 11).
-- Forward-only: never edit this file once landed; add a new numbered file instead.
-- The same schema on PostgreSQL: pg/015-followup-report.sql.

-- One action of the follow-up plan of a scope (the agency, a unit or a service) made from the results
-- of one period (`period`: '2026-Q1', '2026-S1', '2026' or '2026-03'; the plan's kind is the period's).
-- scope_id: the root unit (agency), the unit (unit) or the service (service).
CREATE TABLE followup_actions (
  id               INTEGER PRIMARY KEY,
  scope_kind       TEXT    NOT NULL CHECK (scope_kind IN ('agency', 'unit', 'service')),
  scope_id         INTEGER NOT NULL,
  period           TEXT    NOT NULL CHECK (length(period) BETWEEN 4 AND 7),
  element_code     TEXT    NOT NULL REFERENCES elements(code),
  activity         TEXT    NOT NULL CHECK (length(trim(activity)) BETWEEN 1 AND 500),
  person           TEXT    NOT NULL DEFAULT '' CHECK (length(person) <= 200),  -- person in charge: officers only
  responsible      TEXT    NOT NULL CHECK (length(trim(responsible)) BETWEEN 1 AND 200), -- unit or role: what the public reads
  planned_quarter  TEXT    NOT NULL CHECK (length(planned_quarter) = 7),    -- '2027-Q1'
  status           TEXT    NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  evidence_note    TEXT    NOT NULL DEFAULT '' CHECK (length(evidence_note) <= 1000),
  evidence_url     TEXT    NOT NULL DEFAULT '' CHECK (length(evidence_url) <= 500),
  done_date        TEXT,                                                   -- agency-local YYYY-MM-DD, only when done
  created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by       INTEGER REFERENCES users(id),
  updated_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK ((status = 'done') = (done_date IS NOT NULL))
);
CREATE INDEX followup_actions_scope ON followup_actions(scope_kind, scope_id, period);
CREATE INDEX followup_actions_open ON followup_actions(planned_quarter) WHERE status IN ('planned', 'in_progress');

-- The report's narrative chapters as officers edited them, per scope, period, chapter and language
-- (no row: the generated draft is shown).
CREATE TABLE report_drafts (
  scope_kind TEXT    NOT NULL CHECK (scope_kind IN ('agency', 'unit', 'service')),
  scope_id   INTEGER NOT NULL,
  period     TEXT    NOT NULL CHECK (length(period) BETWEEN 4 AND 7),
  chapter    TEXT    NOT NULL CHECK (chapter IN ('introduction', 'collection', 'results', 'analysis', 'conclusion')),
  lang       TEXT    NOT NULL CHECK (length(lang) = 2),
  body       TEXT    NOT NULL CHECK (length(body) <= 8000),
  updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_by INTEGER REFERENCES users(id),
  PRIMARY KEY (scope_kind, scope_id, period, chapter, lang)
);
