-- Reach (contract "Reach"): counter links (/k/:token) and kiosk tokens (/kiosk/:token).
-- Forward-only: never edit this file once landed; add a new numbered file instead.
-- The same schema on PostgreSQL: pg/012-reach-tokens.sql.

-- A counter is a place where a service is given ("Loket 2", "Kantor Desa Sukamaju"). A counter link
-- (kind 'link') has its own random token, printed on posters; a kiosk keeps one counter per service
-- it offers (kind 'kiosk', no token of its own), so that reach and IKM per counter cover both.
CREATE TABLE counters (
  id         INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id),
  place      TEXT    NOT NULL CHECK (length(trim(place)) BETWEEN 1 AND 120),
  kind       TEXT    NOT NULL CHECK (kind IN ('link', 'kiosk')),
  token      TEXT    UNIQUE,                 -- base64url, >= 128 random bits; NULL for a kiosk's counter
  created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by INTEGER REFERENCES users(id),
  expires_at TEXT,                            -- UTC instant, ISO 8601; NULL: never
  revoked_at TEXT,                            -- UTC instant, ISO 8601; NULL: in use
  CHECK ((kind = 'link') = (token IS NOT NULL))
);
CREATE INDEX counters_service ON counters(service_id);

-- A kiosk binds a tablet to one service or to the services of one place (kiosk_services).
CREATE TABLE kiosks (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  place      TEXT    NOT NULL CHECK (length(trim(place)) BETWEEN 1 AND 120),
  token      TEXT    NOT NULL UNIQUE,         -- base64url, >= 128 random bits
  pin_hash   TEXT,                            -- argon2id of the PIN that leaves kiosk mode; NULL: no PIN
  created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by INTEGER REFERENCES users(id),
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX kiosks_unit ON kiosks(unit_id);

CREATE TABLE kiosk_services (
  kiosk_id   INTEGER NOT NULL REFERENCES kiosks(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  counter_id INTEGER NOT NULL UNIQUE REFERENCES counters(id),
  position   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kiosk_id, service_id)
);

-- The counter a response came through (a counter link or a kiosk); NULL for the plain link.
ALTER TABLE responses ADD COLUMN counter_id INTEGER REFERENCES counters(id);
CREATE INDEX responses_counter ON responses(counter_id) WHERE counter_id IS NOT NULL;
