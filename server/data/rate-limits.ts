import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { dialect, type Queryable } from './engine/index.js';
import { ensureSetting } from './settings.js';

// Rate-limit counters (010) and the daily salt of the client keys, in the database, so that every
// app process on one database counts a client together (contract "Storage engines").

interface CounterRow {
  hits: number;
  reset_at: number;
}

const incrementStatements = new Map<number, string>();
/** The statement counting `n` keys, built once per n (a limiter counts one key a request, a flood check two). */
function incrementSql(n: number): string {
  let sql = incrementStatements.get(n);
  if (!sql) {
    sql = `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES ${Array<string>(n).fill('(?, 1, ?)').join(', ')}
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN r.reset_at <= ? THEN 1 ELSE r.hits + 1 END,
        reset_at = CASE WHEN r.reset_at <= ? THEN excluded.reset_at ELSE r.reset_at END
      RETURNING key, hits, reset_at`;
    incrementStatements.set(n, sql);
  }
  return sql;
}

/**
 * Counts one hit on each of `keys` (distinct) in one statement, and returns each key's hits and the
 * end of its window, in the order given. Concurrent requests (several connections, several
 * processes) each count: the first hit of a key, or the first after its window has passed, starts a
 * new window of one hit (in DO UPDATE, `r` is the stored row and `excluded` the new one, whose
 * reset_at is now + window). Rows are written in key order, so two processes counting the same keys
 * never wait for each other in a cycle. Expired rows are left to the limiters' purge.
 */
export async function incrementEach(q: Queryable, keys: readonly string[], windowMs: number, now: number): Promise<Array<{ hits: number; resetAt: number }>> {
  const sorted = [...keys].sort();
  const rows = await q.all<{ key: string } & CounterRow>(incrementSql(sorted.length), [...sorted.flatMap((k) => [k, now + windowMs]), now, now]);
  const byKey = new Map(rows.map((r) => [r.key, { hits: Number(r.hits), resetAt: Number(r.reset_at) }]));
  return keys.map((k) => {
    const counted = byKey.get(k);
    if (!counted) throw new Error('counting a request returned no row');
    return counted;
  });
}

/** Rows purged at most per statement: a purge never holds the table long. */
const PURGE_BATCH = 500;
/** After a purge that found less than a full batch, the next waits this long. */
const PURGE_EVERY_MS = 60_000;

/**
 * An express-rate-limit store on our own database, one per limiter (`prefix` tells their keys
 * apart). Every count is one atomic statement, so nothing is lost or counted twice when several
 * processes serve one client; expired rows are purged in bounded batches when windows start.
 */
export class DatabaseRateLimitStore implements Store {
  /** Counts are shared with every store on the same database. */
  readonly localKeys = false;
  private windowMs = 60_000;
  private nextPurge = 0;

  constructor(
    private readonly q: Queryable,
    readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    const [{ hits, resetAt }] = (await incrementEach(this.q, [this.prefix + key], this.windowMs, now)) as [{ hits: number; resetAt: number }];
    if (hits === 1 && now >= this.nextPurge) await this.purge(now);
    return { totalHits: hits, resetTime: new Date(resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.q.run('UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0 AND reset_at > ?', [this.prefix + key, this.now()]);
  }

  async resetKey(key: string): Promise<void> {
    await this.q.run('DELETE FROM rate_limits WHERE key = ?', [this.prefix + key]);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.q.get<CounterRow>('SELECT hits, reset_at FROM rate_limits WHERE key = ? AND reset_at > ?', [this.prefix + key, this.now()]);
    return row ? { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) } : undefined;
  }

  /**
   * Deletes up to a batch of rows whose window has passed (any limiter's: they count for nothing).
   * A failure is left for the next purge: the request's own count has already been made.
   */
  private async purge(now: number): Promise<void> {
    this.nextPurge = now + PURGE_EVERY_MS;
    try {
      const deleted = await purgeRateLimits(this.q, now, PURGE_BATCH);
      if (deleted >= PURGE_BATCH) this.nextPurge = now; // more to go: purge again at the next new window
    } catch {
      // busy or gone: the next new window after PURGE_EVERY_MS tries again
    }
  }
}

/**
 * Deletes at most `limit` counters whose window ended at or before `now`; returns how many. On
 * PostgreSQL, rows another process is purging or counting right now are skipped, not waited for.
 */
export async function purgeRateLimits(q: Queryable, now: number, limit: number): Promise<number> {
  const sql = dialect(q.engine, {
    sqlite: 'DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE reset_at <= ? ORDER BY reset_at LIMIT ?)',
    postgres: 'DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE reset_at <= ? ORDER BY reset_at LIMIT ? FOR UPDATE SKIP LOCKED)',
  });
  return (await q.run(sql, [now, limit])).changes;
}

const SALT_PREFIX = 'client_salt:';

/**
 * The salt of client keys for a UTC day (YYYY-MM-DD): made once, by whichever process asks first,
 * and then the same for every process on the database (settings, race-safe). Callers keep it in
 * memory for the day and then call forgetClientSalts.
 */
export function clientSalt(q: Queryable, day: string, make: () => string): Promise<string> {
  return ensureSetting(q, SALT_PREFIX + day, make);
}

/**
 * Deletes the salts of days before `day`, so that a day's keys cannot be recomputed once it has
 * passed. Days sort as text; a process whose clock runs late never deletes a later day's salt.
 */
export async function forgetClientSalts(q: Queryable, day: string): Promise<number> {
  return (await q.run(`DELETE FROM settings WHERE substr(key, 1, ${SALT_PREFIX.length}) = ? AND key < ?`, [SALT_PREFIX, SALT_PREFIX + day])).changes;
}
