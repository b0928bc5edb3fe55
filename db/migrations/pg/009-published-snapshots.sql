-- Published periods are snapshots (indicators.md "Disclosure control"): the first public read of a
-- completed month freezes each service's totals for it, so that late data (kiosk queues, imports,
-- quarantine) changes what the public sees only through an explicit, audited republication.
-- Quarters, semesters and years are sums of frozen months, so they always agree with them.
-- PostgreSQL version of ../009-published-snapshots.sql; WITHOUT ROWID is dropped (no equivalent).

-- One row per service and frozen month (also for a month without responses). `joint` holds the
-- month's joint profile counts, JSON [[gender, age, education, occupation, disability, channel, n], ...]:
-- disclosure control needs them to tell when one shown group lies inside another.
CREATE TABLE published_months (
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  month      TEXT    NOT NULL,   -- YYYY-MM
  taken_at   TEXT    NOT NULL,   -- ISO timestamp of the freeze
  joint      TEXT    NOT NULL DEFAULT '[]',
  PRIMARY KEY (service_id, month)
);

-- Copies of totals_month and totals_group_month rows for the frozen months.
CREATE TABLE published_totals_month (
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
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

CREATE TABLE published_totals_group_month (
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
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
