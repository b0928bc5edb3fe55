import { createHash } from 'node:crypto';
import type { Options } from 'express-rate-limit';
import type { Suspicion } from '../vocabulary/assisted.js';
import type { Queryable } from './engine/index.js';
import { DatabaseRateLimitStore } from './rate-limits.js';
import { FLOOD_DEFAULTS, type FloodPolicy } from '../vocabulary/flood-policy.js';

// Flood checks on citizens' posts (issue 10, "Abuse without surveillance"). They never drop a
// response: a post past a threshold is stored and counted, marked suspicious, and listed in the
// quarantine for an officer to decide. The counts live in the database (rate_limits, under their own
// key prefixes), so every process on one database counts a client together; nothing is kept per
// process but the usual rate of a service, a derived threshold re-read every few minutes.

/** Days of totals the usual rate of a service is read from (spread over 8 opening hours a day), and how long a process keeps it. */
const USUAL_DAYS = 28;
const OPEN_HOURS = 8;
const USUAL_TTL_MS = 5 * 60_000;

export class FloodChecks {
  private readonly clients: DatabaseRateLimitStore;
  private readonly patterns: DatabaseRateLimitStore;
  private readonly usual = new Map<number, { perWindow: number; until: number }>();

  constructor(
    private readonly q: Queryable,
    readonly policy: FloodPolicy = FLOOD_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {
    this.clients = new DatabaseRateLimitStore(q, 'flood-client:', now);
    this.patterns = new DatabaseRateLimitStore(q, 'flood-pattern:', now);
    for (const s of [this.clients, this.patterns]) s.init({ windowMs: policy.windowMs } as Options);
  }

  /**
   * Counts one post (two one-statement upserts) and says whether it is suspicious. `clientKey` is
   * the salted, daily-rotating hash of the address; `pattern` the answers as given (hashed here, never stored).
   */
  async check(serviceId: number, clientKey: string, pattern: readonly unknown[]): Promise<Suspicion | null> {
    const patternKey = createHash('sha256').update(JSON.stringify(pattern)).digest('base64url').slice(0, 22);
    const byClient = await this.clients.increment(`${serviceId}:${clientKey}`);
    const byPattern = await this.patterns.increment(`${serviceId}:${patternKey}`);
    if (byClient.totalHits > this.policy.clientMax) return 'client_burst';
    if (byPattern.totalHits > (await this.patternCeiling(serviceId))) return 'pattern_burst';
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
