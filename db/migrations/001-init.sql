-- Mutu: organisation, SKM elements, responses.
-- Forward-only: never edit this file once landed; add a new numbered file instead.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One installation serves one agency (the contract's /api/v1/agency/results);
-- the table keeps an id so data stays portable.
CREATE TABLE agencies (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name_id        TEXT NOT NULL,
  name_en        TEXT NOT NULL,
  time_zone      TEXT NOT NULL DEFAULT 'Asia/Jakarta',
  min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size >= 3),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A tree of any depth: the root (parent_id NULL) is the agency's top.
CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  agency_id  INTEGER NOT NULL REFERENCES agencies(id),
  parent_id  INTEGER REFERENCES units(id),
  code       TEXT NOT NULL UNIQUE CHECK (code GLOB '[a-z0-9]*' AND code NOT GLOB '*[^a-z0-9-]*'),
  name_id    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  published  INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  target_ikm REAL CHECK (target_ikm IS NULL OR target_ikm BETWEEN 25 AND 100),
  position   INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE services (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  code          TEXT NOT NULL UNIQUE CHECK (code GLOB '[a-z0-9]*' AND code NOT GLOB '*[^a-z0-9-]*' AND length(code) <= 40),
  name_id       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  published     INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  target_ikm    REAL CHECK (target_ikm IS NULL OR target_ikm BETWEEN 25 AND 100),
  -- space-separated origins allowed to frame the embed view (frame-ancestors)
  embed_origins TEXT NOT NULL DEFAULT '',
  position      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX services_unit ON services(unit_id);

-- The nine SKM elements, by stable code (skm.md). Display order is per agency (position);
-- results never depend on it. column_name is the answer column in responses.
CREATE TABLE elements (
  code        TEXT PRIMARY KEY,
  column_name TEXT NOT NULL UNIQUE,
  position    INTEGER NOT NULL
);

-- Texts of an element per language: name, question and the four answer labels.
CREATE TABLE element_texts (
  element_code TEXT NOT NULL REFERENCES elements(code),
  lang         TEXT NOT NULL,
  name         TEXT NOT NULL,
  question     TEXT NOT NULL,
  label_1      TEXT NOT NULL,
  label_2      TEXT NOT NULL,
  label_3      TEXT NOT NULL,
  label_4      TEXT NOT NULL,
  PRIMARY KEY (element_code, lang)
);

-- One row per submitted questionnaire. Anonymous: no name, contact or address is kept.
-- Element answers are 1..4 or NULL (missing, never 0). Profile values are codes from
-- server/vocabulary/profile.ts; NULL = not given, 'na' = prefer not to answer.
CREATE TABLE responses (
  id              INTEGER PRIMARY KEY,
  service_id      INTEGER NOT NULL REFERENCES services(id),
  submitted_at    TEXT NOT NULL,            -- UTC instant, ISO 8601
  local_date      TEXT NOT NULL,            -- agency-local YYYY-MM-DD
  channel         TEXT NOT NULL CHECK (channel IN ('link', 'qr', 'kiosk', 'embed', 'assisted')),
  lang            TEXT NOT NULL,
  gender          TEXT,
  age             INTEGER CHECK (age IS NULL OR age BETWEEN 10 AND 120),
  age_band        TEXT,
  education       TEXT,
  occupation      TEXT,
  disability      TEXT,
  e_persyaratan   INTEGER CHECK (e_persyaratan BETWEEN 1 AND 4),
  e_prosedur      INTEGER CHECK (e_prosedur BETWEEN 1 AND 4),
  e_waktu         INTEGER CHECK (e_waktu BETWEEN 1 AND 4),
  e_biaya         INTEGER CHECK (e_biaya BETWEEN 1 AND 4),
  e_produk        INTEGER CHECK (e_produk BETWEEN 1 AND 4),
  e_kompetensi    INTEGER CHECK (e_kompetensi BETWEEN 1 AND 4),
  e_perilaku      INTEGER CHECK (e_perilaku BETWEEN 1 AND 4),
  e_pengaduan     INTEGER CHECK (e_pengaduan BETWEEN 1 AND 4),
  e_sarana        INTEGER CHECK (e_sarana BETWEEN 1 AND 4),
  comment         TEXT CHECK (comment IS NULL OR length(comment) <= 1000),
  idempotency_key TEXT UNIQUE,
  CHECK (COALESCE(e_persyaratan, e_prosedur, e_waktu, e_biaya, e_produk,
                  e_kompetensi, e_perilaku, e_pengaduan, e_sarana) IS NOT NULL)
);
CREATE INDEX responses_service_date ON responses(service_id, local_date);

-- Room for agency-defined extra questions (rating, choice, free text), per service or for
-- every service (service_id NULL). They are reported on their own and never change the IKM.
CREATE TABLE extra_questions (
  id         INTEGER PRIMARY KEY,
  agency_id  INTEGER NOT NULL REFERENCES agencies(id),
  service_id INTEGER REFERENCES services(id),
  kind       TEXT NOT NULL CHECK (kind IN ('rating', 'choice', 'text', 'profile')),
  code       TEXT NOT NULL,
  texts      TEXT NOT NULL,                 -- JSON: { "id": {"label": ..., "options": {...}}, "en": {...} }
  required   INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1,
  position   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (agency_id, service_id, code)
);

CREATE TABLE response_extras (
  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES extra_questions(id),
  value_num   REAL,
  value_text  TEXT,
  PRIMARY KEY (response_id, question_id)
);

INSERT INTO elements (code, column_name, position) VALUES
  ('PERSYARATAN', 'e_persyaratan', 1),
  ('PROSEDUR',    'e_prosedur',    2),
  ('WAKTU',       'e_waktu',       3),
  ('BIAYA',       'e_biaya',       4),
  ('PRODUK',      'e_produk',      5),
  ('KOMPETENSI',  'e_kompetensi',  6),
  ('PERILAKU',    'e_perilaku',    7),
  ('PENGADUAN',   'e_pengaduan',   8),
  ('SARANA',      'e_sarana',      9);

INSERT INTO element_texts (element_code, lang, name, question, label_1, label_2, label_3, label_4) VALUES
  ('PERSYARATAN', 'id', 'Persyaratan', 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?', 'Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'),
  ('PROSEDUR', 'id', 'Sistem, Mekanisme, dan Prosedur', 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?', 'Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'),
  ('WAKTU', 'id', 'Waktu Penyelesaian', 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?', 'Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'),
  ('BIAYA', 'id', 'Biaya/Tarif', 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?', 'Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'),
  ('PRODUK', 'id', 'Produk Spesifikasi Jenis Pelayanan', 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?', 'Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'),
  ('KOMPETENSI', 'id', 'Kompetensi Pelaksana', 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?', 'Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'),
  ('PERILAKU', 'id', 'Perilaku Pelaksana', 'Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?', 'Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'),
  ('PENGADUAN', 'id', 'Penanganan Pengaduan, Saran dan Masukan', 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?', 'Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'),
  ('SARANA', 'id', 'Sarana dan Prasarana', 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?', 'Buruk', 'Cukup', 'Baik', 'Sangat baik'),
  ('PERSYARATAN', 'en', 'Requirements', 'How well do the service requirements fit the kind of service?', 'Not suitable', 'Somewhat unsuitable', 'Suitable', 'Very suitable'),
  ('PROSEDUR', 'en', 'Procedure', 'How easy is the service procedure at this unit?', 'Not easy', 'Somewhat difficult', 'Easy', 'Very easy'),
  ('WAKTU', 'en', 'Completion time', 'How fast was the service delivered?', 'Not fast', 'Somewhat slow', 'Fast', 'Very fast'),
  ('BIAYA', 'en', 'Cost / fee', 'How fair is the cost or fee of the service?', 'Very expensive', 'Fairly expensive', 'Cheap', 'Free of charge'),
  ('PRODUK', 'en', 'Service output', 'How well does what you received match what the service standard promises?', 'Not matching', 'Partly matching', 'Matching', 'Fully matching'),
  ('KOMPETENSI', 'en', 'Staff competence', 'How competent were the staff who served you?', 'Not competent', 'Somewhat competent', 'Competent', 'Very competent'),
  ('PERILAKU', 'en', 'Staff conduct', 'How polite and friendly were the staff who served you?', 'Not polite or friendly', 'Somewhat polite and friendly', 'Polite and friendly', 'Very polite and friendly'),
  ('PENGADUAN', 'en', 'Complaint handling', 'How are complaints, suggestions and feedback from service users handled?', 'No channel exists', 'Exists but does not work', 'Works, but not fully', 'Well managed'),
  ('SARANA', 'en', 'Facilities', 'How good are the facilities and infrastructure?', 'Poor', 'Fair', 'Good', 'Very good');
