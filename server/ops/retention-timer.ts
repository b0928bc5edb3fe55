import type { Logger } from 'pino';
import { agencyTimeZone } from '../data/agency.js';
import type { Database } from '../data/engine/index.js';
import { eraseOldComments, getCommentRetention, type Erasure } from '../data/retention.js';
import { localDate } from '../indicators/timezone.js';

// The comment retention (server/data/retention.ts) applied by the app itself: once at start, then
// once a day. The timer is unref'd (it never keeps a stopping process alive); with several
// processes on PostgreSQL each runs it, and one of them erases while the others skip.

const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Applies the agency's setting now; null when none is set (comments kept forever). */
export async function applyRetention(store: Database, now: Date = new Date()): Promise<Erasure | null> {
  const months = await getCommentRetention(store);
  if (months === null) return null;
  return eraseOldComments(store, { months, today: localDate(now, await agencyTimeZone(store)) });
}

/** Runs applyRetention now and every `intervalMs`; returns the function that stops it. */
export function startRetention(store: Database, logger: Logger, { intervalMs = RETENTION_INTERVAL_MS }: { intervalMs?: number } = {}): () => void {
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const r = await applyRetention(store);
      if (r?.erased) logger.info(r, `retention: erased ${r.erased} comment(s) dated before ${r.cutoff} (kept for ${r.months} months)`);
    } catch (err) {
      logger.error({ err }, 'retention: erasing old comments failed (tried again in a day, or run npm run retention)');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
