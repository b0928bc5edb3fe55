-- What several app processes on one database must agree on (contract "Storage engines"): rate-limit
-- counters and the version stamp of the caches. Each process used to keep these in its memory.
-- Forward-only: never edit this file once landed; add a new numbered file instead.

-- One row per limiter and client: `key` is the limiter's prefix and the salted, daily-rotating hash
-- of the client address (never the address). A row whose window has passed counts for nothing and
-- is purged now and then (server/data/rate-limits.ts).
CREATE TABLE rate_limits (
  key      TEXT    PRIMARY KEY,
  hits     INTEGER NOT NULL,
  reset_at INTEGER NOT NULL      -- Unix ms when the window ends
) WITHOUT ROWID;
CREATE INDEX rate_limits_by_reset ON rate_limits (reset_at);

-- One row: moves (+1) in the same transaction as every audited change (management, republication),
-- so a cached survey page or public result built under an older version is known to be stale.
CREATE TABLE cache_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO cache_version (id, version) VALUES (1, 0);
