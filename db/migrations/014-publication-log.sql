-- Publication (issue 11): where and when a period's results were published, and the reason of every
-- republication of a completed period. Forward-only: never edit this file once landed; add a new
-- numbered file instead. The same schema on PostgreSQL: pg/014-publication-log.sql.

-- The publication log: one row per medium that carried a scope's results for one period (the national
-- evaluation counts the media, electronic and not). A scope is a unit (the root unit: the agency) or a
-- service. A link (http/https only) or a text note, or both; never an upload.
CREATE TABLE publications (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER REFERENCES units(id),
  service_id   INTEGER REFERENCES services(id),
  period       TEXT    NOT NULL,              -- 2026-07, 2026-Q3, 2026-S2, 2026
  period_from  TEXT    NOT NULL,              -- its first and last local dates, YYYY-MM-DD
  period_to    TEXT    NOT NULL,
  channel      TEXT    NOT NULL CHECK (channel IN ('website', 'app', 'social_media', 'print', 'notice_board', 'other')),
  electronic   INTEGER NOT NULL CHECK (electronic IN (0, 1)),
  published_on TEXT    NOT NULL,              -- local date, YYYY-MM-DD
  url          TEXT    CHECK (url IS NULL OR substr(url, 1, 7) = 'http://' OR substr(url, 1, 8) = 'https://'),
  note         TEXT    CHECK (note IS NULL OR length(note) <= 500),
  created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by   INTEGER REFERENCES users(id),
  CHECK ((unit_id IS NULL) <> (service_id IS NULL)),
  CHECK (url IS NOT NULL OR note IS NOT NULL)
);
CREATE INDEX publications_unit ON publications(unit_id, period_from) WHERE unit_id IS NOT NULL;
CREATE INDEX publications_service ON publications(service_id, period_from) WHERE service_id IS NOT NULL;

-- Republications (published periods are snapshots): when an admin let a completed period's late data
-- in, and why. Shown on the public pages of the periods that hold these months.
CREATE TABLE republications (
  id             INTEGER PRIMARY KEY,
  period         TEXT    NOT NULL,            -- as republished: 2026-07, 2026-Q3, ...
  month_from     TEXT    NOT NULL,            -- YYYY-MM
  month_to       TEXT    NOT NULL,
  republished_at TEXT    NOT NULL,            -- UTC instant, ISO 8601
  reason         TEXT    NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 300),
  created_by     INTEGER REFERENCES users(id)
);
CREATE INDEX republications_months ON republications(month_from, month_to);
