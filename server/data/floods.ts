import { createHash } from 'node:crypto';
import type { Suspicion } from '../vocabulary/assisted.js';
import { countersOf, type Queryable } from './engine/index.js';
import { incrementEach } from './rate-limits.js';
import { FLOOD_DEFAULTS, type FloodPolicy } from '../vocabulary/flood-policy.js';

// Flood checks on citizens' posts (issue 10, "Abuse without surveillance"). They never drop a
// response: a post past a threshold is stored and counted, marked suspicious, and listed in the
// quarantine for an officer to decide. On PostgreSQL the counts live in the database (rate_limits,
// under their own key prefixes), so every process on one database counts a client together. On
// SQLite one process serves the database (the lock file), so they live in its memory: a post then
// costs no write but its own (issue 12: each commit is synced). Besides, a process keeps only the
// usual rate of a service, a derived threshold re-read every few minutes.

/** Days of totals the usual rate of a service is read from (spread over 8 opening hours a day), and how long a process keeps it. */
const USUAL_DAYS = 28;
const OPEN_HOURS = 8;
const USUAL_TTL_MS = 5 * 60_000;

/** Counts hits per key in fixed windows: the database's counters, or a process's own. */
interface WindowCounter {
  /** one hit on each of the (distinct) keys; the hits of each in its window, in the order given */
  incrementEach(keys: readonly string[]): Promise<number[]>;
}

/** Fixed-window counts in this process's memory; keys whose window ended are dropped as new windows start. */
class MemoryCounter implements WindowCounter {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  incrementEach(keys: readonly string[]): Promise<number[]> {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    return Promise.resolve(
      keys.map((key) => {
        const w = this.windows.get(key);
        if (w && w.resetAt > now) return ++w.hits;
        this.windows.set(key, { hits: 1, resetAt: now + this.windowMs });
        return 1;
      }),
    );
  }

  private sweep(now: number): void {
    this.nextSweep = now + this.windowMs;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/** The database's counters (rate_limits), on the handle whose commits do not wait for the disk: both of a post's counts in one statement. */
function databaseCounter(q: Queryable, windowMs: number, now: () => number): WindowCounter {
  const counters = countersOf(q);
  return { incrementEach: async (keys) => (await incrementEach(counters, keys, windowMs, now())).map((c) => c.hits) };
}

export class FloodChecks {
  private readonly counter: WindowCounter;
  private readonly usual = new Map<number, { perWindow: number; until: number }>();

  /** `shared`: count in the database, for every process on it (the default on PostgreSQL), else in memory. */
  constructor(
    private readonly q: Queryable,
    readonly policy: FloodPolicy = FLOOD_DEFAULTS,
    private readonly now: () => number = Date.now,
    shared: boolean = q.engine === 'postgres',
  ) {
    this.counter = shared ? databaseCounter(q, policy.windowMs, now) : new MemoryCounter(policy.windowMs, now);
  }

  /**
   * Counts one post (per client and per answer pattern: one statement on the database) and says whether it is suspicious. `clientKey` is
   * the salted, daily-rotating hash of the address; `pattern` the answers as given (hashed here, never stored).
   */
  async check(serviceId: number, clientKey: string, pattern: readonly unknown[]): Promise<Suspicion | null> {
    const patternKey = createHash('sha256').update(JSON.stringify(pattern)).digest('base64url').slice(0, 22);
    const [byClient = 0, byPattern = 0] = await this.counter.incrementEach([`flood-client:${serviceId}:${clientKey}`, `flood-pattern:${serviceId}:${patternKey}`]);
    if (byClient > this.policy.clientMax) return 'client_burst';
    if (byPattern > (await this.patternCeiling(serviceId))) return 'pattern_burst';
    return null;
  }

  /** Identical patterns allowed per window: far above what the service usually receives in one. */
  private async patternCeiling(serviceId: number): Promise<number> {
    const now = this.now();
    let u = this.usual.get(serviceId);
    if (!u || u.until <= now) {
      const since = new Date(now - USUAL_DAYS * 86_400_000).toISOString().slice(0, 10);
      const n = Number((await this.q.value<number>('SELECT COALESCE(SUM(n), 0) FROM totals_day WHERE service_id = ? AND day >= ?', [serviceId, since])) ?? 0);
      u = { perWindow: n / ((USUAL_DAYS * OPEN_HOURS * 3_600_000) / this.policy.windowMs), until: now + USUAL_TTL_MS };
      this.usual.set(serviceId, u);
    }
    return Math.max(this.policy.patternMin, this.policy.patternFactor * u.perWindow);
  }
}
