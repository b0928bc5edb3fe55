// When a kiosk answer was given (issue 10): the device queues answers while offline and sends them
// later, each with the time it was given. The server keeps that time only when it is plausible:
// no later than its own clock plus 5 minutes (a tablet's clock runs a little fast), no earlier than
// the kiosk token's creation, and at most 7 days old; otherwise the arrival time counts.

const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_AGE_MS = 7 * 24 * 60 * 60_000;

/** An ISO 8601 instant with its offset or Z, as a device's `new Date().toISOString()` writes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export interface GivenTime {
  at: Date;
  /** true: the device's time was kept; false: the arrival time replaced it (missing, malformed or implausible) */
  fromDevice: boolean;
}

/**
 * The time a response counts at: the device's `given` when it lies within
 * [max(token created, now - 7 days), now + 5 minutes], else `now`.
 */
export function givenTime(given: unknown, now: Date, tokenCreatedAt: string | Date): GivenTime {
  if (typeof given !== 'string' || !INSTANT.test(given)) return { at: now, fromDevice: false };
  const at = new Date(given);
  const t = at.getTime();
  const created = new Date(tokenCreatedAt).getTime();
  if (Number.isNaN(t) || Number.isNaN(created)) return { at: now, fromDevice: false };
  const earliest = Math.max(created, now.getTime() - MAX_AGE_MS);
  if (t > now.getTime() + CLOCK_SKEW_MS || t < earliest) return { at: now, fromDevice: false };
  return { at, fromDevice: true };
}
