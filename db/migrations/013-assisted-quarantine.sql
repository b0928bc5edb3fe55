-- Issue 10: ask everyone (how the visit ended), assisted entry and paper import, abuse without
-- surveillance (suspicious responses and their quarantine). Forward-only: never edit this file once
-- landed; add a new numbered file instead. The same schema on PostgreSQL: pg/013-assisted-quarantine.sql.

-- Per service: the survey asks how the visit ended (off by default).
ALTER TABLE services ADD COLUMN ask_end_state INTEGER NOT NULL DEFAULT 0 CHECK (ask_end_state IN (0, 1));

-- How the visit ended (a profile dimension, never part of the IKM): full, partial, not_served,
-- gave_up, 'na' (prefer not to answer); NULL when the question was not asked (reported as 'na').
ALTER TABLE responses ADD COLUMN end_state TEXT CHECK (end_state IS NULL OR end_state IN ('full', 'partial', 'not_served', 'gave_up', 'na'));
-- Channel 'assisted' only: how the interview was held, and the officer who entered it (never public).
-- For assisted responses local_date is the interview date (they count in the totals of that day).
ALTER TABLE responses ADD COLUMN way TEXT CHECK (way IS NULL OR way IN ('interview', 'phone', 'paper'));
ALTER TABLE responses ADD COLUMN entered_by INTEGER REFERENCES users(id);
-- Flood checks mark a response suspicious (the reason) instead of dropping it; it counts until an
-- officer excludes it (excluded = 1: out of every total and figure, never deleted) or keeps it.
ALTER TABLE responses ADD COLUMN suspicion TEXT CHECK (suspicion IS NULL OR suspicion IN ('client_burst', 'pattern_burst'));
ALTER TABLE responses ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1));
ALTER TABLE responses ADD COLUMN reviewed_at TEXT;               -- UTC instant of the last decision
ALTER TABLE responses ADD COLUMN reviewed_by INTEGER REFERENCES users(id);
CREATE INDEX responses_suspicious ON responses(service_id, id) WHERE suspicion IS NOT NULL;

-- Visits that ended without service (not served, gave up) and answered no element: kept for reach by
-- end state, never an IKM response (every row of responses answers at least one element).
CREATE TABLE unrated_visits (
  id           INTEGER PRIMARY KEY,
  service_id   INTEGER NOT NULL REFERENCES services(id),
  submitted_at TEXT    NOT NULL,
  local_date   TEXT    NOT NULL,
  channel      TEXT    NOT NULL CHECK (channel IN ('link', 'qr', 'kiosk', 'embed', 'assisted')),
  way          TEXT    CHECK (way IS NULL OR way IN ('interview', 'phone', 'paper')),
  counter_id   INTEGER REFERENCES counters(id),
  lang         TEXT    NOT NULL,
  end_state    TEXT    NOT NULL CHECK (end_state IN ('not_served', 'gave_up')),
  gender       TEXT,
  age          INTEGER CHECK (age IS NULL OR age BETWEEN 10 AND 120),
  age_band     TEXT,
  education    TEXT,
  occupation   TEXT,
  disability   TEXT,
  comment      TEXT    CHECK (comment IS NULL OR length(comment) <= 1000),
  idem_key     TEXT,
  entered_by   INTEGER REFERENCES users(id),
  suspicion    TEXT    CHECK (suspicion IS NULL OR suspicion IN ('client_burst', 'pattern_burst')),
  excluded     INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
  reviewed_at  TEXT,
  reviewed_by  INTEGER REFERENCES users(id)
);
CREATE INDEX unrated_visits_service_date ON unrated_visits(service_id, local_date);
CREATE UNIQUE INDEX unrated_visits_service_idem ON unrated_visits(service_id, idem_key) WHERE idem_key IS NOT NULL;

-- Every existing response counts as end state 'na' in the group totals: one row per service and
-- month, the sum of that month's gender rows (every response sits in exactly one gender group).
INSERT INTO totals_group_month (service_id, month, dimension, grp, n, mean_sum, mean_sq,
  persyaratan_n, persyaratan_sum, persyaratan_sq, persyaratan_c4, persyaratan_c12,
  prosedur_n, prosedur_sum, prosedur_sq, prosedur_c4, prosedur_c12,
  waktu_n, waktu_sum, waktu_sq, waktu_c4, waktu_c12,
  biaya_n, biaya_sum, biaya_sq, biaya_c4, biaya_c12,
  produk_n, produk_sum, produk_sq, produk_c4, produk_c12,
  kompetensi_n, kompetensi_sum, kompetensi_sq, kompetensi_c4, kompetensi_c12,
  perilaku_n, perilaku_sum, perilaku_sq, perilaku_c4, perilaku_c12,
  pengaduan_n, pengaduan_sum, pengaduan_sq, pengaduan_c4, pengaduan_c12,
  sarana_n, sarana_sum, sarana_sq, sarana_c4, sarana_c12)
SELECT service_id, month, 'endstate', 'na', SUM(n), SUM(mean_sum), SUM(mean_sq),
  SUM(persyaratan_n), SUM(persyaratan_sum), SUM(persyaratan_sq), SUM(persyaratan_c4), SUM(persyaratan_c12),
  SUM(prosedur_n), SUM(prosedur_sum), SUM(prosedur_sq), SUM(prosedur_c4), SUM(prosedur_c12),
  SUM(waktu_n), SUM(waktu_sum), SUM(waktu_sq), SUM(waktu_c4), SUM(waktu_c12),
  SUM(biaya_n), SUM(biaya_sum), SUM(biaya_sq), SUM(biaya_c4), SUM(biaya_c12),
  SUM(produk_n), SUM(produk_sum), SUM(produk_sq), SUM(produk_c4), SUM(produk_c12),
  SUM(kompetensi_n), SUM(kompetensi_sum), SUM(kompetensi_sq), SUM(kompetensi_c4), SUM(kompetensi_c12),
  SUM(perilaku_n), SUM(perilaku_sum), SUM(perilaku_sq), SUM(perilaku_c4), SUM(perilaku_c12),
  SUM(pengaduan_n), SUM(pengaduan_sum), SUM(pengaduan_sq), SUM(pengaduan_c4), SUM(pengaduan_c12),
  SUM(sarana_n), SUM(sarana_sum), SUM(sarana_sq), SUM(sarana_c4), SUM(sarana_c12)
FROM totals_group_month WHERE dimension = 'gender' GROUP BY service_id, month;

-- A new role, enumerator (petugas pencacah): enters paper and phone interviews for its subtree, and
-- nothing else. SQLite cannot change a CHECK in place: users is rebuilt. Inside the migration's
-- transaction foreign keys stay on, so what references users (sessions, counters.created_by,
-- kiosks.created_by) is set aside first and put back after, and no row is lost.
CREATE TEMP TABLE m013_sessions AS SELECT * FROM sessions;
CREATE TEMP TABLE m013_counters AS SELECT id, created_by FROM counters WHERE created_by IS NOT NULL;
CREATE TEMP TABLE m013_kiosks AS SELECT id, created_by FROM kiosks WHERE created_by IS NOT NULL;
DELETE FROM sessions;
UPDATE counters SET created_by = NULL WHERE created_by IS NOT NULL;
UPDATE kiosks SET created_by = NULL WHERE created_by IS NOT NULL;

CREATE TABLE users_013 (
  id                   INTEGER PRIMARY KEY,
  email                TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (email = lower(trim(email)) AND email LIKE '%_@_%'),
  name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
  password_hash        TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role                 TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'enumerator', 'viewer')),
  unit_id              INTEGER NOT NULL REFERENCES units(id),
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  password_changed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_sign_in_at      TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))
);
INSERT INTO users_013 (id, email, name, password_hash, role, unit_id, active, created_at, password_changed_at, last_sign_in_at, must_change_password)
  SELECT id, email, name, password_hash, role, unit_id, active, created_at, password_changed_at, last_sign_in_at, must_change_password FROM users;
DROP TABLE users;
ALTER TABLE users_013 RENAME TO users;
CREATE INDEX users_unit ON users(unit_id);

INSERT INTO sessions SELECT * FROM m013_sessions;
UPDATE counters SET created_by = (SELECT m.created_by FROM m013_counters m WHERE m.id = counters.id) WHERE id IN (SELECT id FROM m013_counters);
UPDATE kiosks SET created_by = (SELECT m.created_by FROM m013_kiosks m WHERE m.id = kiosks.id) WHERE id IN (SELECT id FROM m013_kiosks);
DROP TABLE m013_sessions;
DROP TABLE m013_counters;
DROP TABLE m013_kiosks;

-- A checked import file waiting for the officer's confirmation (a few minutes): its validated rows,
-- under a random id, so the confirmation stores exactly what was checked, on whichever process
-- answers it. Deleted when confirmed or expired.
CREATE TABLE import_uploads (
  id         TEXT    PRIMARY KEY,            -- base64url, 128 random bits
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id),
  file_name  TEXT    NOT NULL,
  rows_json  TEXT    NOT NULL,               -- JSON: the validated rows, ready to store
  created_at INTEGER NOT NULL,               -- Unix ms
  expires_at INTEGER NOT NULL                -- Unix ms
);
CREATE INDEX import_uploads_expires ON import_uploads(expires_at);
