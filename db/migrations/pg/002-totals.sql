-- Running totals (indicators.md "Cost"): kept in the same transaction that stores a response, so
-- reading any scope and period costs in proportion to the services and days shown, not the responses.
-- Per element: answered count, sum, sum of squares, count of 4s, count of 1s and 2s.
-- PostgreSQL version of ../002-totals.sql. SQLite's WITHOUT ROWID (the table stored in its primary
-- key) has no PostgreSQL equivalent and is dropped: these tables are heaps with a primary key index.

-- Per service, agency-local day and channel: date ranges and the channel filter.
CREATE TABLE totals_day (
  service_id INTEGER NOT NULL REFERENCES services(id),
  day        TEXT    NOT NULL,   -- YYYY-MM-DD
  channel    TEXT    NOT NULL,
  n         INTEGER NOT NULL DEFAULT 0,  -- responses
  mean_sum  DOUBLE PRECISION    NOT NULL DEFAULT 0,  -- sum of each respondent's own mean (1-4)
  mean_sq   DOUBLE PRECISION    NOT NULL DEFAULT 0,  -- sum of its squares
  persyaratan_n INTEGER NOT NULL DEFAULT 0, persyaratan_sum INTEGER NOT NULL DEFAULT 0, persyaratan_sq INTEGER NOT NULL DEFAULT 0, persyaratan_c4 INTEGER NOT NULL DEFAULT 0, persyaratan_c12 INTEGER NOT NULL DEFAULT 0,
  prosedur_n INTEGER NOT NULL DEFAULT 0, prosedur_sum INTEGER NOT NULL DEFAULT 0, prosedur_sq INTEGER NOT NULL DEFAULT 0, prosedur_c4 INTEGER NOT NULL DEFAULT 0, prosedur_c12 INTEGER NOT NULL DEFAULT 0,
  waktu_n INTEGER NOT NULL DEFAULT 0, waktu_sum INTEGER NOT NULL DEFAULT 0, waktu_sq INTEGER NOT NULL DEFAULT 0, waktu_c4 INTEGER NOT NULL DEFAULT 0, waktu_c12 INTEGER NOT NULL DEFAULT 0,
  biaya_n INTEGER NOT NULL DEFAULT 0, biaya_sum INTEGER NOT NULL DEFAULT 0, biaya_sq INTEGER NOT NULL DEFAULT 0, biaya_c4 INTEGER NOT NULL DEFAULT 0, biaya_c12 INTEGER NOT NULL DEFAULT 0,
  produk_n INTEGER NOT NULL DEFAULT 0, produk_sum INTEGER NOT NULL DEFAULT 0, produk_sq INTEGER NOT NULL DEFAULT 0, produk_c4 INTEGER NOT NULL DEFAULT 0, produk_c12 INTEGER NOT NULL DEFAULT 0,
  kompetensi_n INTEGER NOT NULL DEFAULT 0, kompetensi_sum INTEGER NOT NULL DEFAULT 0, kompetensi_sq INTEGER NOT NULL DEFAULT 0, kompetensi_c4 INTEGER NOT NULL DEFAULT 0, kompetensi_c12 INTEGER NOT NULL DEFAULT 0,
  perilaku_n INTEGER NOT NULL DEFAULT 0, perilaku_sum INTEGER NOT NULL DEFAULT 0, perilaku_sq INTEGER NOT NULL DEFAULT 0, perilaku_c4 INTEGER NOT NULL DEFAULT 0, perilaku_c12 INTEGER NOT NULL DEFAULT 0,
  pengaduan_n INTEGER NOT NULL DEFAULT 0, pengaduan_sum INTEGER NOT NULL DEFAULT 0, pengaduan_sq INTEGER NOT NULL DEFAULT 0, pengaduan_c4 INTEGER NOT NULL DEFAULT 0, pengaduan_c12 INTEGER NOT NULL DEFAULT 0,
  sarana_n INTEGER NOT NULL DEFAULT 0, sarana_sum INTEGER NOT NULL DEFAULT 0, sarana_sq INTEGER NOT NULL DEFAULT 0, sarana_c4 INTEGER NOT NULL DEFAULT 0, sarana_c12 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, day, channel)
);

-- The same per month: whole months of a period read here (12 rows a year per service and channel).
CREATE TABLE totals_month (
  service_id INTEGER NOT NULL REFERENCES services(id),
  month      TEXT    NOT NULL,   -- YYYY-MM
  channel    TEXT    NOT NULL,
  n         INTEGER NOT NULL DEFAULT 0,  -- responses
  mean_sum  DOUBLE PRECISION    NOT NULL DEFAULT 0,  -- sum of each respondent's own mean (1-4)
  mean_sq   DOUBLE PRECISION    NOT NULL DEFAULT 0,  -- sum of its squares
  persyaratan_n INTEGER NOT NULL DEFAULT 0, persyaratan_sum INTEGER NOT NULL DEFAULT 0, persyaratan_sq INTEGER NOT NULL DEFAULT 0, persyaratan_c4 INTEGER NOT NULL DEFAULT 0, persyaratan_c12 INTEGER NOT NULL DEFAULT 0,
  prosedur_n INTEGER NOT NULL DEFAULT 0, prosedur_sum INTEGER NOT NULL DEFAULT 0, prosedur_sq INTEGER NOT NULL DEFAULT 0, prosedur_c4 INTEGER NOT NULL DEFAULT 0, prosedur_c12 INTEGER NOT NULL DEFAULT 0,
  waktu_n INTEGER NOT NULL DEFAULT 0, waktu_sum INTEGER NOT NULL DEFAULT 0, waktu_sq INTEGER NOT NULL DEFAULT 0, waktu_c4 INTEGER NOT NULL DEFAULT 0, waktu_c12 INTEGER NOT NULL DEFAULT 0,
  biaya_n INTEGER NOT NULL DEFAULT 0, biaya_sum INTEGER NOT NULL DEFAULT 0, biaya_sq INTEGER NOT NULL DEFAULT 0, biaya_c4 INTEGER NOT NULL DEFAULT 0, biaya_c12 INTEGER NOT NULL DEFAULT 0,
  produk_n INTEGER NOT NULL DEFAULT 0, produk_sum INTEGER NOT NULL DEFAULT 0, produk_sq INTEGER NOT NULL DEFAULT 0, produk_c4 INTEGER NOT NULL DEFAULT 0, produk_c12 INTEGER NOT NULL DEFAULT 0,
  kompetensi_n INTEGER NOT NULL DEFAULT 0, kompetensi_sum INTEGER NOT NULL DEFAULT 0, kompetensi_sq INTEGER NOT NULL DEFAULT 0, kompetensi_c4 INTEGER NOT NULL DEFAULT 0, kompetensi_c12 INTEGER NOT NULL DEFAULT 0,
  perilaku_n INTEGER NOT NULL DEFAULT 0, perilaku_sum INTEGER NOT NULL DEFAULT 0, perilaku_sq INTEGER NOT NULL DEFAULT 0, perilaku_c4 INTEGER NOT NULL DEFAULT 0, perilaku_c12 INTEGER NOT NULL DEFAULT 0,
  pengaduan_n INTEGER NOT NULL DEFAULT 0, pengaduan_sum INTEGER NOT NULL DEFAULT 0, pengaduan_sq INTEGER NOT NULL DEFAULT 0, pengaduan_c4 INTEGER NOT NULL DEFAULT 0, pengaduan_c12 INTEGER NOT NULL DEFAULT 0,
  sarana_n INTEGER NOT NULL DEFAULT 0, sarana_sum INTEGER NOT NULL DEFAULT 0, sarana_sq INTEGER NOT NULL DEFAULT 0, sarana_c4 INTEGER NOT NULL DEFAULT 0, sarana_c12 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, month, channel)
);

-- Per service, month, profile dimension and group ('na' = prefer not to answer or not stated).
-- Kept per month (performance.md): a range that cuts a month reads its edge days from responses.
CREATE TABLE totals_group_month (
  service_id INTEGER NOT NULL REFERENCES services(id),
  month      TEXT    NOT NULL,
  dimension  TEXT    NOT NULL,
  grp        TEXT    NOT NULL,
  n         INTEGER NOT NULL DEFAULT 0,  -- responses
  mean_sum  DOUBLE PRECISION    NOT NULL DEFAULT 0,  -- sum of each respondent's own mean (1-4)
  mean_sq   DOUBLE PRECISION    NOT NULL DEFAULT 0,  -- sum of its squares
  persyaratan_n INTEGER NOT NULL DEFAULT 0, persyaratan_sum INTEGER NOT NULL DEFAULT 0, persyaratan_sq INTEGER NOT NULL DEFAULT 0, persyaratan_c4 INTEGER NOT NULL DEFAULT 0, persyaratan_c12 INTEGER NOT NULL DEFAULT 0,
  prosedur_n INTEGER NOT NULL DEFAULT 0, prosedur_sum INTEGER NOT NULL DEFAULT 0, prosedur_sq INTEGER NOT NULL DEFAULT 0, prosedur_c4 INTEGER NOT NULL DEFAULT 0, prosedur_c12 INTEGER NOT NULL DEFAULT 0,
  waktu_n INTEGER NOT NULL DEFAULT 0, waktu_sum INTEGER NOT NULL DEFAULT 0, waktu_sq INTEGER NOT NULL DEFAULT 0, waktu_c4 INTEGER NOT NULL DEFAULT 0, waktu_c12 INTEGER NOT NULL DEFAULT 0,
  biaya_n INTEGER NOT NULL DEFAULT 0, biaya_sum INTEGER NOT NULL DEFAULT 0, biaya_sq INTEGER NOT NULL DEFAULT 0, biaya_c4 INTEGER NOT NULL DEFAULT 0, biaya_c12 INTEGER NOT NULL DEFAULT 0,
  produk_n INTEGER NOT NULL DEFAULT 0, produk_sum INTEGER NOT NULL DEFAULT 0, produk_sq INTEGER NOT NULL DEFAULT 0, produk_c4 INTEGER NOT NULL DEFAULT 0, produk_c12 INTEGER NOT NULL DEFAULT 0,
  kompetensi_n INTEGER NOT NULL DEFAULT 0, kompetensi_sum INTEGER NOT NULL DEFAULT 0, kompetensi_sq INTEGER NOT NULL DEFAULT 0, kompetensi_c4 INTEGER NOT NULL DEFAULT 0, kompetensi_c12 INTEGER NOT NULL DEFAULT 0,
  perilaku_n INTEGER NOT NULL DEFAULT 0, perilaku_sum INTEGER NOT NULL DEFAULT 0, perilaku_sq INTEGER NOT NULL DEFAULT 0, perilaku_c4 INTEGER NOT NULL DEFAULT 0, perilaku_c12 INTEGER NOT NULL DEFAULT 0,
  pengaduan_n INTEGER NOT NULL DEFAULT 0, pengaduan_sum INTEGER NOT NULL DEFAULT 0, pengaduan_sq INTEGER NOT NULL DEFAULT 0, pengaduan_c4 INTEGER NOT NULL DEFAULT 0, pengaduan_c12 INTEGER NOT NULL DEFAULT 0,
  sarana_n INTEGER NOT NULL DEFAULT 0, sarana_sum INTEGER NOT NULL DEFAULT 0, sarana_sq INTEGER NOT NULL DEFAULT 0, sarana_c4 INTEGER NOT NULL DEFAULT 0, sarana_c12 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, month, dimension, grp)
);

-- Kelompok sasaran: the expected share of each group of a dimension among the users of a unit or
-- service (from its records or a census), for the representation index. Unset: inherited from the parent unit.
CREATE TABLE target_profiles (
  unit_id    INTEGER REFERENCES units(id),
  service_id INTEGER REFERENCES services(id),
  dimension  TEXT NOT NULL,
  grp        TEXT NOT NULL,
  share      DOUBLE PRECISION NOT NULL CHECK (share >= 0 AND share <= 1),
  CHECK ((unit_id IS NULL) <> (service_id IS NULL))
);
CREATE UNIQUE INDEX target_profiles_owner ON target_profiles (COALESCE(unit_id, 0), COALESCE(service_id, 0), dimension, grp);

-- Users served in a period (N), for the Krejcie-Morgan sample size, per unit or service.
CREATE TABLE populations (
  unit_id     INTEGER REFERENCES units(id),
  service_id  INTEGER REFERENCES services(id),
  period_from TEXT NOT NULL,    -- agency-local YYYY-MM-DD, inclusive
  period_to   TEXT NOT NULL,
  population  INTEGER NOT NULL CHECK (population >= 0),
  CHECK ((unit_id IS NULL) <> (service_id IS NULL)),
  CHECK (period_from <= period_to)
);
CREATE UNIQUE INDEX populations_owner ON populations (COALESCE(unit_id, 0), COALESCE(service_id, 0), period_from, period_to);

-- Tokens for the results API (Authorization: Bearer ...), scoped to a unit's subtree; only a hash is kept.
CREATE TABLE api_tokens (
  id           INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  last_used_at TEXT,
  revoked_at   TEXT
);
