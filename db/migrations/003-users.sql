-- Officers: accounts, sessions and sign-in throttling.
-- Forward-only: never edit this file once landed; add a new numbered file instead.

-- An officer sees their unit's subtree: an agency admin sits on the root unit (the whole agency),
-- a manager or viewer on their own unit. Emails are stored lower-cased and unique regardless of case.
-- Passwords are kept only as argon2id hashes (PHC strings); the CHECK refuses anything else.
CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  email               TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (email = lower(trim(email)) AND email LIKE '%_@_%'),
  name                TEXT NOT NULL CHECK (length(trim(name)) > 0),
  password_hash       TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role                TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
  unit_id             INTEGER NOT NULL REFERENCES units(id),
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  password_changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_sign_in_at     TEXT
);
CREATE INDEX users_unit ON users(unit_id);

-- Server-side sessions. The cookie holds a random 256-bit id; only its HMAC-SHA256 (keyed with the
-- session secret) is stored, so the table cannot be replayed as cookies. user_id NULL: a visitor of
-- the sign-in form, kept only to hold its CSRF token. Times are Unix milliseconds; expires_at is the
-- earlier of the idle and the absolute expiry and moves forward as the session is used.
CREATE TABLE sessions (
  id_hash              TEXT PRIMARY KEY,
  user_id              INTEGER REFERENCES users(id) ON DELETE CASCADE,
  csrf_token           TEXT NOT NULL,
  created_at           INTEGER NOT NULL,
  last_seen_at         INTEGER NOT NULL,
  expires_at           INTEGER NOT NULL,
  absolute_expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Failed sign-ins per email address as typed (SHA-256 of the lower-cased address, so unknown
-- addresses are not kept in clear). Too many failures in a window lock the address for a while.
CREATE TABLE sign_in_failures (
  email_key    TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start INTEGER NOT NULL,   -- Unix ms of the first failure counted
  locked_until INTEGER             -- Unix ms, or NULL when not locked
) WITHOUT ROWID;
